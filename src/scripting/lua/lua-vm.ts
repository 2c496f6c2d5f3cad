import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { writeLatin1 } from '../../core/write-latin1.js';

/** Which of the two interpreters: EVAL scripts, or FUNCTION libraries (Redis keeps them apart too). */
export const EVAL_VM = 0;
export const FUNCTION_VM = 1;
export type VmIndex = typeof EVAL_VM | typeof FUNCTION_VM;

export const RUN_DONE = 0;
export const RUN_SUSPENDED = 1;
export const RUN_ERROR = 2;
export type RunStatus = typeof RUN_DONE | typeof RUN_SUSPENDED | typeof RUN_ERROR;

/** What the interpreter asks of the server while a script runs. */
export interface LuaHost {
  /** redis.call (mode 0), redis.pcall (1), redis.acl_check_cmd (2): the reply in the tagged format. */
  call(vm: VmIndex, mode: number, resp: 2 | 3, argv: string[]): LuaCallReply;
  log(level: number, text: string): void;
  /** Called every 100,000 instructions: 0 go on, 1 suspend, 2 kill. */
  tick(): number;
}

/** A command's reply in the tagged format, copied into the interpreter's memory by the bridge. */
export interface LuaCallReply {
  readonly size: number;
  copyTo(target: Buffer, offset: number): void;
}

interface Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  rl_input(size: number): number;
  rl_output(): number;
  rl_output_length(): number;
  rl_malloc(size: number): number;
  rl_reply_area(size: number): number;
  rl_free(pointer: number): void;
  rl_init(version: number): void;
  rl_reset(vm: number): void;
  rl_compile(vm: number, nameLength: number, sourceLength: number, functionChunk: number): number;
  rl_forget(vm: number, nameLength: number): void;
  rl_run(vm: number, nameLength: number, keyCount: number, argCount: number, mode: number): number;
  rl_resume(): number;
  rl_abandon(): void;
  rl_load_library(nameLength: number): number;
  rl_commit_library(): void;
}

const WASM_URL = new URL('./restis-lua.wasm', import.meta.url);
let compiled: WebAssembly.Module | undefined;

/** Redis's version number as REDIS_VERSION_NUM shows it (7.0.15). */
const VERSION_NUM = 0x07000f;

/**
 * The Lua 5.1 interpreter Redis embeds (with cjson, cmsgpack, struct and bit), compiled to
 * WebAssembly from Redis's own sources by native/lua/build.sh, with native/lua/restis-lua.c as
 * the bridge. Strings cross the boundary as bytes and come back as binary (latin1) strings.
 */
export class LuaVm {
  private readonly exports: Exports;
  private bytes: Buffer;
  private memory: WebAssembly.Memory;
  host: LuaHost | undefined;
  /** Per interpreter, the strings of redis.call arguments in the bridge's cache slots (ARG_CACHE_SLOTS in restis-lua.c). */
  private replyArea = 0;
  private replyAreaSize = 0;
  private readonly argCaches: string[][] = [new Array<string>(2048).fill(''), new Array<string>(2048).fill('')];

  constructor() {
    compiled ??= new WebAssembly.Module(readFileSync(WASM_URL));
    const self = this;
    const memoryView = (): Buffer => self.view();
    const instance = new WebAssembly.Instance(compiled, {
      env: {
        host_call(vm: number, mode: number, resp: number, argvPointer: number, argvLength: number): number {
          const argv = decodeArgv(memoryView(), argvPointer, argvLength, self.argCaches[vm === 1 ? 1 : 0]!);
          const reply = self.host!.call(vm as VmIndex, mode, resp === 3 ? 3 : 2, argv);
          const length = reply.size;
          // The reply area moves only when it has to grow: most calls skip that crossing into wasm.
          if (length + 4 > self.replyAreaSize) {
            self.replyAreaSize = Math.max(length + 4, self.replyAreaSize * 2, 4096);
            self.replyArea = self.exports.rl_reply_area(self.replyAreaSize);
          }
          const pointer = self.replyArea;
          const view = memoryView();
          view[pointer] = length & 0xff;
          view[pointer + 1] = (length >>> 8) & 0xff;
          view[pointer + 2] = (length >>> 16) & 0xff;
          view[pointer + 3] = length >>> 24;
          reply.copyTo(view, pointer + 4);
          return pointer;
        },
        host_log(level: number, pointer: number, length: number): void {
          self.host?.log(level, memoryView().latin1Slice(pointer, pointer + length));
        },
        host_tick(): number { return self.host?.tick() ?? 0; },
        host_sha1hex(pointer: number, length: number, out: number): void {
          const view = memoryView();
          const digest = createHash('sha1').update(view.subarray(pointer, pointer + length)).digest('hex');
          view.latin1Write(digest, out, 40);
        },
        host_cpu_seconds(): number {
          const used = process.cpuUsage();
          return (used.user + used.system) / 1e6;
        },
        system: () => -1,
        // The memory grew: its old ArrayBuffer is detached, views must be made anew.
        emscripten_notify_memory_growth: () => { self.memoryGrew(); },
        __syscall_dup3: () => -1,
        __syscall_unlink: () => -1,
        __syscall_rmdir: () => -1,
        __syscall_rename: () => -1,
        setTempRet0: () => undefined,
        getTempRet0: () => 0,
      },
      wasi_snapshot_preview1: {
        clock_time_get(_clock: number, _precision: bigint, out: number): number {
          memoryView().writeBigUInt64LE(process.hrtime.bigint(), out);
          return 0;
        },
        proc_exit: () => { throw new Error('the Lua interpreter aborted'); },
        fd_close: () => 0,
        fd_read: () => 0,
        fd_write: () => 0,
        fd_seek: () => 0,
        environ_sizes_get(countOut: number, sizeOut: number): number {
          const view = memoryView();
          view.writeUInt32LE(0, countOut);
          view.writeUInt32LE(0, sizeOut);
          return 0;
        },
        environ_get: () => 0,
      },
    });
    this.exports = instance.exports as unknown as Exports;
    this.memory = this.exports.memory;
    this.bytes = Buffer.from(this.memory.buffer);
    this.exports._initialize();
    this.exports.rl_init(VERSION_NUM);
  }

  /** The interpreter's memory; a new view after it grew. */
  private view(): Buffer {
    return this.bytes;
  }

  private memoryGrew(): void {
    this.bytes = Buffer.from(this.memory.buffer);
  }


  /** Copies binary strings into the bridge's input buffer: the first as is, the rest length-prefixed. */
  private input(head: string, items: readonly string[] = [], tail = '', moreItems: readonly string[] = []): void {
    let size = head.length + tail.length;
    for (const item of items) size += 4 + item.length;
    for (const item of moreItems) size += 4 + item.length;
    const pointer = this.exports.rl_input(size);
    const view = this.view();
    let offset = pointer + view.latin1Write(head, pointer);
    offset = writeItems(view, offset, items);
    offset += view.latin1Write(tail, offset);
    writeItems(view, offset, moreItems);
  }

  output(): Buffer {
    const pointer = this.exports.rl_output();
    return this.view().subarray(pointer, pointer + this.exports.rl_output_length());
  }

  /** Compiles `source` and keeps it as `name`; returns the compiler's message when it fails. */
  compile(vm: VmIndex, name: string, source: string, functionChunk = false): string | undefined {
    this.input(name, [], source);
    if (this.exports.rl_compile(vm, name.length, source.length, functionChunk ? 1 : 0) === 0) return undefined;
    const message = this.output();
    return message.latin1Slice(0, message.length);
  }

  forget(vm: VmIndex, name: string): void {
    this.input(name);
    this.exports.rl_forget(vm, name.length);
  }

  /** Starts the compiled chunk `name`; as a function it receives keys and args as arguments. */
  run(vm: VmIndex, name: string, keys: readonly string[], args: readonly string[], asFunction: boolean, interruptible: boolean): RunStatus {
    this.input(name, keys, '', args);
    return this.exports.rl_run(vm, name.length, keys.length, args.length, (asFunction ? 1 : 0) | (interruptible ? 2 : 0)) as RunStatus;
  }

  resume(): RunStatus { return this.exports.rl_resume() as RunStatus; }

  abandon(): void { this.exports.rl_abandon(); }

  reset(vm: VmIndex): void {
    this.exports.rl_reset(vm);
    this.argCaches[vm]!.fill('');
  }

  /** Runs the compiled library chunk `name` with redis.register_function enabled. */
  loadLibrary(name: string): number {
    this.input(name);
    return this.exports.rl_load_library(name.length);
  }

  commitLibrary(): void { this.exports.rl_commit_library(); }
}

function writeItems(view: Buffer, offset: number, items: readonly string[]): number {
  for (const item of items) {
    const length = item.length;
    view[offset] = length & 0xff;
    view[offset + 1] = (length >>> 8) & 0xff;
    view[offset + 2] = (length >>> 16) & 0xff;
    view[offset + 3] = length >>> 24;
    offset = writeLatin1(view, offset + 4, item);
  }
  return offset;
}

function u32(view: Buffer, offset: number): number {
  return (view[offset]! | (view[offset + 1]! << 8) | (view[offset + 2]! << 16)) + view[offset + 3]! * 0x1000000;
}

/** redis.call's argv: item headers say a known slot of `cache`, bytes for a slot, or plain bytes (see restis-lua.c). */
function decodeArgv(view: Buffer, pointer: number, length: number, cache: string[]): string[] {
  const count = u32(view, pointer);
  const argv = new Array<string>(count);
  let offset = pointer + 4;
  const end = pointer + length;
  for (let i = 0; i < count && offset <= end; i++) {
    const item = u32(view, offset);
    offset += 4;
    if (item >= 0x80000000) {
      argv[i] = cache[item - 0x80000000]!;
    } else if (item >= 0x40000000) {
      const itemLength = item & 0xff;
      const text = itemLength <= 3 ? shortString(view, offset, itemLength) : view.latin1Slice(offset, offset + itemLength);
      cache[(item >>> 8) & 0x3fffff] = text;
      argv[i] = text;
      offset += itemLength;
    } else {
      argv[i] = item <= 3 ? shortString(view, offset, item) : view.latin1Slice(offset, offset + item);
      offset += item;
    }
  }
  return argv;
}

function shortString(view: Buffer, offset: number, length: number): string {
  switch (length) {
    case 0: return '';
    case 1: return String.fromCharCode(view[offset]!);
    case 2: return String.fromCharCode(view[offset]!, view[offset + 1]!);
    case 3: return String.fromCharCode(view[offset]!, view[offset + 1]!, view[offset + 2]!);
    default: return view.latin1Slice(offset, offset + length);
  }
}

/** A script's SHA1 in lower-case hex, over its bytes (Redis's script names). */
export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'latin1').digest('hex');
}

import { FUNCTION_VM } from './lua/lua-vm.js';
import type { Scripting } from './scripting.js';

export interface LibraryFunction {
  readonly name: string;
  readonly library: string;
  readonly flags: readonly string[];
  readonly description: string | undefined;
  readonly noWrites: boolean;
}

export interface Library {
  readonly name: string;
  readonly code: string;
  readonly functions: LibraryFunction[];
}

const FUNCTION_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);
const NAME = /^[A-Za-z0-9_]+$/;
const BAD_NAME = 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

/** Parses `#!lua name=<library>`; returns the library name or Redis's error text. */
function libraryName(code: string): { name: string } | { error: string } {
  if (!code.startsWith('#!')) return { error: 'ERR Missing library metadata' };
  const end = code.indexOf('\n');
  const parts = (end === -1 ? code : code.slice(0, end)).split(/[ \t\r]+/).filter((part) => part !== '');
  const engine = parts[0]!.slice(2);
  if (engine.toLowerCase() !== 'lua') return { error: `ERR Engine '${engine}' not found` };
  let name: string | undefined;
  for (const part of parts.slice(1)) {
    if (!part.startsWith('name=')) return { error: `ERR Invalid metadata value given: ${part}` };
    name = part.slice(5);
  }
  if (name === undefined) return { error: 'ERR Library name was not given' };
  if (!NAME.test(name)) return { error: BAD_NAME };
  return { name };
}

/** Redis 7 function libraries: FUNCTION LOAD/DELETE/FLUSH/LIST and FCALL's lookup. */
export class FunctionLibraries {
  readonly libraries = new Map<string, Library>();
  readonly functions = new Map<string, LibraryFunction>();

  constructor(private readonly scripting: Scripting) {}

  /** FUNCTION LOAD: returns the library name or the error text. */
  load(code: string, replace: boolean): { name: string } | { error: string } {
    const parsed = libraryName(code);
    if ('error' in parsed) return parsed;
    const existing = this.libraries.get(parsed.name);
    if (existing !== undefined && !replace) return { error: `ERR Library '${parsed.name}' already exists` };
    const vm = this.scripting.vm;
    const chunk = `\u0000library:${parsed.name}`;
    const failure = vm.compile(FUNCTION_VM, chunk, code.slice(code.indexOf('\n') === -1 ? code.length : code.indexOf('\n')), true);
    if (failure !== undefined) return { error: `ERR Error compiling function: ${failure}` };
    const status = vm.loadLibrary(chunk);
    vm.forget(FUNCTION_VM, chunk);
    const output = vm.output();
    if (status !== 0) return { error: `ERR Error registering functions: ${describeLoadFailure(output)}` };
    const registered = readRegistered(output, parsed.name);
    if (typeof registered === 'string') return { error: `ERR Error registering functions: ${registered}` };
    if (registered.length === 0) return { error: 'ERR No functions registered' };
    for (const fn of registered) {
      const other = this.functions.get(fn.name);
      if (other !== undefined && other.library !== parsed.name) return { error: `ERR Function ${fn.name} already exists` };
    }
    if (existing !== undefined) this.dropLibrary(existing);
    vm.commitLibrary();
    const library: Library = { name: parsed.name, code, functions: registered };
    this.libraries.set(parsed.name, library);
    for (const fn of registered) this.functions.set(fn.name, fn);
    return parsed;
  }

  /**
   * FUNCTION RESTORE: loads every library of the payload with the policy (APPEND: no library may
   * exist yet, REPLACE: same-named ones are replaced, FLUSH: all are deleted first), all or nothing.
   */
  restore(codes: readonly string[], policy: 'append' | 'replace' | 'flush'): string | undefined {
    const before = [...this.libraries.values()].map((library) => library.code);
    if (policy === 'flush') this.flush();
    for (const code of codes) {
      const loaded = this.load(code, policy === 'replace');
      if ('error' in loaded) {
        this.flush();
        for (const previous of before) this.load(previous, false);
        return loaded.error.replace(/^ERR Library '(.*)' already exists$/, 'ERR Library $1 already exists');
      }
    }
    return undefined;
  }

  delete(name: string): boolean {
    const library = this.libraries.get(name);
    if (library === undefined) return false;
    this.dropLibrary(library);
    return true;
  }

  flush(): void {
    this.libraries.clear();
    this.functions.clear();
    this.scripting.vm.reset(FUNCTION_VM);
  }

  private dropLibrary(library: Library): void {
    this.libraries.delete(library.name);
    for (const fn of library.functions) {
      this.functions.delete(fn.name);
      this.scripting.vm.forget(FUNCTION_VM, fn.name);
    }
  }
}

function describeLoadFailure(output: Buffer): string {
  if (output.length === 1 && output[0]! <= 4) {
    return ['', 'ERR function name argument given to redis.register_function must be a string',
      'ERR callback argument given to redis.register_function must be a function',
      'ERR flags argument to redis.register_function must be a table representing function flags',
      'ERR description argument given to redis.register_function must be a string'][output[0]!]!;
  }
  return output.latin1Slice(0, output.length);
}

/** The bridge's list of functions the library registered, checked as Redis checks them. */
function readRegistered(output: Buffer, library: string): LibraryFunction[] | string {
  let offset = 0;
  const u32 = (): number => { const value = output.readUInt32LE(offset); offset += 4; return value; };
  const text = (length: number): string => { const value = output.latin1Slice(offset, offset + length); offset += length; return value; };
  const count = u32();
  const functions: LibraryFunction[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const name = text(u32());
    const flags: string[] = [];
    for (let f = u32(); f > 0; f--) flags.push(text(u32()));
    const descriptionLength = u32();
    const description = descriptionLength === 0xffffffff ? undefined : text(descriptionLength);
    if (!NAME.test(name)) return BAD_NAME;
    if (seen.has(name)) return 'ERR Function already exists in the library';
    for (const flag of flags) if (!FUNCTION_FLAGS.has(flag)) return 'ERR unknown flag given';
    seen.add(name);
    functions.push({ name, library, flags, description, noWrites: flags.includes('no-writes') });
  }
  return functions;
}

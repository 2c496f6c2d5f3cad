import type { CommandSpec } from '../core/command.js';
import type { CommandContext, ServerContext } from '../core/context.js';
import { execute } from '../core/dispatch.js';
import { markScriptBusy } from '../core/busy-script.js';
import type { Reply } from '../core/reply.js';
import { Session, type SessionTransport } from '../core/session.js';
import { LuaReplyWriter, replyLuaResult, uncountError } from './lua-values.js';
import { EVAL_VM, LuaVm, RUN_DONE, RUN_ERROR, RUN_SUSPENDED, sha1Hex, type LuaHost, type RunStatus, type VmIndex } from './lua/lua-vm.js';
import { parseScriptShebang, type ScriptFlags } from './shebang.js';
import { FunctionLibraries } from './functions.js';

export interface CachedScript {
  readonly body: string;
  readonly flags: ScriptFlags | undefined;
}

/** The script or function in progress (one at a time, as in Redis). */
export interface RunningScript {
  readonly ctx: CommandContext;
  /** The SHA of an EVAL script, or the function's name: error replies name it. */
  readonly name: string;
  readonly isFunction: boolean;
  readonly readOnly: boolean;
  readonly startedAt: number;
  wrote: boolean;
  killRequested: boolean;
  /** Past busy-reply-threshold: other clients are answered -BUSY while it goes on in slices. */
  busy: boolean;
}

const noop = (): void => {};
const SCRIPT_TRANSPORT: SessionTransport = {
  // MONITOR shows the commands a script runs as `[<db> lua]`.
  kind: 'internal', remoteAddress: 'lua', localAddress: '', fd: -1,
  close: noop, queryBufferLength: () => 0, pendingReplyBytes: () => 0, outputBufferLength: () => 0,
};

const LOG_LEVELS = ['debug', 'verbose', 'notice', 'warning'] as const;

/**
 * EVAL scripts and FUNCTION libraries: one Lua interpreter (started on first use), the script
 * cache by SHA1, and the bridge from `redis.call` back into the command table. Commands a script
 * runs go through the same execute() as every other command, with the script's own client, one
 * frozen time, and no blocking.
 */
export class Scripting implements LuaHost {
  private lua: LuaVm | undefined;
  readonly scripts = new Map<string, CachedScript>();
  readonly libraries = new FunctionLibraries(this);
  running: RunningScript | undefined;
  private readonly session: Session;
  private readonly scriptCtx: CommandContext;
  private readonly writer: LuaReplyWriter;

  constructor(private readonly server: ServerContext) {
    this.session = new Session(0, SCRIPT_TRANSPORT, server.keyspace.db(0), true, Date.now());
    this.session.name = 'lua';
    this.writer = new LuaReplyWriter((message) => server.stats.recordError(message));
    this.scriptCtx = { argv: [], session: this.session, db: this.session.db, reply: undefined!, server, spec: undefined!, denyBlocking: true };
    this.busyThreshold = server.config.getNumber('busy-reply-threshold');
    server.config.onChange('busy-reply-threshold', (_, value) => { this.busyThreshold = Number(value); });
  }

  /** busy-reply-threshold (lua-time-limit) in ms, kept in step with the config: read on every run and tick. */
  private busyThreshold: number;

  get vm(): LuaVm {
    if (this.lua === undefined) {
      this.lua = new LuaVm();
      this.lua.host = this;
    }
    return this.lua;
  }

  /** Compiles and caches an EVAL script; returns its SHA1, or the error text. */
  cacheScript(body: string): { sha: string } | { error: string } {
    const sha = sha1Hex(body);
    if (this.scripts.has(sha)) return { sha };
    const parsed = parseScriptShebang(body);
    if (typeof parsed === 'string') return { error: parsed };
    const failure = this.vm.compile(EVAL_VM, sha, parsed.source);
    if (failure !== undefined) return { error: `ERR Error compiling script (new function): ${failure}` };
    this.scripts.set(sha, { body, flags: parsed.flags });
    return { sha };
  }

  flushScripts(): void {
    this.scripts.clear();
    this.lua?.reset(EVAL_VM);
  }

  /**
   * Runs a compiled chunk: an EVAL script (`name` is its SHA) or a function. Answers on
   * ctx.reply; returns a promise only when the script outlived busy-reply-threshold and goes on
   * in slices between which the server answers other clients.
   */
  run(ctx: CommandContext, vmIndex: VmIndex, name: string, keys: string[], args: string[], readOnly: boolean, isFunction: boolean): void | Promise<void> {
    const running: RunningScript = {
      ctx, name, isFunction, readOnly, startedAt: performance.now(), wrote: false, killRequested: false, busy: false,
    };
    this.running = running;
    // EVAL and FCALL are skip_monitor, yet MONITOR shows them before the commands they run, as Redis does.
    if (this.server.monitors.active) this.server.monitors.record(ctx.session, ctx.argv);
    const session = this.session;
    session.db = ctx.session.db;
    session.protocol = 2;
    session.authenticated = true;
    const threshold = this.busyThreshold;
    let status: RunStatus;
    try {
      // Inside EXEC too: the rest of the queue waits for the script (core/transaction.ts).
      status = this.vm.run(vmIndex, name, keys, args, isFunction, threshold > 0);
    } catch (error) {
      this.running = undefined;
      throw error;
    }
    if (status !== RUN_SUSPENDED) return this.finish(running, status);
    return new Promise<void>((resolve) => {
      const step = (): void => {
        let next: RunStatus;
        try {
          next = this.vm.resume();
        } catch (error) {
          this.vm.abandon();
          this.running = undefined;
          this.endBusy();
          ctx.reply.error(`ERR internal error in script: ${(error as Error).message}`);
          resolve();
          return;
        }
        if (next === RUN_SUSPENDED) {
          setImmediate(step);
          return;
        }
        this.finish(running, next);
        this.server.log.warning(`Slow script finished after ${Math.round(performance.now() - running.startedAt)} ms: ${name}`);
        // Clients blocked on keys it wrote are served by dispatch once the command is over.
        resolve();
      };
      setImmediate(step);
    });
  }

  private finish(running: RunningScript, status: RunStatus): void {
    this.running = undefined;
    if (running.busy) this.endBusy();
    const reply = running.ctx.reply;
    const output = this.vm.output();
    if (status === RUN_DONE) {
      replyLuaResult(output, reply, this.server.stats);
      return;
    }
    if (status !== RUN_ERROR) return;
    const header = output.readUInt32LE(0);
    const line = header & 0x7fffffff;
    const sourceLength = output.readUInt32LE(4);
    const source = output.latin1Slice(8, 8 + sourceLength);
    const message = output.latin1Slice(8 + sourceLength, output.length);
    reply.error(line > 0 && source !== '' ? `${message} script: ${running.name}, on ${source}:${line}.` : message);
    // A command's error the script raised with redis.call was counted when the command failed.
    if (header >>> 31 === 1) uncountError(this.server.stats, message);
  }

  private expiryWasEnabled = true;

  private endBusy(): void {
    markScriptBusy(this.server, undefined);
    this.server.activeExpiry.enabled = this.expiryWasEnabled;
  }

  /** SCRIPT KILL / FUNCTION KILL: stops a script that has not written yet at its next check. */
  kill(): void {
    if (this.running !== undefined) this.running.killRequested = true;
  }

  // ---- LuaHost ----

  tick(): number {
    const running = this.running;
    if (running === undefined) return 0;
    if (running.killRequested) {
      this.server.log.warning('Lua script killed by user with SCRIPT KILL.');
      return 2;
    }
    if (running.busy) return 1;
    const threshold = this.busyThreshold;
    if (threshold > 0 && performance.now() - running.startedAt > threshold) {
      running.busy = true;
      markScriptBusy(this.server, running.isFunction ? 'function' : 'script');
      // Keys must not expire under a script that sees one frozen time.
      this.expiryWasEnabled = this.server.activeExpiry.enabled;
      this.server.activeExpiry.enabled = false;
      this.server.log.warning(`Slow script detected: still in execution after ${Math.round(performance.now() - running.startedAt)} milliseconds. You can try killing the script using the ${running.isFunction ? 'FUNCTION' : 'SCRIPT'} KILL command. Script name is: ${running.name}.`);
      return 1;
    }
    return 0;
  }

  log(level: number, text: string): void {
    this.server.log[LOG_LEVELS[level] ?? 'notice'](text);
  }

  call(_vm: VmIndex, mode: number, resp: 2 | 3, argv: string[]): LuaReplyWriter {
    const writer = this.writer;
    if (mode === 2) {
      // A Lua boolean whatever the script's protocol, hence the RESP3 writer.
      writer.reset(3);
      // Every client is the default user (no ACL users yet): a command that exists is allowed.
      if (this.lookup(argv) === undefined) writer.uncountedError('ERR Invalid command passed to redis.acl_check_cmd()');
      else writer.bool(true);
      return writer;
    }
    writer.reset(resp);
    const spec = this.resolve(argv, writer);
    if (spec === undefined) return writer;
    const running = this.running;
    if (spec.flags.has('noscript')) {
      writer.error('ERR This Redis command is not allowed from script');
      return writer;
    }
    if (spec.isWrite) {
      if (running?.readOnly) {
        writer.error('ERR Write commands are not allowed from read-only scripts.');
        return writer;
      }
      if (running !== undefined) running.wrote = true;
    }
    const ctx = this.scriptCtx;
    const session = this.session;
    session.protocol = resp;
    ctx.argv = argv;
    ctx.reply = writer;
    ctx.db = session.db;
    void execute(ctx, spec, true);
    return writer;
  }

  private lookup(argv: string[]): CommandSpec | undefined {
    const spec = this.server.commands.lookup(argv[0] ?? '');
    if (spec !== undefined && spec.subcommands !== undefined && argv.length >= 2) return spec.subcommands.get(argv[1]!.toLowerCase());
    return spec;
  }

  private resolve(argv: string[], reply: Reply): CommandSpec | undefined {
    const spec = this.lookup(argv);
    if (spec === undefined) {
      reply.error('ERR Unknown Redis command called from script');
      return undefined;
    }
    const arity = spec.arity;
    if (arity > 0 ? argv.length !== arity : argv.length < -arity) {
      reply.error('ERR Wrong number of args calling Redis command from script');
      return undefined;
    }
    return spec;
  }
}

/** The scripting engine of a server (created on first use). */
const engines = new WeakMap<ServerContext, Scripting>();
export function scriptingOf(server: ServerContext): Scripting {
  let engine = engines.get(server);
  if (engine === undefined) {
    engine = new Scripting(server);
    engines.set(server, engine);
  }
  return engine;
}

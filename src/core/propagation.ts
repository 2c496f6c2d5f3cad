import type { Database } from '../engine/database.js';
import type { CommandSpec } from './command.js';
import type { CommandContext, ServerContext } from './context.js';

/**
 * Where the effects of executed commands go, as the argv Redis would log them: the AOF (see
 * persistence/aof/aof-feed.ts), later replicas. Each call is one command run in database
 * `dbIndex`; the sink says SELECT itself when the database differs from the last one it was fed
 * (as Redis's AOF and replication feeds each do). Transactions arrive already wrapped in
 * MULTI ... EXEC.
 */
export interface PropagationSink {
  feed(dbIndex: number, argv: readonly string[]): void;
}

interface PendingCommand {
  dbIndex: number;
  argv: readonly string[];
}

/** One command being executed while a sink listens (Redis's call() bookkeeping). */
interface Frame {
  dirtyBefore: number;
  /** What the command propagates instead of its argv; an empty list propagates nothing. */
  replacement: Array<readonly string[]> | undefined;
  /** Propagate even if the dirty counter did not move (FLUSHALL on an empty server). */
  forced: boolean;
}

/**
 * The commands being executed on one server, outermost first, and what they propagate so far.
 * Per server: a script past busy-reply-threshold keeps its frames open between its slices, while
 * other servers in the same process go on running commands.
 */
interface PropagationState {
  frames: Frame[];
  pending: PendingCommand[];
}

const states = new WeakMap<ServerContext, PropagationState>();
// The last server asked about, so that one server's commands cost one comparison.
let lastServer: ServerContext | undefined;
let lastState: PropagationState = { frames: [], pending: [] };

function stateOf(server: ServerContext): PropagationState {
  if (lastServer === server) return lastState;
  let state = states.get(server);
  if (state === undefined) {
    state = { frames: [], pending: [] };
    states.set(server, state);
  }
  lastServer = server;
  lastState = state;
  return state;
}

/** Commands that propagate only what the commands they ran did (EXEC, scripts), never themselves. */
const EFFECTS_ONLY = new Set(['exec', 'eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/** EXEC and the script commands: they propagate what they ran, so they may stay open across slices. */
export function propagatesEffectsOnly(spec: CommandSpec): boolean {
  return EFFECTS_ONLY.has(spec.name);
}

const MULTI: readonly string[] = ['MULTI'];
const EXEC: readonly string[] = ['EXEC'];

/** execute() calls this before a command runs, only when `server.propagation` is set. */
export function beginPropagation(server: ServerContext): void {
  stateOf(server).frames.push({ dirtyBefore: server.keyspace.dirty, replacement: undefined, forced: false });
}

/**
 * execute() calls this after the command ran: a command that changed data (the dirty counter
 * moved) propagates its argv or what it asked for instead. EXEC propagates only what its
 * commands did. Once the outermost command is over, everything pending goes to the sink, wrapped
 * in MULTI ... EXEC when it is more than one command.
 */
export function endPropagation(ctx: CommandContext, spec: CommandSpec): void {
  const server = ctx.server;
  const state = stateOf(server);
  const frame = state.frames.pop();
  if (frame === undefined) return;
  const pending = state.pending;
  if (!propagatesEffectsOnly(spec) && (frame.forced || server.keyspace.dirty !== frame.dirtyBefore)) {
    const dbIndex = ctx.db.index;
    if (frame.replacement === undefined) pending.push({ dbIndex, argv: ctx.argv.slice() });
    else for (const argv of frame.replacement) pending.push({ dbIndex, argv });
  }
  if (state.frames.length === 0) flushPending(server, state);
}

function flushPending(server: ServerContext, state: PropagationState): void {
  if (state.pending.length === 0) return;
  const commands = state.pending;
  state.pending = [];
  const sink = server.propagation;
  if (sink === undefined) return;
  const wrap = commands.length > 1;
  if (wrap) sink.feed(commands[0]!.dbIndex, MULTI);
  for (const command of commands) sink.feed(command.dbIndex, command.argv);
  if (wrap) sink.feed(commands[commands.length - 1]!.dbIndex, EXEC);
}

/**
 * The running command propagates these commands instead of its own argv (Redis's
 * rewriteClientCommandVector; with no argv at all, preventCommandPropagation). They are still
 * propagated only if the command changed data, unless forcePropagation() is called too.
 */
export function propagateAs(ctx: CommandContext, ...argvs: Array<readonly string[]>): void {
  if (ctx.server.propagation === undefined) return;
  const frames = stateOf(ctx.server).frames;
  const frame = frames[frames.length - 1];
  if (frame !== undefined) frame.replacement = argvs;
}

/**
 * Propagates `argv` now, before whatever the running command propagates itself (Redis's
 * alsoPropagate). Outside any command (a served blocked client, the expiry cycle) it is one
 * unit of its own.
 */
export function propagateAlso(server: ServerContext, dbIndex: number, argv: readonly string[]): void {
  if (server.propagation === undefined) return;
  const state = stateOf(server);
  state.pending.push({ dbIndex, argv });
  if (state.frames.length === 0) flushPending(server, state);
}

/**
 * Several commands as one unit outside any command (a blocked client served after the command
 * that woke it): wrapped in MULTI ... EXEC when more than one.
 */
export function propagateUnit(server: ServerContext, dbIndex: number, argvs: ReadonlyArray<readonly string[]>): void {
  if (server.propagation === undefined) return;
  const state = stateOf(server);
  for (const argv of argvs) state.pending.push({ dbIndex, argv });
  if (state.frames.length === 0) flushPending(server, state);
}

/** The running command propagates even if it changed nothing (Redis's forceCommandPropagation). */
export function forcePropagation(ctx: CommandContext): void {
  if (ctx.server.propagation === undefined) return;
  const frames = stateOf(ctx.server).frames;
  const frame = frames[frames.length - 1];
  if (frame !== undefined) frame.forced = true;
}

/** True when something listens: handlers skip building rewritten argvs otherwise. */
export function isPropagating(ctx: CommandContext): boolean {
  return ctx.server.propagation !== undefined;
}

/** A key removed because its TTL passed (lazily or by the active cycle) is logged as DEL or UNLINK. */
export function propagateExpiredKey(server: ServerContext, db: Database, key: string): void {
  if (server.propagation === undefined) return;
  propagateAlso(server, db.index, [server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
}

import type { CommandSpec } from './command.js';
import type { CommandContext } from './context.js';
import { aofWriteErrorRefusal, ERR_LOADING, ERR_NOAUTH, unknownCommand, unknownSubcommand, wrongArity } from './errors.js';
import { sessionModeRefusal } from '../pubsub/session-modes.js';
import { beginPropagation, endPropagation, propagatesEffectsOnly } from './propagation.js';
import { busyRefusal } from './busy-script.js';
import { NOTIFY_KEY_MISS } from '../pubsub/notifications.js';

/**
 * Refuses a command before it runs: answers the error and counts it; inside MULTI the refusal
 * also dooms the transaction (EXEC then answers EXECABORT), as Redis's rejectCommand does.
 */
function reject(ctx: CommandContext, spec: CommandSpec | undefined, message: string): void {
  if (spec !== undefined) spec.stats.rejectedCalls++;
  const session = ctx.session;
  if (spec?.name === 'exec') {
    // A refused EXEC discards the transaction and says why (Redis's execCommandAbort).
    session.transaction = undefined;
    ctx.server.keyspace.watches.unwatchAll(session);
    ctx.reply.error(`EXECABORT Transaction discarded because of: ${message.startsWith('ERR ') ? message.slice(4) : message}`);
    return;
  }
  if (session.transaction !== undefined) session.transaction.aborted = true;
  ctx.reply.error(message);
}

/** The spec for an argv: the command, or its subcommand for containers (CONFIG GET). */
function resolve(ctx: CommandContext): CommandSpec | undefined {
  const argv = ctx.argv;
  const spec = ctx.server.commands.lookup(argv[0]!);
  if (spec === undefined) {
    reject(ctx, undefined, unknownCommand(argv[0]!, argv.slice(1)));
    return undefined;
  }
  if (spec.subcommands === undefined || argv.length < 2) return spec;
  const sub = spec.subcommands.get(argv[1]!.length <= 64 ? argv[1]!.toLowerCase() : '');
  if (sub === undefined) reject(ctx, undefined, unknownSubcommand(argv[1]!, argv[0]!));
  return sub;
}

/**
 * The one path every command takes, whoever sent it: lookup, arity, protected commands,
 * authentication, the MULTI queue, then the handler. Returns a promise only when the command
 * has to wait (blocking commands).
 */
export function dispatch(ctx: CommandContext): void | Promise<void> {
  const spec = resolve(ctx);
  if (spec === undefined) return;
  const { argv, session, server, reply } = ctx;
  const arity = spec.arity;
  if (arity > 0 ? argv.length !== arity : argv.length < -arity) return reject(ctx, spec, wrongArity(spec.fullName));
  if (spec.refuse !== undefined) {
    const refusal = spec.refuse(ctx);
    if (refusal !== undefined) return reject(ctx, spec, refusal);
  }
  if (!session.authenticated && !spec.noAuth) return reject(ctx, spec, ERR_NOAUTH);
  // A script past busy-reply-threshold: only allow_busy commands run (one counter check otherwise).
  const busy = busyRefusal(server);
  if (busy !== undefined && !spec.flags.has('allow_busy')) return reject(ctx, spec, busy);
  // The AOF could not be written: no write is accepted until it can (Redis's MISCONF).
  const aof = server.aof;
  if (!aof.lastWriteOk && aof.enabled && (spec.isWrite || spec.name === 'ping')) return reject(ctx, spec, aofWriteErrorRefusal(aof.lastWriteError));
  if (session.commandFilter !== undefined) {
    // What this session may run (REST restrictions, the read-only token), checked where Redis checks ACLs.
    const refusal = session.commandFilter(spec, argv);
    if (refusal !== undefined) return reject(ctx, spec, refusal);
  }
  if (server.pubsub.hasSubscribers || server.monitors.active) {
    // RESP2 subscribers and MONITOR connections may run only some commands.
    const refusal = sessionModeRefusal(server, session, spec);
    if (refusal !== undefined) return reject(ctx, spec, refusal);
  }
  // The dataset is still loading: only commands flagged `loading` run (the AOF replay itself is internal).
  if (server.persistence.loading !== undefined && !spec.flags.has('loading') && session.transport.kind !== 'internal') return reject(ctx, spec, ERR_LOADING);
  const transaction = session.transaction;
  if (transaction !== undefined && !spec.runsInMulti) {
    transaction.queued.push({ spec, argv });
    reply.simple('QUEUED');
    return;
  }
  nesting++;
  let result: void | Promise<void>;
  try {
    result = execute(ctx, spec);
  } finally {
    nesting--;
  }
  // Clients blocked on keys this command wrote are served now, after it, and only at the top
  // level: a transaction or script that dispatches commands wakes them once it is over.
  if (nesting === 0) {
    serveReadyKeys(server);
    // A script that went on in slices wakes them once it is over (and propagated).
    if (result !== undefined) result.then(() => serveReadyKeys(server), () => serveReadyKeys(server));
  }
  return result;
}

function serveReadyKeys(server: CommandContext['server']): void {
  const blocking = server.keyspace.blocking;
  if (blocking.hasReadyKeys) blocking.serveReady(server.log);
}

/** How deep dispatch() is re-entered (EXEC and scripts run commands through it). */
let nesting = 0;

/**
 * Timing every call costs more than a simple command itself (two clock reads), so each command
 * is timed on its first TIMING_SAMPLE calls, then once every TIMING_SAMPLE calls with that
 * weight: INFO commandstats usec is an unbiased estimate, exact for rarely used commands.
 */
const TIMING_SAMPLE = 32;

/**
 * Runs a resolved, checked command and keeps its statistics. Commands run by EXEC keep the
 * transaction's clock and leave CLIENT LIST's `cmd=` at exec (`nested`).
 */
export function execute(ctx: CommandContext, spec: CommandSpec, nested = false): void | Promise<void> {
  const { server, reply, session } = ctx;
  ctx.spec = spec;
  ctx.db = session.db;
  if (!nested) {
    session.lastCommand = spec.fullName;
    server.clock.tick();
  }
  server.stats.commandsProcessed++;
  const stats = spec.stats;
  const calls = ++stats.calls;
  const timingWeight = calls <= TIMING_SAMPLE ? 1 : calls % TIMING_SAMPLE === 0 ? TIMING_SAMPLE : 0;
  const errorsBefore = server.stats.errorReplies;
  const started = timingWeight === 0 ? 0 : performance.now();
  let result: void | Promise<void> = undefined;
  // Zero cost when nothing listens: one check before and one after.
  const propagating = server.propagation !== undefined;
  if (propagating) beginPropagation(server);
  // keymiss events: lookups of read-only commands that find nothing publish one.
  const reportMisses = spec.isReadonly && (server.notifyFlags & NOTIFY_KEY_MISS) !== 0;
  if (reportMisses) ctx.db.reportMisses = true;
  try {
    result = spec.run!(ctx);
  } catch (error) {
    // A bug must cost one reply, never the server or the connection.
    server.log.warning(`command '${spec.fullName}' failed: ${(error as Error)?.stack ?? error}`);
    reply.error(`ERR internal error in '${spec.fullName}': ${(error as Error)?.message ?? error}`);
  }
  if (reportMisses) ctx.db.reportMisses = false;
  if (propagating) {
    if (result === undefined || !propagatesEffectsOnly(spec)) endPropagation(ctx, spec);
    // A script (or an EXEC running one) past busy-reply-threshold goes on in slices: what it
    // does is propagated as one unit when it ends.
    else result = result.finally(() => endPropagation(ctx, spec));
  }
  if (timingWeight !== 0) stats.microseconds += (performance.now() - started) * 1000 * timingWeight;
  if (server.stats.errorReplies !== errorsBefore) stats.failedCalls++;
  // MONITOR shows a command once it has run (a blocking one when it starts waiting).
  if (server.monitors.active) server.monitors.commandRan(session, spec, ctx.argv);
  return result;
}

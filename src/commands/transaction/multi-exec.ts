// https://redis.io/commands/?group=transactions
import { defineCommand } from '../../core/command.js';
import { execute } from '../../core/dispatch.js';
import { ERR_DISCARD_WITHOUT_MULTI, ERR_EXEC_WITHOUT_MULTI, ERR_EXECABORT, ERR_MULTI_NESTED } from '../../core/errors.js';

export const multi = defineCommand({
  name: 'multi', arity: 1, flags: 'noscript loading stale fast allow_busy', group: 'transactions', since: '1.2.0',
  summary: 'Starts a transaction: the following commands are queued until EXEC.',
  runsInMulti: true,
  run({ session, reply }) {
    // Nesting is refused but does not doom the transaction already open.
    if (session.transaction !== undefined) return reply.error(ERR_MULTI_NESTED);
    session.transaction = { queued: [], aborted: false };
    reply.ok();
  },
});

export const exec = defineCommand({
  name: 'exec', arity: 1, flags: 'noscript loading stale skip_slowlog', group: 'transactions', since: '1.2.0',
  summary: 'Runs the queued commands atomically; nil when a watched key changed.',
  runsInMulti: true,
  run(ctx) {
    const { session, server, reply } = ctx;
    const transaction = session.transaction;
    if (transaction === undefined) return reply.error(ERR_EXEC_WITHOUT_MULTI);
    const watches = server.keyspace.watches;
    const watchFailed = session.watchDirty || watches.anyExpiredSinceWatch(session);
    watches.unwatchAll(session);
    if (transaction.aborted || watchFailed) {
      session.transaction = undefined;
      return transaction.aborted ? reply.error(ERR_EXECABORT) : reply.nilArray();
    }
    reply.array(transaction.queued.length);
    // The whole transaction sees one time and cannot block; blocked clients it wakes are served
    // after it, when the top-level EXEC returns to dispatch.
    const { argv, spec, denyBlocking } = ctx;
    ctx.denyBlocking = true;
    try {
      for (const queued of transaction.queued) {
        ctx.argv = queued.argv;
        void execute(ctx, queued.spec, true);
      }
    } finally {
      // The client counts as in MULTI until the queue has run (CLIENT LIST flags=x), as in Redis.
      session.transaction = undefined;
      ctx.argv = argv;
      ctx.spec = spec;
      ctx.denyBlocking = denyBlocking;
    }
  },
});

export const discard = defineCommand({
  name: 'discard', arity: 1, flags: 'noscript loading stale fast allow_busy', group: 'transactions', since: '2.0.0',
  summary: 'Drops the queued commands and leaves the transaction.',
  runsInMulti: true,
  run({ session, server, reply }) {
    if (session.transaction === undefined) return reply.error(ERR_DISCARD_WITHOUT_MULTI);
    session.transaction = undefined;
    server.keyspace.watches.unwatchAll(session);
    reply.ok();
  },
});

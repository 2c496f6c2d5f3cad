// https://redis.io/commands/?group=transactions
import { defineCommand } from '../../core/command.js';
import { runTransaction } from '../../core/transaction.js';
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
    const { session, reply } = ctx;
    if (session.transaction === undefined) return reply.error(ERR_EXEC_WITHOUT_MULTI);
    const outcome = runTransaction(ctx, { begin: (count) => reply.array(count), replyFor: () => reply });
    if (outcome === 'aborted') reply.error(ERR_EXECABORT);
    else if (outcome === 'watch-failed') reply.nilArray();
    else if (outcome !== 'ran') return outcome.then(() => undefined);
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

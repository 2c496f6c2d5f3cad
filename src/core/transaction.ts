import type { CommandContext } from './context.js';
import { execute } from './dispatch.js';
import type { Reply } from './reply.js';

export type TransactionOutcome = 'ran' | 'aborted' | 'watch-failed';

export interface TransactionReplies {
  begin(count: number): void;
  replyFor(index: number): Reply;
}

/**
 * EXEC's work, shared by the EXEC command and the REST front end's /multi-exec: checks the
 * transaction (queue-time errors, WATCH), then runs every queued command with one frozen time and
 * no blocking. `replies.begin(count)` is called once the transaction is known to run, and
 * `replies.replyFor(i)` gives the writer of the i-th command's reply (EXEC's own array for RESP,
 * one JSON item each for REST). Blocked clients the commands wake are served after the caller's
 * top-level dispatch returns.
 */
export function runTransaction(ctx: CommandContext, replies: TransactionReplies): TransactionOutcome {
  const { session, server } = ctx;
  const transaction = session.transaction!;
  const watches = server.keyspace.watches;
  const watchFailed = session.watchDirty || watches.anyExpiredSinceWatch(session);
  watches.unwatchAll(session);
  if (transaction.aborted || watchFailed) {
    session.transaction = undefined;
    return transaction.aborted ? 'aborted' : 'watch-failed';
  }
  const { argv, spec, reply, denyBlocking } = ctx;
  ctx.denyBlocking = true;
  try {
    replies.begin(transaction.queued.length);
    transaction.queued.forEach((queued, index) => {
      ctx.reply = replies.replyFor(index);
      ctx.argv = queued.argv;
      void execute(ctx, queued.spec, true);
    });
  } finally {
    // The client counts as in MULTI until the queue has run (CLIENT LIST flags=x), as in Redis.
    session.transaction = undefined;
    ctx.argv = argv;
    ctx.spec = spec;
    ctx.reply = reply;
    ctx.denyBlocking = denyBlocking;
  }
  return 'ran';
}

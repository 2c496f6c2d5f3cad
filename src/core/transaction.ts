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
 * top-level dispatch returns. A queued script that outlives busy-reply-threshold goes on in
 * slices (other clients are answered -BUSY meanwhile): the rest of the queue runs once it ends,
 * and the outcome comes as a promise.
 */
export function runTransaction(ctx: CommandContext, replies: TransactionReplies): TransactionOutcome | Promise<TransactionOutcome> {
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
  const queued = transaction.queued;
  const restore = (): void => {
    // The client counts as in MULTI until the queue has run (CLIENT LIST flags=x), as in Redis.
    session.transaction = undefined;
    ctx.argv = argv;
    ctx.spec = spec;
    ctx.reply = reply;
    ctx.denyBlocking = denyBlocking;
  };
  const runFrom = (start: number): TransactionOutcome | Promise<TransactionOutcome> => {
    for (let index = start; index < queued.length; index++) {
      ctx.reply = replies.replyFor(index);
      ctx.argv = queued[index]!.argv;
      const running = execute(ctx, queued[index]!.spec, true);
      if (running !== undefined) {
        const next = (): TransactionOutcome | Promise<TransactionOutcome> => runFrom(index + 1);
        return running.then(next, next);
      }
    }
    restore();
    return 'ran';
  };
  ctx.denyBlocking = true;
  try {
    replies.begin(queued.length);
    return runFrom(0);
  } catch (error) {
    restore();
    throw error;
  }
}

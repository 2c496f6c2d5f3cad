// https://redis.io/commands/bgrewriteaof/
import { defineCommand } from '../../core/command.js';
import { ERR_AOF_REWRITE_IN_PROGRESS } from '../../core/errors.js';

export const bgrewriteaof = defineCommand({
  name: 'bgrewriteaof', arity: 1, flags: 'admin noscript no_async_loading', group: 'server', since: '1.0.0',
  complexity: 'O(1)',
  summary: 'Starts rewriting the append-only file in the background: a new base from a copy-on-write snapshot.',
  run({ server, reply }) {
    const aof = server.aof;
    if (aof.rewriteInProgress) return reply.error(ERR_AOF_REWRITE_IN_PROGRESS);
    // One snapshot at a time, as Redis runs one child: the rewrite waits for the BGSAVE.
    if (server.persistence.bgsaveInProgress) {
      aof.rewriteScheduled = true;
      return reply.simple('Background append only file rewriting scheduled');
    }
    try {
      aof.rewrite(true);
    } catch (error) {
      server.log.warning(`Can't rewrite append only file in background: ${(error as Error).message}`);
      return reply.error(`ERR Can't rewrite append only file in background`);
    }
    reply.simple('Background append only file rewriting started');
  },
});

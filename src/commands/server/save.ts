// https://redis.io/commands/save/ and https://redis.io/commands/bgsave/
import { defineCommand } from '../../core/command.js';
import { ERR_BGSAVE_AOF_REWRITE_ACTIVE, ERR_BGSAVE_IN_PROGRESS, ERR_BARE, ERR_SYNTAX } from '../../core/errors.js';

export const save = defineCommand({
  name: 'save', arity: 1, flags: 'admin noscript no_async_loading no_multi', group: 'server', since: '1.0.0',
  complexity: 'O(N) where N is the total number of keys in all databases',
  summary: 'Writes the RDB snapshot now; clients wait until it is on disk.',
  run({ server, reply }) {
    const persistence = server.persistence;
    if (persistence.bgsaveInProgress) return reply.error(ERR_BGSAVE_IN_PROGRESS);
    try {
      persistence.saveNow();
    } catch {
      return reply.error(ERR_BARE);
    }
    reply.ok();
  },
});

export const bgsave = defineCommand({
  name: 'bgsave', arity: -1, flags: 'admin noscript no_async_loading', group: 'server', since: '1.0.0',
  complexity: 'O(1)',
  summary: 'Starts writing the RDB snapshot in the background (copy-on-write, in small slices).',
  run({ argv, server, reply }) {
    if (argv.length > 2 || (argv.length === 2 && argv[1]!.toLowerCase() !== 'schedule')) return reply.error(ERR_SYNTAX);
    if (server.persistence.bgsaveInProgress) return reply.error(ERR_BGSAVE_IN_PROGRESS);
    // SCHEDULE: an AOF rewrite is running; the save starts once it is over.
    if (server.aof.rewriteInProgress) {
      if (argv.length !== 2) return reply.error(ERR_BGSAVE_AOF_REWRITE_ACTIVE);
      server.aof.bgsaveScheduled = true;
      return reply.simple('Background saving scheduled');
    }
    if (!server.persistence.saveInBackground()) return reply.error(ERR_BGSAVE_IN_PROGRESS);
    reply.simple('Background saving started');
  },
});

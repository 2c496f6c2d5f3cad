// https://redis.io/commands/shutdown/
import { defineCommand } from '../../core/command.js';
import { ERR_NO_SHUTDOWN, ERR_SHUTDOWN_FAILED, ERR_SYNTAX } from '../../core/errors.js';

export const shutdown = defineCommand({
  name: 'shutdown', arity: -1, flags: 'admin noscript loading stale no_multi allow_busy', group: 'server',
  since: '1.0.0', complexity: 'O(N) for N keys when saving',
  summary: 'Stops the server, writing the RDB snapshot first when save points are set (or SAVE is given).',
  run({ argv, server, reply }) {
    const options = new Set<string>();
    for (const arg of argv.slice(1)) {
      const option = arg.toLowerCase();
      if (!['nosave', 'save', 'now', 'force', 'abort'].includes(option)) return reply.error(ERR_SYNTAX);
      options.add(option);
    }
    const abort = options.has('abort');
    if ((abort && options.size > 1) || (options.has('save') && options.has('nosave'))) return reply.error(ERR_SYNTAX);
    // Shutdown never waits for replicas here (there are none), so it is never in progress.
    if (abort) return reply.error(ERR_NO_SHUTDOWN);
    const saved = server.saveBeforeShutdown(options.has('nosave') ? 'nosave' : options.has('save') ? 'save' : 'default');
    if (!saved && !options.has('force')) {
      server.log.warning('Error trying to save the DB, can\'t exit.');
      return reply.error(ERR_SHUTDOWN_FAILED);
    }
    server.log.warning('User requested shutdown...');
    server.shutdown();
  },
});

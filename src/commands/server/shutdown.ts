// https://redis.io/commands/shutdown/
import { defineCommand } from '../../core/command.js';
import { ERR_NO_SHUTDOWN, ERR_SHUTDOWN_FAILED, ERR_SYNTAX } from '../../core/errors.js';

export const shutdown = defineCommand({
  name: 'shutdown', arity: -1, flags: 'admin noscript loading stale no_multi allow_busy', group: 'server',
  since: '1.0.0', complexity: 'O(N) for N keys when saving',
  summary: 'Stops the server (optionally saving first: not possible until persistence exists).',
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
    if (options.has('save') && !options.has('force')) {
      server.log.warning('SHUTDOWN SAVE refused: Restis cannot save a snapshot yet (use NOSAVE, or FORCE to stop anyway)');
      return reply.error(ERR_SHUTDOWN_FAILED);
    }
    server.log.warning('User requested shutdown...');
    server.shutdown();
  },
});

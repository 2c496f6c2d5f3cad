// https://redis.io/commands/function-flush/
import { defineCommand } from '../../core/command.js';
import { ERR_FUNCTION_FLUSH_MODE, unknownSubcommandOrArity } from '../../core/errors.js';
import { replyHelp } from './help-reply.js';

const HELP_LINES = [
  'FUNCTION <subcommand> [<arg> ...]. Subcommands:',
  'FLUSH [ASYNC|SYNC]',
  '    Deletes every function library (Restis has no libraries yet, so there is nothing to delete).',
  'HELP',
  '    This text.',
];

/** Only FLUSH and HELP until scripting lands; the other FUNCTION subcommands are not declared. */
export const functionCommand = defineCommand({
  name: 'function', arity: -2, acl: '-group', group: 'scripting', since: '7.0.0', complexity: 'Depends on the subcommand',
  summary: 'Manages function libraries.',
  subcommands: [
    {
      name: 'flush', arity: -2, flags: 'write noscript', group: 'scripting', since: '7.0.0',
      tips: 'request_policy:all_shards response_policy:all_succeeded', complexity: 'O(N) for N functions',
      summary: 'Deletes every function library.',
      run({ argv, reply }) {
        if (argv.length > 3) return reply.error(unknownSubcommandOrArity(argv[1]!, 'function'));
        if (argv.length === 3) {
          const mode = argv[2]!.toLowerCase();
          if (mode !== 'sync' && mode !== 'async') return reply.error(ERR_FUNCTION_FLUSH_MODE);
        }
        reply.ok();
      },
    },
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'scripting', since: '7.0.0', complexity: 'O(1)',
      summary: 'Lists the FUNCTION subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    },
  ],
});

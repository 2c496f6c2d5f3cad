// https://redis.io/commands/script-load/ (and EXISTS, FLUSH, KILL, DEBUG, HELP)
import { defineCommand } from '../../core/command.js';
import { scriptingOf } from '../../scripting/scripting.js';
import { replyHelp } from '../server/help-reply.js';

const HELP_LINES = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Not available in Restis: scripts cannot be stepped through.',
  'EXISTS <sha1> [<sha1> ...]',
  '    For each digest, 1 when a script with it is cached, else 0.',
  'FLUSH [ASYNC|SYNC]',
  '    Empties the script cache.',
  'KILL',
  '    Stops the script in progress if it has not written anything.',
  'LOAD <script>',
  '    Caches a script and answers its SHA1 digest.',
  'HELP',
  '    This text.',
];

export const scriptCommand = defineCommand({
  name: 'script', arity: -2, acl: '-group', group: 'scripting', since: '2.6.0', complexity: 'Depends on the subcommand',
  summary: 'Manages the Lua script cache.',
  subcommands: [
    {
      name: 'load', arity: 3, flags: 'noscript stale', group: 'scripting', since: '2.6.0', complexity: 'O(N) with N being the length in bytes of the script body.',
      tips: 'request_policy:all_nodes response_policy:all_succeeded', summary: 'Caches a Lua script without running it.',
      run({ argv, reply, server }) {
        const cached = scriptingOf(server).cacheScript(argv[2]!);
        if ('error' in cached) return reply.error(cached.error);
        reply.bulk(cached.sha);
      },
    },
    {
      name: 'exists', arity: -3, flags: 'noscript', group: 'scripting', since: '2.6.0', complexity: 'O(N) with N being the number of scripts to check',
      tips: 'request_policy:all_shards response_policy:agg_logical_and', summary: 'Tells which scripts are cached.',
      run({ argv, reply, server }) {
        const scripts = scriptingOf(server).scripts;
        reply.array(argv.length - 2);
        for (let i = 2; i < argv.length; i++) reply.int(scripts.has(argv[i]!.toLowerCase()) ? 1 : 0);
      },
    },
    {
      name: 'flush', arity: -2, flags: 'noscript', group: 'scripting', since: '2.6.0', complexity: 'O(N) with N being the number of scripts in cache',
      tips: 'request_policy:all_nodes response_policy:all_succeeded', summary: 'Empties the script cache.',
      run({ argv, reply, server }) {
        if (argv.length > 3 || (argv.length === 3 && !['sync', 'async'].includes(argv[2]!.toLowerCase()))) {
          return reply.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
        }
        scriptingOf(server).flushScripts();
        reply.ok();
      },
    },
    {
      name: 'kill', arity: 2, flags: 'noscript allow_busy', group: 'scripting', since: '2.6.0', complexity: 'O(1)',
      tips: 'request_policy:all_shards response_policy:one_succeeded', summary: 'Stops the script in progress.',
      run({ reply, server }) {
        const running = scriptingOf(server).running;
        if (running === undefined || !running.busy) return reply.error('NOTBUSY No scripts in execution right now.');
        if (running.isFunction) return reply.error('BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.');
        if (running.wrote) {
          return reply.error('UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.');
        }
        scriptingOf(server).kill();
        reply.ok();
      },
    },
    {
      name: 'debug', arity: 3, flags: 'noscript', group: 'scripting', since: '3.2.0', complexity: 'O(1)',
      summary: 'Would step through scripts; Restis has no script debugger.',
      run({ reply }) { reply.error('ERR SCRIPT DEBUG is not supported by Restis'); },
    },
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'scripting', since: '5.0.0', complexity: 'O(1)',
      summary: 'Lists the SCRIPT subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    },
  ],
});

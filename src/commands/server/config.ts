// https://redis.io/commands/config-get/ (and CONFIG SET, RESETSTAT, REWRITE)
import { defineCommand, type CommandDeclaration } from '../../core/command.js';
import type { ServerContext } from '../../core/context.js';
import { configRewriteFailed, ERR_NO_CONFIG_FILE, ERR_SYNTAX } from '../../core/errors.js';
import { ConfigError } from '../../server/config.js';
import { rewriteConfigFile } from './config-rewrite.js';
import { replyHelp } from './help-reply.js';
import { resetMetrics } from './info-metrics.js';

const HELP_LINES = [
  'CONFIG <subcommand> [<arg> ...]. Subcommands:',
  'GET <pattern> [<pattern> ...]',
  '    Parameters whose names match any glob-style <pattern>, with their values.',
  'SET <parameter> <value> [<parameter> <value> ...]',
  '    Changes parameters at runtime; if any pair is refused, none changes.',
  'RESETSTAT',
  '    Zeroes the counters INFO reports (commands, errors, connections, hits and misses).',
  'REWRITE',
  '    Writes the running configuration back into the config file the server started with.',
  'HELP',
  '    This text.',
];

const admin = (decl: Omit<CommandDeclaration, 'flags' | 'group'>): CommandDeclaration => ({
  flags: 'admin noscript loading stale', group: 'server', ...decl,
});

/** CONFIG RESETSTAT: every statistic INFO derives from counters, back to zero. */
export function resetStatistics(server: ServerContext): void {
  server.stats.reset();
  for (const spec of server.commands.allWithSubcommands()) {
    spec.stats.calls = 0;
    spec.stats.microseconds = 0;
    spec.stats.rejectedCalls = 0;
    spec.stats.failedCalls = 0;
  }
  const keyspaceStats = server.keyspace.stats;
  keyspaceStats.expiredKeys = 0;
  keyspaceStats.keyspaceHits = 0;
  keyspaceStats.keyspaceMisses = 0;
  resetMetrics(server);
}

export const config = defineCommand({
  name: 'config', arity: -2, group: 'server', since: '2.0.0', complexity: 'Depends on the subcommand',
  summary: 'Reads and changes the server configuration.',
  subcommands: [
    admin({
      name: 'get', arity: -3, since: '2.0.0', complexity: 'O(N) for N parameters',
      summary: 'Returns the parameters matching glob patterns, with their values.',
      run({ argv, server, reply }) {
        const pairs = server.config.match(argv.slice(2));
        reply.map(pairs.length);
        for (const [name, value] of pairs) {
          reply.bulk(name);
          reply.bulk(value);
        }
      },
    }),
    admin({
      name: 'set', arity: -4, tips: 'request_policy:all_nodes response_policy:all_succeeded', since: '2.0.0',
      complexity: 'O(N) for N parameters',
      summary: 'Changes parameters at runtime, all of them or none.',
      run({ argv, server, reply }) {
        if (argv.length % 2 !== 0) return reply.error(ERR_SYNTAX);
        const pairs: Array<[string, string]> = [];
        for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
        try {
          server.config.setMany(pairs);
        } catch (error) {
          if (error instanceof ConfigError) return reply.error(error.message);
          throw error;
        }
        reply.ok();
      },
    }),
    admin({
      name: 'resetstat', arity: 2, since: '2.0.0', complexity: 'O(1)',
      summary: 'Zeroes the statistics INFO reports.',
      run({ server, reply }) {
        resetStatistics(server);
        reply.ok();
      },
    }),
    admin({
      name: 'rewrite', arity: 2, since: '2.8.0', complexity: 'O(1)',
      summary: 'Writes the running configuration into the config file.',
      run({ server, reply }) {
        if (server.configFile === '') return reply.error(ERR_NO_CONFIG_FILE);
        const failure = rewriteConfigFile(server.configFile, server.config);
        if (failure !== undefined) {
          server.log.warning(`CONFIG REWRITE failed: ${failure}`);
          return reply.error(configRewriteFailed(failure));
        }
        server.log.notice('CONFIG REWRITE executed with success.');
        reply.ok();
      },
    }),
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'server', since: '5.0.0', complexity: 'O(1)',
      summary: 'Lists the CONFIG subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    },
  ],
});

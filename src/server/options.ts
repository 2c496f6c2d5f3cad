import { readConfigFile } from './config-file.js';

/**
 * Command line and environment for `restis`. Flags use redis-server's spelling: any
 * `--<config-name> <value>` sets that parameter (`--port 7000`, `--save ""`,
 * `--appendonly no`); `--config <file>` (or a first argument ending in .conf) reads a
 * redis.conf-style file. Precedence: defaults < config file < environment < flags.
 */

export interface CommandLine {
  help: boolean;
  version: boolean;
  configFile: string | undefined;
  /** Parameters in the order they apply. */
  pairs: Array<[string, string]>;
}

/** Environment variables and the parameter each one sets. */
export const ENVIRONMENT_VARIABLES: ReadonlyArray<readonly [string, string]> = [
  ['RESTIS_PORT', 'port'],
  ['RESTIS_BIND', 'bind'],
  ['RESTIS_PASSWORD', 'requirepass'],
  ['RESTIS_DATABASES', 'databases'],
  ['RESTIS_MAXCLIENTS', 'maxclients'],
  ['RESTIS_LOGLEVEL', 'loglevel'],
  ['RESTIS_SAVE', 'save'],
  ['RESTIS_APPENDONLY', 'appendonly'],
  ['RESTIS_DIR', 'dir'],
];

export class UsageError extends Error {}

export function parseCommandLine(args: readonly string[], env: NodeJS.ProcessEnv): CommandLine {
  const result: CommandLine = { help: false, version: false, configFile: undefined, pairs: [] };
  const flagPairs: Array<[string, string]> = [];
  let i = 0;
  if (args[0] !== undefined && !args[0].startsWith('-')) result.configFile = args[i++];
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') { result.help = true; continue; }
    if (arg === '--version' || arg === '-v') { result.version = true; continue; }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}' (flags look like --port 6379)`);
    let name = arg.slice(2);
    let value: string | undefined;
    const equals = name.indexOf('=');
    if (equals !== -1) {
      value = name.slice(equals + 1);
      name = name.slice(0, equals);
    }
    if (value === undefined) {
      // redis-server takes every following word up to the next --flag as the value ("--save 60 1").
      const words: string[] = [];
      while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) words.push(args[++i]!);
      if (words.length === 0) throw new UsageError(`--${name} needs a value`);
      value = words.join(' ');
    }
    if (name === 'config') {
      result.configFile = value;
      continue;
    }
    flagPairs.push([name.toLowerCase(), value]);
  }
  if (result.configFile) result.pairs.push(...readConfigFile(result.configFile));
  for (const [variable, name] of ENVIRONMENT_VARIABLES) {
    const value = env[variable];
    if (value !== undefined) result.pairs.push([name, value]);
  }
  result.pairs.push(...flagPairs);
  return result;
}

export const HELP_TEXT = `Usage: restis [config-file] [--<option> <value> ...]

A Redis-compatible server. Options use redis-server's names; any redis.conf parameter works.

  --port <n>             TCP port for Redis clients (default 6379; 0 picks a free port)
  --bind <addr ...>      addresses to listen on (default 127.0.0.1)
  --requirepass <pw>     password clients must AUTH with
  --databases <n>        number of logical databases (default 16)
  --maxclients <n>       most simultaneous clients (default 10000)
  --save ""              no RDB snapshots (the only mode in this version)
  --appendonly no        no append-only file (the only mode in this version)
  --loglevel <level>     debug, verbose, notice (default) or warning
  --config <file>        read a redis.conf-style file first
  --help, --version

Environment: RESTIS_PORT, RESTIS_BIND, RESTIS_PASSWORD, RESTIS_DATABASES, RESTIS_MAXCLIENTS,
RESTIS_LOGLEVEL (flags win over the environment, which wins over the config file).
`;

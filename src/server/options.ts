import { readConfigFile } from './config-file.js';
import { memtoull } from './config.js';
import { DEFAULT_REST_OPTIONS, type RestOptions } from '../frontends/rest/rest-options.js';
import { GATEWAY_ENVIRONMENT_VARIABLES, GATEWAY_FLAGS, srhEnvironment } from '../gateway/gateway-options.js';

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
  /** The REST front end's flags (not redis.conf parameters), environment first, then flags. */
  rest: Map<string, string>;
}

/** REST front-end flags; `no-http` takes no value. */
const REST_FLAGS = new Set(['http-port', 'http-bind', 'http-max-body', 'http-cors-origin', 'token', 'readonly-token', 'no-http', ...GATEWAY_FLAGS]);

/** Environment variables of the REST front end, in increasing precedence for the same flag. */
export const REST_ENVIRONMENT_VARIABLES: ReadonlyArray<readonly [string, string]> = [
  ['UPSTASH_REDIS_REST_TOKEN', 'token'],
  ['KV_REST_API_TOKEN', 'token'],
  ['RESTIS_TOKEN', 'token'],
  ['KV_REST_API_READ_ONLY_TOKEN', 'readonly-token'],
  ['RESTIS_READONLY_TOKEN', 'readonly-token'],
  ['RESTIS_HTTP_PORT', 'http-port'],
  ['RESTIS_HTTP_BIND', 'http-bind'],
  ...GATEWAY_ENVIRONMENT_VARIABLES,
];

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
  const result: CommandLine = { help: false, version: false, configFile: undefined, pairs: [], rest: new Map(srhEnvironment(env)) };
  for (const [variable, name] of REST_ENVIRONMENT_VARIABLES) {
    const value = env[variable];
    if (value !== undefined && value !== '') result.rest.set(name, value);
  }
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
    if (name === 'no-http' || name === 'upstream-tls-insecure') {
      result.rest.set(name, 'yes');
      continue;
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
    if (REST_FLAGS.has(name.toLowerCase())) {
      result.rest.set(name.toLowerCase(), value);
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

export interface RestSettings {
  options: RestOptions;
  token: string | undefined;
  readonlyToken: string | undefined;
}

function portNumber(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--${flag} must be a port number from 0 to 65535, not '${text}'`);
  return port;
}

/** The REST front end's settings from the flags and environment. */
export function restSettings(commandLine: CommandLine): RestSettings {
  const flags = commandLine.rest;
  const options: RestOptions = { ...DEFAULT_REST_OPTIONS };
  if (flags.has('no-http')) options.enabled = false;
  const port = flags.get('http-port');
  if (port !== undefined) options.port = portNumber(port, 'http-port');
  const bind = flags.get('http-bind');
  if (bind !== undefined) options.bind = bind;
  const maxBody = flags.get('http-max-body');
  if (maxBody !== undefined) {
    const bytes = memtoull(maxBody);
    if (bytes === null || bytes < 1n || bytes > 1073741824n) throw new UsageError(`--http-max-body must be a size from 1 byte to 1gb (e.g. 10mb), not '${maxBody}'`);
    options.maxBody = Number(bytes);
  }
  const cors = flags.get('http-cors-origin');
  if (cors !== undefined) options.corsOrigin = cors;
  const token = flags.get('token');
  const readonlyToken = flags.get('readonly-token');
  for (const [flag, value] of [['token', token], ['readonly-token', readonlyToken]] as const) {
    if (value !== undefined && !/^[\x21-\x7e]+$/.test(value)) throw new UsageError(`--${flag} must be printable ASCII without spaces`);
  }
  if (token !== undefined && token === readonlyToken) throw new UsageError('--token and --readonly-token must differ');
  return { options, token, readonlyToken };
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
  --dir <path>           data directory (default ./restis-data); holds the REST tokens

REST front end (the Upstash Redis REST API, for @upstash/redis and @vercel/kv):
  --http-port <n>        HTTP port (default 8079; 0 picks a free port)
  --http-bind <addr ...> addresses for HTTP (default 127.0.0.1)
  --no-http              no REST front end
  --token <t>            the standard token (default: generated once, kept in the data directory)
  --readonly-token <t>   the read-only token (same default)
  --http-max-body <size> largest request body (default 10mb)
  --http-cors-origin <o> Access-Control-Allow-Origin for browsers (default *; "" turns CORS off)

Gateway mode (the REST front end in front of an existing Redis; no embedded data, no RESP port):
  --upstream <url>       redis://[user:password@]host:port[/db] or rediss://...
  --upstream-cluster <host:port,...>  seed nodes of a Redis Cluster
  --upstream-pool-size <n>            connections to a standalone upstream (default 2 per core, 2 to 16)
  --upstream-timeout <ms>             a request the upstream does not answer in time is a 504 (default 5000)
  --upstream-tls-ca <file>, --upstream-tls-cert <file>, --upstream-tls-key <file>, --upstream-tls-insecure
  SRH_MODE=env (SRH_TOKEN, SRH_CONNECTION_STRING, SRH_MAX_CONNECTIONS, SRH_PORT) or SRH_MODE=file
  (SRH_CONFIG_FILE, default /app/srh-config/tokens.json): serverless-redis-http's configuration.
  --help, --version

Environment: RESTIS_PORT, RESTIS_BIND, RESTIS_PASSWORD, RESTIS_DATABASES, RESTIS_MAXCLIENTS,
RESTIS_LOGLEVEL, RESTIS_DIR, RESTIS_HTTP_PORT, RESTIS_HTTP_BIND, RESTIS_TOKEN (or
UPSTASH_REDIS_REST_TOKEN, KV_REST_API_TOKEN), RESTIS_READONLY_TOKEN (or KV_REST_API_READ_ONLY_TOKEN),
RESTIS_UPSTREAM, RESTIS_UPSTREAM_CLUSTER, RESTIS_UPSTREAM_POOL_SIZE, RESTIS_UPSTREAM_TIMEOUT.
Flags win over the environment, which wins over the config file.
`;

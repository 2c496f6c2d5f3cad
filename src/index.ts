/**
 * The embedding API: run a real Redis-protocol server inside a Node.js process (a test suite,
 * a dev server) with no binary to download.
 *
 *   import { startServer } from 'restis';
 *   const redis = await startServer();          // in memory, a free port on 127.0.0.1
 *   // new Redis(redis.url) ...
 *   await redis.close();
 */
import { ConfigStore } from './server/config.js';
import { Logger } from './server/logger.js';
import { RestisServer } from './server/server.js';
import { connectHost } from './server/bind.js';
import { redisUrl } from './server/url.js';

export interface StartOptions {
  /** TCP port for RESP clients; 0 (the default here) picks a free one. */
  port?: number;
  /** Address(es) to listen on, space separated; default 127.0.0.1. */
  bind?: string;
  /** Password for AUTH / the `default` user. */
  requirepass?: string;
  databases?: number;
  maxclients?: number;
  /** Any other redis.conf parameter, e.g. `{ 'hash-max-listpack-entries': 128 }`. */
  config?: Record<string, string | number | boolean>;
  /** Log level, or false (the default) for no log output at all. */
  log?: 'debug' | 'verbose' | 'notice' | 'warning' | false;
  /** A controllable clock for tests: milliseconds since the epoch. */
  clock?: () => number;
}

export interface RunningServer {
  /** The port RESP clients connect to. */
  readonly port: number;
  /** redis://[:password@]host:port, ready for any Redis client. */
  readonly url: string;
  /** The server itself, for advanced use (tests inspect its keyspace). */
  readonly server: RestisServer;
  close(): Promise<void>;
}

function configPairs(options: StartOptions): Array<[string, string]> {
  const pairs: Array<[string, string]> = [['port', String(options.port ?? 0)]];
  if (options.bind !== undefined) pairs.push(['bind', options.bind]);
  if (options.requirepass !== undefined) pairs.push(['requirepass', options.requirepass]);
  if (options.databases !== undefined) pairs.push(['databases', String(options.databases)]);
  if (options.maxclients !== undefined) pairs.push(['maxclients', String(options.maxclients)]);
  for (const [name, value] of Object.entries(options.config ?? {})) {
    pairs.push([name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
  }
  return pairs;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = new ConfigStore();
  config.setMany(configPairs(options), true);
  const log = options.log ? new Logger(options.log, (line) => process.stderr.write(line)) : new Logger('warning', () => {});
  const server = new RestisServer({ config, log, clock: options.clock });
  await server.start();
  const host = connectHost(config.get('bind'));
  return {
    port: server.port,
    url: redisUrl(host, server.port, config.get('requirepass')),
    server,
    close: () => server.close(),
  };
}

export { RestisServer } from './server/server.js';
export { ConfigStore } from './server/config.js';
export { redisUrl } from './server/url.js';

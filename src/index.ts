/**
 * The embedding API: run a real Redis-protocol server inside a Node.js process (a test suite,
 * a dev server) with no binary to download.
 *
 *   import { startServer } from 'restis';
 *   const redis = await startServer();          // in memory, a free port on 127.0.0.1
 *   // new Redis(redis.url) ...
 *   // new Redis({ url: redis.restUrl, token: redis.token })   (@upstash/redis)
 *   await redis.close();
 */
import { ConfigStore } from './server/config.js';
import { Logger } from './server/logger.js';
import { RestisServer } from './server/server.js';
import { connectHost } from './server/bind.js';
import { redisUrl } from './server/url.js';
import { restUrl } from './server/banner.js';
import { DEFAULT_REST_OPTIONS, type RestOptions } from './frontends/rest/rest-options.js';
import { resolveTokens } from './frontends/rest/tokens.js';
import { gatewayTenants } from './gateway/gateway-tenants.js';
import { DEFAULT_UPSTREAM_TIMEOUT_MS, defaultPoolSize, parseClusterNodes, parseUpstreamUrl, type UpstreamTls } from './gateway/upstream.js';

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
  /**
   * The REST front end (Upstash Redis REST API): on by default, on a free port of 127.0.0.1;
   * false turns it off.
   */
  http?: false | { port?: number; bind?: string; maxBody?: number; corsOrigin?: string; heartbeatMs?: number };
  /**
   * A data directory makes the server durable: it loads `dump.rdb` from there at start and SAVE,
   * BGSAVE and the `save` points (pass them in `config`, e.g. `{ save: '60 1' }`) write there.
   * Without it the server lives in memory only.
   */
  dir?: string;
  /** The REST tokens; random ones (kept in memory) by default. */
  token?: string;
  readonlyToken?: string;
  /**
   * Gateway mode: the REST front end forwards to this Redis (`url`, redis:// or rediss://) or Redis
   * Cluster (`cluster`, "host:port,host:port") instead of the embedded engine; no RESP listener.
   */
  upstream?: { url?: string; cluster?: string; poolSize?: number; timeoutMs?: number; tls?: UpstreamTls };
}

export interface RunningServer {
  /** The port RESP clients connect to. */
  readonly port: number;
  /** redis://[:password@]host:port, ready for any Redis client. */
  readonly url: string;
  /** http://host:port of the REST front end ('' when it is off): UPSTASH_REDIS_REST_URL. */
  readonly restUrl: string;
  readonly restPort: number;
  /** The standard REST token (UPSTASH_REDIS_REST_TOKEN), and the read-only one. */
  readonly token: string;
  readonly readonlyToken: string;
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
  if (options.dir !== undefined) pairs.push(['dir', options.dir]);
  for (const [name, value] of Object.entries(options.config ?? {})) {
    pairs.push([name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
  }
  return pairs;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = new ConfigStore();
  config.setMany(configPairs(options), true);
  const log = options.log ? new Logger(options.log, (line) => process.stderr.write(line)) : new Logger('warning', () => {});
  const http = options.http;
  const restOptions: RestOptions = http === false
    ? { ...DEFAULT_REST_OPTIONS, enabled: false }
    : { ...DEFAULT_REST_OPTIONS, port: 0, ...Object.fromEntries(Object.entries(http ?? {}).filter(([, value]) => value !== undefined)) };
  const tokens = resolveTokens({ standard: options.token, readonly: options.readonlyToken }, undefined);
  const upstream = options.upstream;
  const tenants = upstream === undefined ? undefined : gatewayTenants([{
    id: 'default',
    token: undefined,
    upstream: {
      ...(upstream.cluster !== undefined ? { cluster: parseClusterNodes(upstream.cluster) } : { server: parseUpstreamUrl(upstream.url ?? '') }),
      poolSize: upstream.poolSize ?? defaultPoolSize(),
      timeoutMs: upstream.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
      tls: upstream.tls,
    },
  }], tokens, (message) => log.warning(message));
  const server = new RestisServer({ config, log, clock: options.clock, rest: { options: restOptions, tokens, tenants }, loadData: options.dir !== undefined && upstream === undefined, resp: upstream === undefined });
  await server.start();
  const host = connectHost(config.get('bind'));
  return {
    port: server.port,
    url: upstream === undefined ? redisUrl(host, server.port, config.get('requirepass')) : '',
    restUrl: restOptions.enabled ? restUrl(connectHost(restOptions.bind), server.restPort) : '',
    restPort: server.restPort,
    token: tokens.standard,
    readonlyToken: tokens.readonly,
    server,
    close: () => server.close(),
  };
}

export { RestisServer } from './server/server.js';
export { ConfigStore } from './server/config.js';
export { redisUrl } from './server/url.js';

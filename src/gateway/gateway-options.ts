import { readFileSync } from 'node:fs';
import { DEFAULT_UPSTREAM_TIMEOUT_MS, defaultPoolSize, parseClusterNodes, parseUpstreamUrl, UpstreamConfigError, type UpstreamOptions, type UpstreamTls } from './upstream.js';

/** Gateway flags; `upstream-tls-insecure` takes no value. */
export const GATEWAY_FLAGS = ['upstream', 'upstream-cluster', 'upstream-tls-ca', 'upstream-tls-cert', 'upstream-tls-key', 'upstream-tls-insecure', 'upstream-pool-size', 'upstream-timeout'];

export const GATEWAY_ENVIRONMENT_VARIABLES: ReadonlyArray<readonly [string, string]> = [
  ['RESTIS_UPSTREAM', 'upstream'],
  ['RESTIS_UPSTREAM_CLUSTER', 'upstream-cluster'],
  ['RESTIS_UPSTREAM_POOL_SIZE', 'upstream-pool-size'],
  ['RESTIS_UPSTREAM_TIMEOUT', 'upstream-timeout'],
];

/** Where SRH's Docker image reads its token file. */
export const SRH_DEFAULT_CONFIG_FILE = '/app/srh-config/tokens.json';

function srhMode(env: NodeJS.ProcessEnv): 'env' | 'file' | undefined {
  const mode = env.SRH_MODE?.trim().toLowerCase();
  return mode === 'env' || mode === 'file' ? mode : undefined;
}

/**
 * serverless-redis-http's variables as the Restis flags they stand for, below every Restis
 * variable and flag. As in SRH's image, the HTTP port is 80 and every interface listens unless
 * SRH_PORT, --http-port or --http-bind say otherwise.
 */
export function srhEnvironment(env: NodeJS.ProcessEnv): Array<[string, string]> {
  const mode = srhMode(env);
  if (mode === undefined) return [];
  const pairs: Array<[string, string]> = [['http-port', env.SRH_PORT || '80'], ['http-bind', env.SRH_IPV6 === 'true' ? '::' : '0.0.0.0']];
  if (mode === 'env') {
    if (env.SRH_TOKEN) pairs.push(['token', env.SRH_TOKEN]);
    if (env.SRH_CONNECTION_STRING) pairs.push(['upstream', env.SRH_CONNECTION_STRING]);
    if (env.SRH_MAX_CONNECTIONS) pairs.push(['upstream-pool-size', env.SRH_MAX_CONNECTIONS]);
  }
  return pairs;
}

export interface GatewayTenantSettings {
  /** SRH's srh_id, or 'default'. */
  id: string;
  /** The token of this upstream (SRH's token file); undefined: the --token / generated one. */
  token: string | undefined;
  upstream: UpstreamOptions;
}

function positiveInteger(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UpstreamConfigError(`${what} must be a whole number of at least 1, not '${text}'`);
  return Number(text);
}

/** `5000`, `5000ms` or `5s`. */
function milliseconds(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(text);
  if (match === null || Number(match[1]) <= 0) throw new UpstreamConfigError(`--upstream-timeout must be a time such as 5000 (ms) or 5s, not '${text}'`);
  return Math.round(Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1000 : 1));
}

/** SRH's tokens file: `{ "<token>": { "srh_id": "...", "connection_string": "redis://...", "max_connections": 3 } }`. */
export function readSrhTokenFile(path: string, base: Omit<UpstreamOptions, 'server' | 'poolSize'>): GatewayTenantSettings[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UpstreamConfigError(`cannot read the SRH token file ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UpstreamConfigError(`${path}: expected an object of tokens`);
  const tenants: GatewayTenantSettings[] = [];
  for (const [token, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const { srh_id: id, connection_string: url, max_connections: max } = (entry ?? {}) as Record<string, unknown>;
    if (typeof url !== 'string') throw new UpstreamConfigError(`${path}: the token entry '${id ?? token.slice(0, 4) + '...'}' needs a connection_string`);
    const poolSize = max === undefined ? 3 : positiveInteger(String(max), `${path}: max_connections`);
    tenants.push({ id: typeof id === 'string' ? id : `token ${tenants.length + 1}`, token, upstream: { ...base, server: parseUpstreamUrl(url), poolSize } });
  }
  if (tenants.length === 0) throw new UpstreamConfigError(`${path} holds no token`);
  return tenants;
}

/**
 * Gateway mode's upstreams from the flags and environment, or undefined for the embedded engine:
 * --upstream or --upstream-cluster (or SRH_MODE=env) is one upstream on the usual tokens;
 * SRH_MODE=file gives each token of SRH's file its own upstream.
 */
export function gatewaySettings(flags: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): GatewayTenantSettings[] | undefined {
  const url = flags.get('upstream');
  const cluster = flags.get('upstream-cluster');
  const mode = srhMode(env);
  if (url === undefined && cluster === undefined && mode !== 'file') return undefined;
  if (url !== undefined && cluster !== undefined) throw new UpstreamConfigError('--upstream and --upstream-cluster exclude each other');
  const tls: UpstreamTls = {
    caFile: flags.get('upstream-tls-ca'),
    certFile: flags.get('upstream-tls-cert'),
    keyFile: flags.get('upstream-tls-key'),
    insecure: flags.has('upstream-tls-insecure'),
  };
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) throw new UpstreamConfigError('--upstream-tls-cert and --upstream-tls-key go together');
  const timeout = flags.get('upstream-timeout');
  const base = { tls, timeoutMs: timeout === undefined ? DEFAULT_UPSTREAM_TIMEOUT_MS : milliseconds(timeout) };
  if (url === undefined && cluster === undefined) return readSrhTokenFile(env.SRH_CONFIG_FILE || SRH_DEFAULT_CONFIG_FILE, base);
  const pool = flags.get('upstream-pool-size');
  const upstream: UpstreamOptions = {
    ...base,
    poolSize: pool === undefined ? defaultPoolSize() : positiveInteger(pool, '--upstream-pool-size'),
    ...(cluster !== undefined ? { cluster: parseClusterNodes(cluster) } : { server: parseUpstreamUrl(url!) }),
  };
  return [{ id: 'default', token: undefined, upstream }];
}

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ConnectionOptions } from 'node:tls';

/** Where the gateway forwards commands, and how. */
export interface UpstreamOptions {
  /** One server (or a primary behind a proxy): redis:// or rediss:// URL parts. */
  server?: UpstreamAddress;
  /** Seed nodes of a Redis Cluster (ioredis discovers the rest). */
  cluster?: UpstreamAddress[];
  tls?: UpstreamTls;
  /** Connections to a standalone upstream that requests share. */
  poolSize: number;
  /** A request the upstream does not answer within this time fails with 504. */
  timeoutMs: number;
}

export interface UpstreamAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  /** rediss:// */
  tls: boolean;
}

export interface UpstreamTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Accept any certificate (self-signed development setups). */
  insecure: boolean;
}

export class UpstreamConfigError extends Error {}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 5000;

/** A few connections per core: Redis answers one command at a time, so more than that only queues. */
export function defaultPoolSize(): number {
  return Math.min(16, Math.max(2, availableParallelism() * 2));
}

/** `redis://[user:password@]host[:port][/db]`, `rediss://...`, or a bare `host:port`. */
export function parseUpstreamUrl(text: string): UpstreamAddress {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `redis://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UpstreamConfigError(`'${text}' is not a Redis URL (redis://[user:password@]host:port[/db])`);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'redis' && scheme !== 'rediss') throw new UpstreamConfigError(`'${text}': the scheme must be redis:// or rediss://, not ${scheme}://`);
  if (url.hostname === '') throw new UpstreamConfigError(`'${text}' names no host`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\/+/, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) throw new UpstreamConfigError(`'${text}': the database after the / must be a number, not '${path}'`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    db,
    tls: scheme === 'rediss',
  };
}

/** `host:port[,host:port...]`; the first entry may be a full URL carrying the credentials and rediss://. */
export function parseClusterNodes(text: string): UpstreamAddress[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new UpstreamConfigError('--upstream-cluster needs at least one host:port');
  const nodes = entries.map(parseUpstreamUrl);
  const first = nodes[0]!;
  return nodes.map((node) => ({ ...node, username: node.username ?? first.username, password: node.password ?? first.password, tls: node.tls || first.tls }));
}

/** Node TLS options for rediss:// (CA, client certificate, or no verification at all). */
export function tlsOptions(address: UpstreamAddress, tls: UpstreamTls | undefined): ConnectionOptions | undefined {
  if (!address.tls && tls?.caFile === undefined && tls?.certFile === undefined) return undefined;
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new UpstreamConfigError(`cannot read the upstream TLS ${what} ${file}: ${(error as Error).message}`);
    }
  };
  return {
    servername: address.host,
    ca: tls?.caFile === undefined ? undefined : read(tls.caFile, 'CA file'),
    cert: tls?.certFile === undefined ? undefined : read(tls.certFile, 'certificate'),
    key: tls?.keyFile === undefined ? undefined : read(tls.keyFile, 'key'),
    rejectUnauthorized: !(tls?.insecure ?? false),
  };
}

/** host:port as logs and errors print it (never the password). */
export function describeAddress(address: UpstreamAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${address.tls ? 'rediss' : 'redis'}://${host}:${address.port}${address.db === 0 ? '' : `/${address.db}`}`;
}

import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';
import { Redis } from 'ioredis';
import { startRedisServer } from '../helpers/redis-server.js';

export const TOKEN = 'test-standard-token';
export const READONLY_TOKEN = 'test-readonly-token';

/**
 * Which executor the REST suites run on: the embedded engine, or a gateway in front of a real
 * redis-server the fixture starts (test/gateway/ sets this before importing a suite: one suite,
 * two executors).
 */
let executor: 'embedded' | 'gateway' = 'embedded';

export function runSuitesThroughGateway(): void {
  executor = 'gateway';
}

export function suitesRunThroughGateway(): boolean {
  return executor === 'gateway';
}

export async function startRestServer(options: StartOptions = {}): Promise<RunningServer> {
  if (executor === 'embedded') return startServer({ token: TOKEN, readonlyToken: READONLY_TOKEN, ...options });
  // The upstream stands in for the RESP side too: `port` and `url` are the redis-server's.
  const upstream = await startRedisServer();
  const gateway = await startServer({ token: TOKEN, readonlyToken: READONLY_TOKEN, ...options, upstream: { url: `redis://127.0.0.1:${upstream.port}` } });
  return {
    ...gateway,
    port: upstream.port,
    url: `redis://127.0.0.1:${upstream.port}`,
    close: async () => {
      await gateway.close();
      await upstream.stop();
    },
  };
}

/** Pattern subscriptions and subscribers of `channel`, wherever the executor keeps them. */
export async function subscriptionCounts(server: RunningServer, channel: string): Promise<{ patterns: number; subscribers: number }> {
  if (executor === 'embedded') return { patterns: server.server.pubsub.patternCount, subscribers: server.server.pubsub.numsub(channel) };
  const redis = new Redis(server.port, '127.0.0.1');
  try {
    const patterns = Number(await redis.pubsub('NUMPAT'));
    const numsub = (await redis.pubsub('NUMSUB', channel)) as unknown[];
    return { patterns, subscribers: Number(numsub[1]) };
  } finally {
    redis.disconnect();
  }
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One HTTP request to the REST front end; the body is sent as given (string or bytes). */
export async function call(server: RunningServer, path: string, init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string>; token?: string | null } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(server.restUrl + path, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), body: init.body, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST / with a JSON command. */
export function command(server: RunningServer, argv: unknown[], headers: Record<string, string> = {}, token?: string | null): Promise<RawAnswer> {
  return call(server, '/', { body: JSON.stringify(argv), headers, token });
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

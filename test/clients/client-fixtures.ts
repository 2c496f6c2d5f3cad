import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';
import { startRedisServer } from '../helpers/redis-server.js';

/** Shared values and waits for the real-client tests. */

/** The 256 byte values 0..255 in order. */
export function everyByte(): Buffer {
  return Buffer.from(Array.from({ length: 256 }, (_, i) => i));
}

/**
 * A large value of every byte value, repeating with a period (251) that no power-of-two chunking
 * lines up with, so a lost, doubled or reordered chunk shows.
 */
export function bigValue(size: number): Buffer {
  const period = Buffer.from(Array.from({ length: 251 }, (_, i) => (i * 97 + 13) & 255));
  return Buffer.alloc(size, period);
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** INFO clients' blocked_clients, as `admin` reads it (-1 when the field is missing). */
export async function blockedClients(admin: Redis): Promise<number> {
  const info = String(await admin.info('clients'));
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? -1);
}

/** Resolves once exactly `count` clients are blocked; fails after 3 s (so a race starts from a known state). */
export async function waitForBlocked(admin: Redis, count: number, label = ''): Promise<void> {
  const reached = await waitUntil(async () => (await blockedClients(admin)) === count, 3000);
  assert.ok(reached, `${label}expected ${count} blocked clients, INFO says ${await blockedClients(admin)}`);
}

export interface ClientTarget {
  port: number;
  /** The server as the test sees it: 'restis' or 'redis-server'. */
  name: string;
  close(): Promise<void>;
}

/**
 * The server the client tests talk to: an in-process Restis, or, with
 * RESTIS_CLIENT_TESTS_TARGET=redis, a real redis-server, to prove the tests themselves expect
 * exactly what Redis does.
 */
export async function startTarget(requirepass: string): Promise<ClientTarget> {
  if (process.env.RESTIS_CLIENT_TESTS_TARGET === 'redis') {
    const redis = await startRedisServer(['--requirepass', requirepass]);
    return { port: redis.port, name: 'redis-server', close: () => redis.stop() };
  }
  const restis = await startServer({ requirepass });
  return { port: restis.port, name: 'restis', close: () => restis.close() };
}

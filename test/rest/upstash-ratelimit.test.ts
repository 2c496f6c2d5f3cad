import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IpDenyList, Ratelimit } from '@upstash/ratelimit';
import { Redis as UpstashRedis } from '@upstash/redis';
import type { RunningServer } from '../../src/index.js';
import { startRestServer, suitesRunThroughGateway, TOKEN } from './rest-fixtures.js';

// @upstash/ratelimit (unmodified) over the REST front end through @upstash/redis. Its scripts start
// with `#!lua flags=allow-key-locking`, an Upstash flag plain Redis 7.0 rejects, so this suite runs on
// the embedded executor only.

let server: RunningServer;
let redis: UpstashRedis;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  server = await startRestServer();
  redis = new UpstashRedis({ url: server.restUrl, token: TOKEN, enableTelemetry: false });
});
after(() => server.close());

function limiter(algorithm: ConstructorParameters<typeof Ratelimit>[0]['limiter'], prefix: string, extra: Partial<ConstructorParameters<typeof Ratelimit>[0]> = {}): Ratelimit {
  return new Ratelimit({ redis, limiter: algorithm, prefix, analytics: false, ephemeralCache: false, ...extra });
}

/** `count` calls of `limit` in sequence: which succeeded and the remaining count each reported. */
async function hits(ratelimit: Ratelimit, identifier: string, count: number): Promise<Array<[boolean, number]>> {
  const outcomes: Array<[boolean, number]> = [];
  for (let call = 0; call < count; call++) {
    const { success, remaining, pending } = await ratelimit.limit(identifier);
    await pending;
    outcomes.push([success, remaining]);
  }
  return outcomes;
}

describe('@upstash/ratelimit over REST', { skip: suitesRunThroughGateway() ? 'allow-key-locking scripts need the embedded executor' : false }, () => {
  test('fixedWindow: the limit holds within a window, a new window starts afresh, reset clears it', async () => {
    const ratelimit = limiter(Ratelimit.fixedWindow(3, '1 s'), 'rl-fixed');
    // Start right after a window boundary so the four calls share one window.
    await sleep(1000 - (Date.now() % 1000) + 20);
    assert.deepEqual(await hits(ratelimit, 'alice', 4), [[true, 2], [true, 1], [true, 0], [false, 0]]);
    assert.deepEqual(await hits(ratelimit, 'bob', 1), [[true, 2]]);
    assert.equal((await ratelimit.getRemaining('alice')).remaining, 0);
    await sleep(1000 - (Date.now() % 1000) + 20);
    assert.deepEqual(await hits(ratelimit, 'alice', 1), [[true, 2]]);
    await ratelimit.resetUsedTokens('alice');
    assert.equal((await ratelimit.getRemaining('alice')).remaining, 3);
    const weighted = await ratelimit.limit('carol', { rate: 3 });
    assert.deepEqual([weighted.success, weighted.remaining], [true, 0]);
  });

  test('slidingWindow: the previous window still counts, then fades', async () => {
    const ratelimit = limiter(Ratelimit.slidingWindow(4, '1 s'), 'rl-sliding');
    await sleep(1000 - (Date.now() % 1000) + 20);
    const first = await hits(ratelimit, 'dave', 5);
    assert.deepEqual(first.map(([success]) => success), [true, true, true, true, false]);
    assert.equal(first[3]![1], 0);
    // Early in the next window the previous one's 4 hits weigh floor(0.98 * 4) = 3: one more passes.
    await sleep(1000 - (Date.now() % 1000) + 20);
    assert.deepEqual((await hits(ratelimit, 'dave', 2)).map(([success]) => success), [true, false]);
    // Two windows on, nothing remains of them.
    await sleep(2000);
    const later = await ratelimit.limit('dave');
    assert.equal(later.success, true);
    assert.equal((await ratelimit.getRemaining('eve')).remaining, 4);
  });

  test('tokenBucket: a burst drains the bucket, time refills it', async () => {
    const ratelimit = limiter(Ratelimit.tokenBucket(2, '500 ms', 4), 'rl-bucket');
    const burst = await hits(ratelimit, 'frank', 5);
    assert.deepEqual(burst, [[true, 3], [true, 2], [true, 1], [true, 0], [false, 0]]);
    await sleep(550);
    const refilled = await hits(ratelimit, 'frank', 3);
    assert.deepEqual(refilled.map(([success]) => success), [true, true, false]);
    assert.equal((await ratelimit.getRemaining('frank')).remaining, 0);
    await ratelimit.resetUsedTokens('frank');
    assert.equal((await ratelimit.getRemaining('frank')).remaining, 4);
  });

  test('cachedFixedWindow: Redis counts the hits and the local cache blocks once the limit is reached', async () => {
    const ratelimit = limiter(Ratelimit.cachedFixedWindow(3, '2 s'), 'rl-cached', { ephemeralCache: new Map() });
    await sleep(2000 - (Date.now() % 2000) + 20);
    const outcomes = await hits(ratelimit, 'grace', 5);
    assert.deepEqual(outcomes.map(([success]) => success), [true, true, true, false, false]);
    const keys = await redis.keys('rl-cached:grace:*');
    assert.equal(keys.length, 1);
    assert.equal(Number(await redis.get(keys[0]!)), 3);
  });

  test('deny list: listed identifiers are refused; the IP list is switched off through /multi-exec', async () => {
    const prefix = 'rl-protected';
    // Turning the IP deny list off is a MULTI/EXEC transaction; without it the library would try
    // to download the list from the network.
    // (The library's type declarations load @upstash/redis as CommonJS, hence the cast.)
    const results = await IpDenyList.disableIpDenyList(redis as unknown as Parameters<typeof IpDenyList.disableIpDenyList>[0], prefix);
    assert.deepEqual(results, [0, 0, 'OK']);
    assert.equal(await redis.get(`${prefix}:ipDenyListStatus`), 'disabled');
    await redis.sadd(`${prefix}:denyList:all`, 'mallory', '203.0.113.7');
    const ratelimit = limiter(Ratelimit.fixedWindow(10, '10 s'), prefix, { enableProtection: true });
    const denied = await ratelimit.limit('mallory');
    assert.deepEqual([denied.success, denied.reason, denied.deniedValue], [false, 'denyList', 'mallory']);
    const byIp = await ratelimit.limit('trent', { ip: '203.0.113.7' });
    assert.deepEqual([byIp.success, byIp.reason, byIp.deniedValue], [false, 'denyList', '203.0.113.7']);
    const allowed = await ratelimit.limit('trent', { ip: '198.51.100.1' });
    await allowed.pending;
    assert.equal(allowed.success, true);
    // The deny-list check and the limit script run side by side, so the refused call spent a token too.
    assert.equal(allowed.remaining, 8);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis as UpstashRedis, type RedisConfigNodejs } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import type { RunningServer } from '../../src/index.js';
import { READONLY_TOKEN, startRestServer, subscriptionCounts, suitesRunThroughGateway, TOKEN } from './rest-fixtures.js';

// @upstash/redis (the real SDK, unmodified) against a Restis started here: what serverless code
// does with it, over the REST front end.

let server: RunningServer;
let redis: UpstashRedis;

function client(options: Partial<RedisConfigNodejs> = {}): UpstashRedis {
  return new UpstashRedis({ url: server.restUrl, token: TOKEN, enableTelemetry: false, ...options });
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(async () => {
  server = await startRestServer();
  redis = client();
});
after(() => server.close());

describe('@upstash/redis', () => {
  test('strings, JSON auto-serialisation, counters and expiries', async () => {
    await redis.flushall();
    assert.equal(await redis.set('greeting', 'hello'), 'OK');
    assert.equal(await redis.get('greeting'), 'hello');
    await redis.set('user:1', { name: 'Ada', langs: ['en', 'fr'], admin: true });
    assert.deepEqual(await redis.get('user:1'), { name: 'Ada', langs: ['en', 'fr'], admin: true });
    assert.equal(await redis.incr('visits'), 1);
    assert.equal(await redis.incrby('visits', 41), 42);
    assert.equal(await redis.incrbyfloat('f', 1.5), 1.5);
    assert.equal(await redis.set('session', 'data', { ex: 100 }), 'OK');
    const ttl = await redis.ttl('session');
    assert.ok(ttl > 95 && ttl <= 100);
    assert.equal(await redis.set('once', 'a', { nx: true }), 'OK');
    assert.equal(await redis.set('once', 'b', { nx: true }), null);
    assert.equal(await redis.set('short', 'x', { px: 30 }), 'OK');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(await redis.get('short'), null);
    assert.deepEqual(await redis.mget('greeting', 'none', 'visits'), ['hello', null, 42]);
    assert.equal(await redis.getdel('greeting'), 'hello');
    assert.equal(await redis.exists('greeting', 'visits'), 1);
    assert.equal(await redis.type('visits'), 'string');
  });

  test('unicode, emoji and big integers', async () => {
    const text = 'Grüße 🦄 𝄞 — 中文';
    await redis.set('unicode', text);
    assert.equal(await redis.get('unicode'), text);
    assert.equal(await redis.strlen('unicode'), Buffer.byteLength(text));
    await redis.set('big', '9223372036854775807');
    // The SDK keeps numbers beyond 2^53 as their text.
    assert.equal(await redis.get('big'), '9223372036854775807');
    assert.equal(await client({ responseEncoding: false }).get('unicode'), text);
  });

  test('hashes, lists, sets and sorted sets with scores', async () => {
    await redis.flushall();
    assert.equal(await redis.hset('h', { name: 'Ada', age: 36 }), 2);
    assert.deepEqual(await redis.hgetall('h'), { name: 'Ada', age: 36 });
    assert.equal(await redis.hget('h', 'name'), 'Ada');
    assert.deepEqual(await redis.hmget('h', 'name', 'none'), { name: 'Ada', none: null });
    assert.equal(await redis.hincrby('h', 'age', 1), 37);
    assert.equal(await redis.rpush('l', 'a', 'b', 'c'), 3);
    assert.deepEqual(await redis.lrange('l', 0, -1), ['a', 'b', 'c']);
    assert.equal(await redis.lpop('l'), 'a');
    assert.deepEqual(await redis.lpop('l', 5), ['b', 'c']);
    assert.equal(await redis.sadd('s', 'x', 'y', 'z'), 3);
    assert.equal(await redis.sismember('s', 'y'), 1);
    assert.deepEqual((await redis.smembers('s')).sort(), ['x', 'y', 'z']);
    assert.equal(await redis.zadd('z', { score: 2, member: 'two' }, { score: 1.5, member: 'one' }), 2);
    assert.deepEqual(await redis.zrange('z', 0, -1, { withScores: true }), ['one', 1.5, 'two', 2]);
    assert.equal(await redis.zscore('z', 'one'), 1.5);
    assert.equal(await redis.zincrby('z', 10, 'one'), 11.5);
    assert.deepEqual(await redis.zrange('z', 0, 1, { rev: true }), ['one', 'two']);
    assert.deepEqual(await redis.zrange('z', 0, 100, { byScore: true, offset: 0, count: 1 }), ['two']);
  });

  test('hash-field TTLs (Redis 7.4/8.0 commands the SDK exposes)', { skip: suitesRunThroughGateway() && 'the redis-server 7.0 upstream has no hash-field TTLs' }, async () => {
    await redis.flushall();
    await redis.hset('fields', { a: 1, b: 2, c: 3 });
    assert.deepEqual(await redis.hexpire('fields', ['a', 'nope'], 100), [1, -2]);
    const ttls = await redis.httl('fields', ['a', 'b']);
    assert.ok(ttls[0]! > 95 && ttls[0]! <= 100);
    assert.equal(ttls[1], -1);
    assert.deepEqual(await redis.hpersist('fields', ['a', 'b']), [1, -1]);
    assert.equal(await redis.hsetex('fields', { conditional: 'FNX', expiration: { px: 40 } }, { d: 'soon' }), 1);
    assert.deepEqual(await redis.hgetdel('fields', 'c'), { c: 3 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(await redis.hgetall('fields'), { a: 1, b: 2 });
    assert.deepEqual(await redis.hgetex('fields', { ex: 50 }, 'b'), { b: 2 });
    assert.ok((await redis.httl('fields', 'b'))[0]! > 0);
  });

  test('scan iterators run to the end', async () => {
    await redis.flushall();
    const pipeline = redis.pipeline();
    for (let i = 0; i < 300; i++) pipeline.set(`tenant:1:key:${i}`, i);
    for (let i = 0; i < 50; i++) pipeline.set(`tenant:2:key:${i}`, i);
    await pipeline.exec();
    const keys = new Set<string>();
    let cursor: string | number = '0';
    do {
      const [next, batch]: [string, string[]] = await redis.scan(cursor, { match: 'tenant:1:*', count: 50 });
      cursor = next;
      for (const key of batch) keys.add(key);
    } while (String(cursor) !== '0');
    assert.equal(keys.size, 300);
    const typed = await redis.scan(0, { count: 1000, type: 'string' });
    assert.equal(typed[1].length, 350);
    const withTypes = await redis.scan(0, { count: 1000, match: 'tenant:2:*', withType: true });
    assert.equal(withTypes[1].length, 50);
    assert.deepEqual(withTypes[1][0], { key: withTypes[1][0]!.key, type: 'string' });
    await redis.hset('big-hash', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i])));
    let fields = 0;
    let hashCursor: string | number = '0';
    do {
      const [next, batch]: [string, Array<string | number>] = await redis.hscan('big-hash', hashCursor, { count: 40 });
      hashCursor = next;
      fields += batch.length / 2;
    } while (String(hashCursor) !== '0');
    assert.equal(fields, 300);
  });

  test('pipeline and multi, including failing items', async () => {
    await redis.flushall();
    const results = await redis.pipeline().set('a', 'text').incr('a').get('a').exec({ keepErrors: true });
    assert.equal(results[0]!.result, 'OK');
    assert.match(String(results[1]!.error), /ERR value is not an integer/);
    assert.equal(results[2]!.result, 'text');
    await assert.rejects(redis.pipeline().set('b', '1').incr('a').exec(), /Command 2 \[ incr \] failed: ERR value is not an integer/);
    assert.deepEqual(await redis.multi().set('c', 1).incr('c').get('c').exec(), ['OK', 2, 2]);
    await assert.rejects(redis.multi().set('d', 1).lpush('a', 'x').exec(), /WRONGTYPE/);
    assert.equal(await redis.get('d'), 1);
  });

  test('auto-pipelining batches concurrent commands', async () => {
    const auto = client({ enableAutoPipelining: true });
    await auto.flushall();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => auto.set(`auto:${i}`, i)));
    assert.ok(answers.every((answer) => answer === 'OK'));
    const values = await Promise.all(Array.from({ length: 200 }, (_, i) => auto.get<number>(`auto:${i}`)));
    assert.deepEqual(values, Array.from({ length: 200 }, (_, i) => i));
    assert.equal(await auto.dbsize(), 200);
  });

  test('base64 responses off and on give the same values', async () => {
    const plain = client({ responseEncoding: false });
    await redis.set('both', 'OK');
    await redis.hset('bh', { f: 'PONG' });
    assert.equal(await plain.get('both'), 'OK');
    assert.equal(await redis.get('both'), 'OK');
    assert.deepEqual(await plain.hgetall('bh'), { f: 'PONG' });
    assert.deepEqual(await redis.hgetall('bh'), { f: 'PONG' });
    assert.equal(await redis.ping(), 'PONG');
    assert.equal(await redis.echo('QUEUED'), 'QUEUED');
  });

  test('the read-only token reads and cannot write; a wrong token is refused', async () => {
    await redis.set('shared', 'value');
    const reader = new UpstashRedis({ url: server.restUrl, token: READONLY_TOKEN, enableTelemetry: false });
    assert.equal(await reader.get('shared'), 'value');
    await assert.rejects(reader.set('shared', 'other'), /NOPERM this user has no permissions to run the 'set' command/);
    await assert.rejects(reader.keys('*'), /NOPERM/);
    const intruder = new UpstashRedis({ url: server.restUrl, token: 'not-the-token', enableTelemetry: false });
    await assert.rejects(intruder.get('shared'), /WRONGPASS invalid or missing auth token/);
  });

  test('read-your-writes: the sync token changes after every write', async () => {
    const tracked = client({ readYourWrites: true });
    await tracked.set('ryw', 1);
    const first = tracked.readYourWritesSyncToken;
    assert.ok(first !== undefined && first !== '');
    await tracked.get('ryw');
    assert.equal(tracked.readYourWritesSyncToken, first);
    await tracked.set('ryw', 2);
    const second = tracked.readYourWritesSyncToken;
    assert.notEqual(second, first);
    await tracked.pipeline().incr('ryw').incr('ryw').exec();
    assert.notEqual(tracked.readYourWritesSyncToken, second);
  });

  test('subscribe over SSE receives what a RESP client publishes', async () => {
    const publisher = new IORedis(server.port, '127.0.0.1');
    try {
      const subscriber = redis.subscribe<unknown>(['news']);
      const received: Array<{ channel: string; message: unknown }> = [];
      const counts: number[] = [];
      subscriber.on('subscribe', (count) => counts.push(count));
      subscriber.on('message', (event) => received.push(event));
      await until(() => counts.length === 1, 'the subscribe confirmation');
      assert.deepEqual(counts, [1]);
      assert.equal(await publisher.publish('news', JSON.stringify({ title: 'a, b, c' })), 1);
      assert.equal(await publisher.publish('news', 'plain text, with commas'), 1);
      await until(() => received.length === 2, 'two messages');
      assert.deepEqual(received, [{ channel: 'news', message: { title: 'a, b, c' } }, { channel: 'news', message: 'plain text, with commas' }]);
      const patterns = redis.psubscribe<unknown>(['news*']);
      const patternMessages: unknown[] = [];
      patterns.on('pmessage', (event) => patternMessages.push(event));
      await until(async () => patternMessages.length === 0 && (await subscriptionCounts(server, 'news')).patterns === 1, 'the pattern subscription');
      // The SDK JSON-parses pattern messages without a fallback, so publish JSON.
      assert.equal(await redis.publish('news:eu', { n: 1 }), 1);
      await until(() => patternMessages.length === 1, 'the pattern message');
      assert.deepEqual(patternMessages[0], { pattern: 'news*', channel: 'news:eu', message: { n: 1 } });
      await subscriber.unsubscribe();
      await patterns.unsubscribe();
      // The server notices the aborted streams and drops the subscriptions.
      await until(async () => { const counts = await subscriptionCounts(server, 'news'); return counts.subscribers === 0 && counts.patterns === 0; }, 'cleanup after abort');
      assert.equal(await publisher.publish('news', 'nobody'), 0);
    } finally {
      publisher.disconnect();
    }
  });
});

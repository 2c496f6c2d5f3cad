import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import type { RunningServer } from '../../src/index.js';
import { call, command, startRestServer } from './rest-fixtures.js';

// One keyspace behind both front ends: what RESP writes, REST reads, and the reverse, bytes included.

let server: RunningServer;
let redis: Redis;
before(async () => {
  server = await startRestServer();
  redis = new Redis(server.port, '127.0.0.1');
});
after(async () => {
  redis.disconnect();
  await server.close();
});

const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));

test('written over RESP, read over REST', async () => {
  await redis.flushall();
  await redis.set('text', 'héllo 🦄');
  await redis.set(Buffer.from('bin\xff\x00', 'latin1'), BINARY);
  await redis.hset('h', 'field', 'value');
  await redis.zadd('z', '2.5', 'm');
  await redis.rpush('l', 'a', 'b');
  assert.deepEqual((await command(server, ['GET', 'text'])).json, { result: 'héllo 🦄' });
  const binary = (await call(server, '/get/bin%FF%00', { headers: { 'Upstash-Encoding': 'base64' } })).json as { result: string };
  assert.deepEqual(Buffer.from(binary.result, 'base64'), BINARY);
  assert.deepEqual((await command(server, ['HGETALL', 'h'])).json, { result: ['field', 'value'] });
  assert.deepEqual((await command(server, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])).json, { result: ['m', '2.5'] });
  assert.deepEqual((await command(server, ['LRANGE', 'l', '0', '-1'])).json, { result: ['a', 'b'] });
  assert.deepEqual((await command(server, ['DBSIZE'])).json, { result: 5 });
});

test('written over REST, read over RESP', async () => {
  await redis.flushall();
  await command(server, ['SET', 'text', 'Grüße 𝄞']);
  await call(server, '/set/bin', { body: BINARY });
  await call(server, '/pipeline', { body: JSON.stringify([['HSET', 'h', 'a', 1], ['SADD', 's', 'x'], ['EXPIRE', 'text', 100]]) });
  await call(server, '/multi-exec', { body: JSON.stringify([['INCR', 'n'], ['INCR', 'n']]) });
  assert.equal(await redis.get('text'), 'Grüße 𝄞');
  assert.deepEqual(await redis.getBuffer('bin'), BINARY);
  assert.deepEqual(await redis.hgetall('h'), { a: '1' });
  assert.deepEqual(await redis.smembers('s'), ['x']);
  assert.ok((await redis.ttl('text')) > 90);
  assert.equal(await redis.get('n'), '2');
});

test('a REST write wakes a client blocked over RESP', async () => {
  await redis.flushall();
  const blocked = new Redis(server.port, '127.0.0.1');
  try {
    const waiting = blocked.blpop('jobs', 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await command(server, ['RPUSH', 'jobs', 'job-1']);
    assert.deepEqual(await waiting, ['jobs', 'job-1']);
  } finally {
    blocked.disconnect();
  }
});

test('WATCH over RESP sees a REST write', async () => {
  await redis.flushall();
  const watcher = new Redis(server.port, '127.0.0.1');
  try {
    await watcher.watch('balance');
    await command(server, ['SET', 'balance', '10']);
    const result = await watcher.multi().set('balance', '0').exec();
    assert.equal(result, null);
    assert.equal(await redis.get('balance'), '10');
  } finally {
    watcher.disconnect();
  }
});

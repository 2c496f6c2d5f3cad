import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createClient } from '@vercel/kv';
import type { RunningServer } from '../../src/index.js';
import { startRestServer, TOKEN } from './rest-fixtures.js';

// @vercel/kv (auto-pipelining on for everything, scan iterators) against Restis.

let server: RunningServer;
before(async () => {
  server = await startRestServer();
});
after(() => server.close());

test('@vercel/kv: values, hashes, expiry, and every scan iterator to the end', async () => {
  const kv = createClient({ url: server.restUrl, token: TOKEN });
  await kv.flushall();
  await kv.set('session:abc', { user: 42, roles: ['admin'] }, { ex: 60 });
  assert.deepEqual(await kv.get('session:abc'), { user: 42, roles: ['admin'] });
  assert.ok((await kv.ttl('session:abc')) > 0);
  const writes = [];
  for (let i = 0; i < 120; i++) writes.push(kv.set(`tenant:7:item:${i}`, i));
  await Promise.all(writes);
  await kv.hset('h', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, i])));
  await kv.sadd('s', 'm0', ...Array.from({ length: 199 }, (_, i) => `m${i + 1}`));
  await kv.zadd('z', { score: 0, member: 'z0' }, ...Array.from({ length: 199 }, (_, i) => ({ score: i + 1, member: `z${i + 1}` })));

  const keys: string[] = [];
  for await (const key of kv.scanIterator({ match: 'tenant:7:*', count: 25 })) keys.push(key);
  assert.equal(new Set(keys).size, 120);
  let hashItems = 0;
  for await (const _ of kv.hscanIterator('h', { count: 30 })) hashItems++;
  assert.equal(hashItems, 400);
  let setItems = 0;
  for await (const _ of kv.sscanIterator('s', { count: 30 })) setItems++;
  assert.equal(setItems, 200);
  let zsetItems = 0;
  for await (const _ of kv.zscanIterator('z', { count: 30 })) zsetItems++;
  assert.equal(zsetItems, 400);
  assert.equal(await kv.dbsize(), 124);
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { blockedClients, startTarget, waitForBlocked, type ClientTarget } from './client-fixtures.js';

// BZPOPMIN, BZPOPMAX and BZMPOP with several real ioredis clients racing against one server: who
// is served first, with what, timeouts, CLIENT UNBLOCK, disconnects and databases.
// RESTIS_CLIENT_TESTS_TARGET=redis runs the same expectations against redis-server.

const PASSWORD = 'zsets secret';

/** Scores come back as bulk strings in RESP2 and doubles in RESP3: compare them as text. */
function normalize(reply: unknown): unknown {
  if (Array.isArray(reply)) return reply.map(normalize);
  return reply === null ? null : String(reply);
}

for (const protocol of [2, 3] as const) {
  describe(`blocking sorted set pops (RESP${protocol})`, () => {
    let target: ClientTarget;
    const clients: Redis[] = [];

    async function client(db = 0): Promise<Redis> {
      const redis = new Redis({
        host: '127.0.0.1', port: target.port, password: PASSWORD, db, protocol,
        lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0,
      });
      redis.on('error', () => {});
      await redis.connect();
      clients.push(redis);
      return redis;
    }



    const call = async (redis: Redis, ...args: string[]): Promise<unknown> => normalize(await redis.call(args[0]!, ...args.slice(1)));

    before(async () => {
      target = await startTarget(PASSWORD);
    });
    after(async () => {
      for (const redis of clients) redis.disconnect();
      await target?.close();
    });

    test('waiters on one key are served in the order they blocked, each with its own member', async () => {
      const [admin, a, b, c] = await Promise.all([client(), client(), client(), client()]);
      await admin.flushall();
      const first = call(a, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 1);
      const second = call(b, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 2);
      const third = call(c, 'BZPOPMAX', 'z', '0');
      await waitForBlocked(admin, 3);
      // One ZADD of three members: after it, the waiters pop in blocking order.
      assert.equal(await admin.zadd('z', 1, 'a', 2, 'b', 3, 'c'), 3);
      assert.deepEqual(await first, ['z', 'a', '1']);
      assert.deepEqual(await second, ['z', 'b', '2']);
      assert.deepEqual(await third, ['z', 'c', '3']);
      assert.equal(await admin.exists('z'), 0);
      assert.equal(await blockedClients(admin), 0);
    });

    test('one member for many waiters: the first is served, the others keep waiting', async () => {
      const [admin, a, b] = await Promise.all([client(), client(), client()]);
      await admin.flushall();
      const first = call(a, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 1);
      const second = call(b, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 2);
      await admin.zadd('z', 5, 'only');
      assert.deepEqual(await first, ['z', 'only', '5']);
      assert.equal(await blockedClients(admin), 1);
      await admin.zincrby('z', 1.5, 'next');
      assert.deepEqual(await second, ['z', 'next', '1.5']);
    });

    test('a waiter on several keys is served from the key that got members', async () => {
      const [admin, waiter] = await Promise.all([client(), client()]);
      await admin.flushall();
      const wait = call(waiter, 'BZPOPMAX', 'k1', 'k2', 'k3', '0');
      await waitForBlocked(admin, 1);
      await admin.zadd('k2', 1, 'low', 9, 'high');
      assert.deepEqual(await wait, ['k2', 'high', '9']);
      assert.deepEqual(await call(admin, 'ZRANGE', 'k2', '0', '-1'), ['low']);
    });

    test('BZMPOP waits and then pops up to COUNT members, nested per member', async () => {
      const [admin, waiter] = await Promise.all([client(), client()]);
      await admin.flushall();
      const wait = call(waiter, 'BZMPOP', '0', '2', 'a', 'b', 'MAX', 'COUNT', '2');
      await waitForBlocked(admin, 1);
      await admin.zadd('b', 1, 'x', 2, 'y', 3, 'z');
      assert.deepEqual(await wait, ['b', [['z', '3'], ['y', '2']]]);
      assert.equal(await admin.zcard('b'), 1);
    });

    test('a store command into a waited key wakes the waiter', async () => {
      const [admin, waiter] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.zadd('src', 4, 'm', 2, 'n');
      const wait = call(waiter, 'BZPOPMIN', 'dst', '0');
      await waitForBlocked(admin, 1);
      assert.equal(await admin.call('ZUNIONSTORE', 'dst', '1', 'src'), 2);
      assert.deepEqual(await wait, ['dst', 'n', '2']);
    });

    test('timeouts accept decimals and answer a null reply', async () => {
      const [admin, waiter] = await Promise.all([client(), client()]);
      await admin.flushall();
      let started = Date.now();
      assert.equal(await call(waiter, 'BZPOPMIN', 'z', '0.15'), null);
      let elapsed = Date.now() - started;
      assert.ok(elapsed >= 140 && elapsed < 2000, `waited ${elapsed} ms`);
      started = Date.now();
      assert.equal(await call(waiter, 'BZMPOP', '0.1', '1', 'z', 'MIN'), null);
      elapsed = Date.now() - started;
      assert.ok(elapsed >= 90 && elapsed < 2000, `waited ${elapsed} ms`);
      assert.equal(await blockedClients(admin), 0);
    });

    test('CLIENT UNBLOCK ends a wait as a timeout, or with an UNBLOCKED error', async () => {
      const [admin, waiter] = await Promise.all([client(), client()]);
      await admin.flushall();
      const id = String(await waiter.client('ID'));
      const asTimeout = call(waiter, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 1);
      assert.equal(await admin.client('UNBLOCK', id), 1);
      assert.equal(await asTimeout, null);
      // The error may arrive before CLIENT UNBLOCK's own reply (Redis writes the newest pending
      // replies first), so the expectation is attached before the command is sent.
      const asError = assert.rejects(call(waiter, 'BZMPOP', '0', '1', 'z', 'MIN'), /^ReplyError: UNBLOCKED client unblocked via CLIENT UNBLOCK/);
      await waitForBlocked(admin, 1);
      assert.equal(await admin.client('UNBLOCK', id, 'ERROR'), 1);
      await asError;
      assert.equal(await admin.client('UNBLOCK', id), 0);
    });

    test('a client that disconnects while blocked leaves no trace', async () => {
      const [admin, leaver] = await Promise.all([client(), client()]);
      await admin.flushall();
      leaver.call('BZPOPMIN', 'z', '0').catch(() => {});
      await waitForBlocked(admin, 1);
      leaver.disconnect();
      await waitForBlocked(admin, 0);
      await admin.zadd('z', 1, 'kept');
      assert.deepEqual(await call(admin, 'ZRANGE', 'z', '0', '-1'), ['kept']);
    });

    test('a waiter is woken only by its own database, and only by a sorted set', async () => {
      const [admin, waiter] = await Promise.all([client(), client(1)]);
      await admin.flushall();
      const wait = call(waiter, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 1);
      await admin.zadd('z', 1, 'db0');
      await admin.set('other', 'x');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await blockedClients(admin), 1);
      await admin.select(1);
      await admin.set('z', 'a string');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await blockedClients(admin), 1);
      await admin.del('z');
      await admin.zadd('z', 7, 'db1');
      assert.deepEqual(await wait, ['z', 'db1', '7']);
      assert.equal(await admin.zcard('z'), 0);
      await admin.select(0);
      assert.equal(await admin.zcard('z'), 1);
    });

    test('ZADD XX on a missing key adds nothing and wakes nobody', async () => {
      const [admin, waiter] = await Promise.all([client(), client()]);
      await admin.flushall();
      const wait = call(waiter, 'BZPOPMIN', 'z', '0');
      await waitForBlocked(admin, 1);
      assert.equal(await admin.call('ZADD', 'z', 'XX', '1', 'a'), 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await blockedClients(admin), 1);
      await admin.zadd('z', 2, 'b');
      assert.deepEqual(await wait, ['z', 'b', '2']);
    });

    test('racing poppers and pushers: every member is popped exactly once', async () => {
      const admin = await client();
      await admin.flushall();
      const poppers = await Promise.all(Array.from({ length: 6 }, () => client()));
      const pushers = await Promise.all(Array.from({ length: 3 }, () => client()));
      const perPopper = 10;
      const popped: string[] = [];
      const popping = poppers.map(async (redis) => {
        for (let i = 0; i < perPopper; i++) {
          const reply = (await call(redis, 'BZPOPMIN', 'q1', 'q2', '5')) as string[] | null;
          assert.ok(reply !== null, 'a popper timed out');
          popped.push(reply[1]!);
        }
      });
      const total = poppers.length * perPopper;
      const pushing = pushers.map(async (redis, p) => {
        for (let i = p; i < total; i += pushers.length) await redis.zadd(i % 2 === 0 ? 'q1' : 'q2', i, `m${i}`);
      });
      await Promise.all([...popping, ...pushing]);
      assert.equal(popped.length, total);
      assert.equal(new Set(popped).size, total);
      assert.equal(await admin.exists('q1', 'q2'), 0);
      assert.equal(await blockedClients(admin), 0);
    });
  });
}

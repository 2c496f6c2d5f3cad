import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import Redlock, { ExecutionError, type RedlockAbortSignal } from 'redlock';
import { waitUntil } from './client-fixtures.js';
import { libraryTargets, sleep, type LibraryTarget } from './library-targets.js';

// redlock (unmodified; its acquire/extend/release Lua scripts) over three independent servers: three
// Restis instances, then three redis-servers, with one test body. A lock needs a quorum of two.

for (const [target, start] of libraryTargets('redlock')) {
  describe(`redlock over three ${target} instances`, () => {
    const servers: LibraryTarget[] = [];
    const clients: Redis[] = [];
    // (The redis-server helper's stop() never resolves a second time, so each server is stopped once.)
    const stopped = new Set<LibraryTarget>();
    const stop = async (server: LibraryTarget): Promise<void> => {
      if (stopped.has(server)) return;
      stopped.add(server);
      await server.close();
    };

    before(async () => {
      for (let index = 0; index < 3; index++) {
        const server = await start();
        servers.push(server);
        const client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
        client.on('error', () => {});
        clients.push(client);
      }
    });
    after(async () => {
      for (const client of clients) client.disconnect();
      for (const server of servers) await stop(server);
    });

    const redlock = (retryCount = 0): Redlock => new Redlock(clients, { retryCount, retryDelay: 50, retryJitter: 10 });

    test('a lock excludes a second holder until it is released, and lives on every instance', async () => {
      const locks = redlock();
      const lock = await locks.acquire(['orders:42'], 2000);
      // acquire() resolves once a quorum agreed; the third instance may answer a moment later.
      assert.ok(await waitUntil(async () => (await Promise.all(clients.map((client) => client.exists('orders:42')))).every((count) => count === 1), 1000));
      for (const client of clients) {
        assert.equal(await client.get('orders:42'), lock.value);
        const ttl = await client.pttl('orders:42');
        assert.ok(ttl > 1500 && ttl <= 2000, `pttl ${ttl}`);
      }
      await assert.rejects(locks.acquire(['orders:42'], 2000), ExecutionError);
      // Multi-resource locks conflict on any shared resource.
      await assert.rejects(locks.acquire(['orders:41', 'orders:42'], 2000), ExecutionError);
      assert.equal(await clients[0]!.exists('orders:41'), 0, 'a failed acquire leaves nothing behind');
      await lock.release();
      assert.ok(await waitUntil(async () => (await Promise.all(clients.map((client) => client.exists('orders:42')))).every((count) => count === 0), 1000));
      const again = await locks.acquire(['orders:41', 'orders:42'], 1000);
      assert.deepEqual(again.resources, ['orders:41', 'orders:42']);
      await again.release();
    });

    test('extend pushes the deadline out on every instance; an expired lock can be taken by others', async () => {
      const locks = redlock();
      const lock = await locks.acquire(['report'], 300);
      const extended = await lock.extend(3000);
      assert.ok(await waitUntil(async () => (await Promise.all(clients.map((client) => client.pttl('report')))).every((ttl) => ttl > 2000), 1000));
      await extended.release();

      await locks.acquire(['short'], 150);
      await sleep(250);
      const next = await locks.acquire(['short'], 1000);
      await next.release();
    });

    test('waiting acquirers take turns; using() extends a lock while the routine runs', async () => {
      const locks = redlock(40);
      const order: number[] = [];
      let holders = 0;
      await Promise.all([1, 2, 3].map(async (worker) => {
        const lock = await locks.acquire(['turns'], 1000);
        holders++;
        assert.equal(holders, 1, 'two holders at once');
        order.push(worker);
        await sleep(60);
        holders--;
        await lock.release();
      }));
      assert.equal(order.length, 3);

      await locks.using(['long-job'], 300, { automaticExtensionThreshold: 150 }, async (signal: RedlockAbortSignal) => {
        await sleep(700);
        assert.equal(signal.aborted, false);
        for (const client of clients) assert.equal(await client.exists('long-job'), 1);
      });
      assert.ok(await waitUntil(async () => (await Promise.all(clients.map((client) => client.exists('long-job')))).every((count) => count === 0), 1000));
    });

    test('the quorum holds with one instance down and fails with two down', async () => {
      await stop(servers[2]!);
      const locks = redlock();
      const lock = await locks.acquire(['quorum'], 2000);
      assert.equal(lock.attempts.length, 1);
      await lock.release().catch(() => {});
      await stop(servers[1]!);
      await assert.rejects(locks.acquire(['quorum-2'], 2000), ExecutionError);
    });
  });
}

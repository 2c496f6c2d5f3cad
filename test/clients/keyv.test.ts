import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import KeyvRedis, { Keyv } from '@keyv/redis';
import { createClient } from 'redis';
import { libraryTargets, sleep, type LibraryTarget } from './library-targets.js';

// keyv with its @keyv/redis store (unmodified), against Restis and redis-server with one test body.
// The store names keys `<namespace>::<key>`.

for (const [target, start] of libraryTargets('keyv')) {
  describe(`keyv with @keyv/redis on ${target}`, () => {
    let server: LibraryTarget;
    const stores: KeyvRedis<unknown>[] = [];
    let inspector: ReturnType<typeof createClient>;

    const keyv = <T>(namespace: string): Keyv<T> => {
      const store = new KeyvRedis<T>(`redis://127.0.0.1:${server.port}`);
      stores.push(store as KeyvRedis<unknown>);
      return new Keyv<T>({ store, namespace, useKeyPrefix: false });
    };

    before(async () => {
      server = await start();
      inspector = createClient({ url: `redis://127.0.0.1:${server.port}` });
      await inspector.connect();
    });
    after(async () => {
      for (const store of stores) await store.disconnect().catch(() => {});
      await inspector.close();
      await server.close();
    });

    test('values round-trip with their types; has, delete and many-key calls', async () => {
      const cache = keyv<unknown>('app');
      assert.equal(await cache.set('user:1', { name: 'Ada', tags: ['x'], admin: true }), true);
      assert.deepEqual(await cache.get('user:1'), { name: 'Ada', tags: ['x'], admin: true });
      await cache.set('count', 42);
      assert.equal(await cache.get('count'), 42);
      await cache.set('bytes', Buffer.from([0, 255, 10]));
      assert.deepEqual(await cache.get('bytes'), Buffer.from([0, 255, 10]));
      assert.equal(await cache.get('missing'), undefined);
      assert.equal(await cache.has('count'), true);
      assert.equal(await cache.has('missing'), false);
      assert.deepEqual(await cache.get(['count', 'missing', 'user:1']), [42, undefined, { name: 'Ada', tags: ['x'], admin: true }]);
      await cache.setMany([{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
      assert.deepEqual(await cache.getMany(['a', 'b']), [1, 2]);
      assert.equal(await cache.delete('a'), true);
      assert.equal(await cache.delete('a'), false);
      assert.equal(await cache.deleteMany(['b', 'count']), true);
      assert.ok((await inspector.keys('app:*')).includes('app::user:1'));
    });

    test('a TTL expires the entry in the store itself', async () => {
      const cache = keyv<string>('ttl');
      await cache.set('session', 'value', 300);
      const pttl = await inspector.pTTL('ttl::session');
      assert.ok(pttl > 0 && pttl <= 300, `pttl ${pttl}`);
      assert.equal(await cache.get('session'), 'value');
      await sleep(400);
      assert.equal(await cache.get('session'), undefined);
      assert.equal(await inspector.exists('ttl::session'), 0);
    });

    test('clear removes one namespace only; iterate lists a namespace', async () => {
      const one = keyv<number>('one');
      const two = keyv<number>('two');
      for (let index = 0; index < 150; index++) await one.set(`k${index}`, index);
      await two.set('kept', 7);
      const seen: number[] = [];
      for await (const [, value] of one.iterator!(undefined)) seen.push(value as number);
      assert.equal(seen.length, 150);
      await one.clear();
      assert.equal((await inspector.keys('one:*')).length, 0);
      assert.equal(await two.get('kept'), 7);
    });
  });
}

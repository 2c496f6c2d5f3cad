import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';

// SCAN's guarantee: a key present from the start to the end of a full iteration is returned at
// least once, however the keyspace changes between calls, and the iteration ends.

describe('SCAN while the keyspace changes', () => {
  let server: RunningServer;
  let client: RawClient;

  before(async () => {
    server = await startServer();
    client = await RawClient.connect(server.port);
  });

  after(async () => {
    await client.close();
    await server.close();
  });

  /** Runs one full SCAN iteration, calling `between` after every call; returns every key seen. */
  async function fullScan(count: number, between: (call: number) => Promise<void>): Promise<{ seen: Set<string>; calls: number }> {
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const reply = await client.call('SCAN', cursor, 'COUNT', String(count));
      assert.equal(reply.kind, '*');
      const [next, keys] = reply.items!;
      cursor = next!.text!;
      for (const key of keys!.items!) seen.add(key.text!);
      calls++;
      assert.ok(calls < 100_000, 'the iteration does not terminate');
      await between(calls);
    } while (cursor !== '0');
    return { seen, calls };
  }

  test('keys present throughout are all returned, with 5000 keys and churn between calls', async () => {
    await client.call('FLUSHALL');
    const stable: string[] = [];
    const args = ['MSET'];
    for (let i = 0; i < 5000; i++) {
      const key = `stable:${i}`;
      stable.push(key);
      args.push(key, 'v');
    }
    for (let i = 0; i < 2000; i++) args.push(`churn:${i}`, 'v');
    assert.equal((await client.call(...args)).text, 'OK');

    let added = 0;
    let deleted = 0;
    const { seen, calls } = await fullScan(10, async (call) => {
      // Delete keys that existed at the start and add new ones, in both halves of the iteration.
      if (deleted < 2000) await client.call('DEL', `churn:${deleted++}`, `churn:${deleted++}`);
      await client.call('SET', `new:${added++}`, 'v');
      if (call % 7 === 0) await client.call('SET', `new:${added++}`, 'v', 'PX', '1');
    });

    for (const key of stable) assert.ok(seen.has(key), `${key} was never returned`);
    // Roughly one call per 10 keys visited: the cursor made progress on every call.
    assert.ok(calls <= (5000 + 2000 + added) / 10 + 10, `too many calls: ${calls}`);
  });

  test('an iteration over an empty database ends at once', async () => {
    await client.call('FLUSHALL');
    const { seen, calls } = await fullScan(10, async () => {});
    assert.equal(seen.size, 0);
    assert.equal(calls, 1);
  });

  test('an unknown cursor starts over instead of failing', async () => {
    await client.call('FLUSHALL');
    await client.call('MSET', 'a', '1', 'b', '2', 'c', '3');
    const reply = await client.call('SCAN', '123456789', 'COUNT', '100');
    const [next, keys] = reply.items!;
    assert.equal(next!.text, '0');
    assert.deepEqual(keys!.items!.map((key) => key.text).sort(), ['a', 'b', 'c']);
  });

  // Not promised by Redis's documentation, but true of Redis (deleted keys leave its table) and of Restis.
  test('a key deleted before the scan reaches it is not returned', async () => {
    await client.call('FLUSHALL');
    const args = ['MSET'];
    for (let i = 0; i < 100; i++) args.push(`k:${i}`, 'v');
    await client.call(...args);
    const first = await client.call('SCAN', '0', 'COUNT', '10');
    const firstKeys = new Set(first.items![1]!.items!.map((key) => key.text!));
    const unseen = [...Array(100).keys()].map((i) => `k:${i}`).filter((key) => !firstKeys.has(key));
    await client.call('DEL', ...unseen.slice(0, 50));
    const { seen } = await (async () => {
      const all = new Set<string>();
      let cursor = first.items![0]!.text!;
      while (cursor !== '0') {
        const reply = await client.call('SCAN', cursor, 'COUNT', '10');
        cursor = reply.items![0]!.text!;
        for (const key of reply.items![1]!.items!) all.add(key.text!);
      }
      return { seen: all };
    })();
    for (const key of unseen.slice(0, 50)) assert.ok(!seen.has(key), `${key} was deleted but returned`);
    for (const key of unseen.slice(50)) assert.ok(seen.has(key), `${key} was never returned`);
  });
});

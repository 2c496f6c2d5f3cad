import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { HashValue } from '../../src/engine/types/hash.js';
import { integerKey, integerTextAt } from '../../src/engine/types/packed-integers.js';
import { distinctRandomIndices } from '../../src/engine/types/random-picks.js';
import { SetValue } from '../../src/engine/types/set.js';
import { RawClient } from '../helpers/raw-client.js';
import { seededRandom } from '../helpers/seeded-random.js';

// The hash and set value types against plain Map/Set models, the uniformity of their random
// picks, and HSCAN/SSCAN's guarantee over hashtable-encoded collections that change between calls.

const LIMITS = { hashMaxListpackEntries: 8, hashMaxListpackValue: 16 };

describe('HashValue', () => {
  test('behaves as a Map through both encodings; listpack order is insertion order', () => {
    const random = seededRandom(7);
    let hash = new HashValue();
    let model = new Map<string, string>();
    for (let step = 0; step < 20_000; step++) {
      const field = `f${random.below(12)}`;
      if (random.next() < 0.55) {
        const value = random.next() < 0.02 ? 'v'.repeat(20) : `v${step}`;
        assert.equal(hash.set(field, value, LIMITS), !model.has(field));
        model.set(field, value);
      } else {
        assert.equal(hash.delete(field), model.delete(field));
      }
      assert.equal(hash.size, model.size);
      if (hash.isCompact) assert.deepEqual(hash.pairs(), [...model].flat());
      if (model.size === 0) {
        // A collection Redis would have deleted: start over with a fresh one.
        hash = new HashValue();
        model = new Map();
      }
    }
    for (const [field, value] of model) assert.equal(hash.get(field), value);
  });

  test('converts to hashtable past the entry and length limits, never back', () => {
    const hash = new HashValue();
    for (let i = 0; i < 8; i++) hash.set(`f${i}`, 'v', LIMITS);
    assert.equal(hash.encoding(), 'listpack');
    hash.set('f8', 'v', LIMITS);
    assert.equal(hash.encoding(), 'hashtable');
    hash.delete('f8');
    assert.equal(hash.encoding(), 'hashtable');
    const long = new HashValue();
    long.set('x'.repeat(17), 'v', LIMITS);
    assert.equal(long.encoding(), 'hashtable');
  });

  test('clone is deep and keeps the encoding', () => {
    const hash = new HashValue();
    for (let i = 0; i < 10; i++) hash.set(`f${i}`, `${i}`, LIMITS);
    const copy = hash.clone();
    copy.set('f0', 'changed', LIMITS);
    copy.delete('f1');
    assert.equal(hash.get('f0'), '0');
    assert.equal(hash.get('f1'), '1');
    assert.equal(copy.encoding(), 'hashtable');
  });
});

describe('SetValue', () => {
  test('packed integer keys sort as numbers and decode back', () => {
    const texts = ['-9223372036854775808', '-9007199254740993', '-4294967296', '-1', '0', '1', '4294967295', '4294967296',
      '999999999999999', '1000000000000000', '9007199254740993', '9223372036854775807'];
    const keys = texts.map(integerKey);
    for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1]! < keys[i]!, `${texts[i - 1]} < ${texts[i]}`);
    for (let i = 0; i < texts.length; i++) assert.equal(integerTextAt(keys[i]!, 0), texts[i]);
  });

  test('behaves as a Set through both encodings; an intset iterates in ascending order', () => {
    const random = seededRandom(11);
    let set = new SetValue();
    let model = new Set<string>();
    const pool = ['-5', '0', '3', '17', '-9223372036854775808', '9223372036854775807', '123456789012', '42', '7', '-1'];
    for (let step = 0; step < 20_000; step++) {
      const member = random.next() < 0.03 ? 'word' : pool[random.below(pool.length)]!;
      if (random.next() < 0.55) {
        assert.equal(set.add(member, 6), !model.has(member));
        model.add(member);
      } else {
        assert.equal(set.delete(member), model.delete(member));
      }
      assert.equal(set.size, model.size);
      if (set.isCompact) assert.deepEqual(set.toArray(), [...model].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
      if (model.size === 0) {
        set = new SetValue();
        model = new Set();
      }
    }
  });

  test('random pops are uniform over the members', () => {
    for (const members of [['1', '2', '3', '4'], ['a', 'b', 'c', 'd']]) {
      const counts = new Map<string, number>();
      const rounds = 20_000;
      for (let round = 0; round < rounds; round++) {
        const set = new SetValue();
        for (const member of members) set.add(member, 512);
        const popped = set.popRandom();
        counts.set(popped, (counts.get(popped) ?? 0) + 1);
      }
      for (const member of members) {
        const share = (counts.get(member) ?? 0) / rounds;
        assert.ok(Math.abs(share - 0.25) < 0.02, `${member} popped with share ${share}`);
      }
    }
  });
});

test('distinctRandomIndices: distinct, in range, uniform', () => {
  for (const [size, count] of [[10, 3], [10, 8], [1000, 5], [5, 5], [5, 9]] as const) {
    const hits = new Array<number>(size).fill(0);
    const rounds = 4000;
    for (let round = 0; round < rounds; round++) {
      const picks = distinctRandomIndices(size, count);
      assert.equal(picks.length, Math.min(size, count));
      assert.equal(new Set(picks).size, picks.length);
      for (const pick of picks) {
        assert.ok(pick >= 0 && pick < size);
        hits[pick]!++;
      }
    }
    if (size <= 10) {
      const expected = (rounds * Math.min(size, count)) / size;
      for (const hit of hits) assert.ok(Math.abs(hit - expected) < expected * 0.12, `hits ${hits.join(' ')}`);
    }
  }
});

describe('HSCAN and SSCAN over hashtable encodings while they change', () => {
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

  async function fullScan(command: string, key: string, width: number, between: () => Promise<void>): Promise<Set<string>> {
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const reply = await client.call(command, key, cursor, 'COUNT', '7');
      const [next, items] = reply.items!;
      cursor = next!.text!;
      for (let i = 0; i < items!.items!.length; i += width) seen.add(items!.items![i]!.text!);
      assert.ok(++calls < 10_000, 'the iteration does not terminate');
      await between();
    } while (cursor !== '0');
    return seen;
  }

  test('every field present throughout is returned', async () => {
    const args = ['HSET', 'h'];
    for (let i = 0; i < 1000; i++) args.push(`stable:${i}`, 'v', `churn:${i}`, 'v');
    await client.call(...args);
    let step = 0;
    const seen = await fullScan('HSCAN', 'h', 2, async () => {
      await client.call('HDEL', 'h', `churn:${step}`);
      await client.call('HSET', 'h', `new:${step++}`, 'v');
    });
    for (let i = 0; i < 1000; i++) assert.ok(seen.has(`stable:${i}`), `stable:${i} missing`);
  });

  test('every member present throughout is returned', async () => {
    const args = ['SADD', 's'];
    for (let i = 0; i < 1000; i++) args.push(`stable:${i}`, `churn:${i}`);
    await client.call(...args);
    let step = 0;
    const seen = await fullScan('SSCAN', 's', 1, async () => {
      await client.call('SREM', 's', `churn:${step}`);
      await client.call('SADD', 's', `new:${step++}`);
    });
    for (let i = 0; i < 1000; i++) assert.ok(seen.has(`stable:${i}`), `stable:${i} missing`);
  });
});

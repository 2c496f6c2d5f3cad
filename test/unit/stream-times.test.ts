import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RespReply } from '../helpers/resp-reply.js';

// The stream replies that carry times (generated IDs, idle times, delivery and seen times) cannot
// be compared with redis-server byte for byte, so they are checked here against a clock the test
// moves by hand.

/** Replies as plain values: numbers for integers, strings, null, nested arrays (maps flattened). */
type Plain = string | number | null | Plain[];

function plain(reply: RespReply): Plain {
  if (reply.kind === '-') throw new Error(`error reply: ${reply.text}`);
  if (reply.items !== null) return reply.items.map(plain);
  if (reply.kind === ':') return Number(reply.text);
  return reply.text;
}

/** A flattened map as an object. */
function fields(list: Plain): Record<string, Plain> {
  const pairs = list as Plain[];
  const out: Record<string, Plain> = {};
  for (let i = 0; i < pairs.length; i += 2) out[pairs[i] as string] = pairs[i + 1]!;
  return out;
}

describe('stream time fields', () => {
  let now = 1_700_000_000_000;
  let restis: RunningServer;
  let client: RawClient;
  const call = async (...argv: string[]): Promise<Plain> => plain(await client.call(...argv));

  before(async () => {
    restis = await startServer({ clock: () => now });
    client = await RawClient.connect(restis.port);
  });
  after(async () => {
    await client?.close();
    await restis?.close();
  });
  beforeEach(async () => {
    now = 1_700_000_000_000;
    await call('FLUSHALL');
  });

  test('XADD * uses the clock, and never goes back when the clock does', async () => {
    assert.equal(await call('XADD', 's', '*', 'f', 'v'), `${now}-0`);
    assert.equal(await call('XADD', 's', '*', 'f', 'v'), `${now}-1`);
    now -= 10_000;
    assert.equal(await call('XADD', 's', '*', 'f', 'v'), `${now + 10_000}-2`);
    now += 20_000;
    assert.equal(await call('XADD', 's', '*', 'f', 'v'), `${now}-0`);
    assert.equal(await call('XADD', 's', `${now}-*`, 'f', 'v'), `${now}-1`);
  });

  test('delivery, idle and seen times follow XREADGROUP', async () => {
    const delivered = now;
    await call('XADD', 's', '1-1', 'f', 'v');
    await call('XGROUP', 'CREATE', 's', 'g', '0');
    await call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    now += 1500;
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'alice', 1500, 1]]);
    assert.deepEqual(await call('XPENDING', 's', 'g', 'IDLE', '1500', '-', '+', '10'), [['1-1', 'alice', 1500, 1]]);
    assert.deepEqual(await call('XPENDING', 's', 'g', 'IDLE', '1501', '-', '+', '10'), []);
    const consumers = (await call('XINFO', 'CONSUMERS', 's', 'g')) as Plain[];
    assert.deepEqual(fields(consumers[0]!), { name: 'alice', pending: 1, idle: 1500 });
    const full = fields(await call('XINFO', 'STREAM', 's', 'FULL'));
    const group = fields((full.groups as Plain[])[0]!);
    assert.deepEqual(group.pending, [['1-1', 'alice', delivered, 1]]);
    const consumer = fields((group.consumers as Plain[])[0]!);
    assert.equal(consumer['seen-time'], delivered);
    assert.deepEqual(consumer.pending, [['1-1', delivered, 1]]);

    // Reading the history delivers again: new time, one more delivery.
    now += 500;
    await call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0');
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'alice', 0, 2]]);
    now += 250;
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10', 'alice'), [['1-1', 'alice', 250, 2]]);
  });

  test('XCLAIM honours the minimum idle time and sets delivery times', async () => {
    await call('XADD', 's', '1-1', 'f', 'v');
    await call('XGROUP', 'CREATE', 's', 'g', '0');
    await call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    now += 1000;
    assert.deepEqual(await call('XCLAIM', 's', 'g', 'bob', '1001', '1-1', 'JUSTID'), []);
    assert.deepEqual(await call('XCLAIM', 's', 'g', 'bob', '1000', '1-1', 'JUSTID'), ['1-1']);
    // JUSTID does not count a delivery; the claim resets the idle time.
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'bob', 0, 1]]);
    await call('XCLAIM', 's', 'g', 'carol', '0', '1-1', 'IDLE', '300');
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'carol', 300, 2]]);
    await call('XCLAIM', 's', 'g', 'carol', '0', '1-1', 'TIME', String(now - 50));
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'carol', 50, 3]]);
    // A time in the future means now.
    await call('XCLAIM', 's', 'g', 'carol', '0', '1-1', 'TIME', String(now + 99_999));
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'carol', 0, 4]]);
    const full = fields(await call('XINFO', 'STREAM', 's', 'FULL'));
    const group = fields((full.groups as Plain[])[0]!);
    assert.deepEqual(group.pending, [['1-1', 'carol', now, 4]]);
  });

  test('XAUTOCLAIM takes only entries idle for long enough', async () => {
    await call('XADD', 's', '1-1', 'f', 'v');
    await call('XADD', 's', '2-1', 'f', 'v');
    await call('XGROUP', 'CREATE', 's', 'g', '0');
    await call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>');
    now += 2000;
    await call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    now += 1000;
    assert.deepEqual(await call('XAUTOCLAIM', 's', 'g', 'bob', '2500', '0', 'JUSTID'), ['0-0', ['1-1'], []]);
    assert.deepEqual(await call('XPENDING', 's', 'g', '-', '+', '10'), [['1-1', 'bob', 0, 1], ['2-1', 'alice', 1000, 1]]);
    const consumers = ((await call('XINFO', 'CONSUMERS', 's', 'g')) as Plain[]).map(fields);
    assert.deepEqual(consumers, [{ name: 'alice', pending: 1, idle: 1000 }, { name: 'bob', pending: 1, idle: 0 }]);
  });

  test('XGROUP CREATECONSUMER records when the consumer was created', async () => {
    await call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    await call('XGROUP', 'CREATECONSUMER', 's', 'g', 'c');
    now += 42;
    assert.deepEqual(((await call('XINFO', 'CONSUMERS', 's', 'g')) as Plain[]).map(fields), [{ name: 'c', pending: 0, idle: 42 }]);
  });
});

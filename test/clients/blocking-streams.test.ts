import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { blockedClients, startTarget, waitForBlocked, type ClientTarget } from './client-fixtures.js';

// XREAD BLOCK and XREADGROUP BLOCK with several real ioredis clients racing against one server:
// who gets served, with what, and what waiters see when their stream or group goes away.
// RESTIS_CLIENT_TESTS_TARGET=redis runs the same expectations against redis-server.

const PASSWORD = 'streams secret';

type Entry = [id: string, fields: string[] | null];
type ReadReply = Array<[key: string, entries: Entry[]]> | null;

for (const protocol of [2, 3] as const) {
  describe(`blocking stream reads (RESP${protocol})`, () => {
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



    /** RESP3 answers a map, which ioredis hands over flattened: bring it to RESP2's [key, entries] pairs. */
    function pairs(reply: unknown): ReadReply {
      if (!Array.isArray(reply) || reply.length === 0 || Array.isArray(reply[0])) return reply as ReadReply;
      const grouped: Array<[string, Entry[]]> = [];
      for (let i = 0; i < reply.length; i += 2) grouped.push([String(reply[i]), reply[i + 1] as Entry[]]);
      return grouped;
    }
    const read = async (redis: Redis, ...args: string[]): Promise<ReadReply> => pairs(await redis.call('XREAD', ...args));
    const readGroup = async (redis: Redis, ...args: string[]): Promise<ReadReply> => pairs(await redis.call('XREADGROUP', ...args));

    before(async () => {
      target = await startTarget(PASSWORD);
    });
    after(async () => {
      for (const redis of clients) redis.disconnect();
      await target?.close();
    });

    test('XREAD BLOCK $ waits for the next entry; every reader of the stream gets it', async () => {
      const [admin, a, b, c] = await Promise.all([client(), client(), client(), client()]);
      await admin.flushall();
      await admin.xadd('s', '1-1', 'old', 'x');
      const waits = [a, b, c].map((redis) => read(redis, 'BLOCK', '0', 'STREAMS', 's', '$'));
      await waitForBlocked(admin, 3);
      assert.equal(await admin.xadd('s', '2-1', 'new', 'y'), '2-1');
      for (const reply of await Promise.all(waits)) assert.deepEqual(reply, [['s', [['2-1', ['new', 'y']]]]]);
      assert.equal(await blockedClients(admin), 0);
    });

    test('XREAD BLOCK on several streams answers with the stream that got data', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xadd('a', '5-0', 'f', 'v');
      const wait = read(reader, 'BLOCK', '0', 'COUNT', '10', 'STREAMS', 'a', 'b', '$', '0');
      await waitForBlocked(admin, 1);
      await admin.xadd('b', '1-1', 'g', 'w');
      assert.deepEqual(await wait, [['b', [['1-1', ['g', 'w']]]]]);
    });

    test('XREAD BLOCK with an explicit ID is served at once when an entry is already newer', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xadd('s', '3-0', 'f', 'v');
      assert.deepEqual(await read(reader, 'BLOCK', '0', 'STREAMS', 's', '2'), [['s', [['3-0', ['f', 'v']]]]]);
      assert.equal(await blockedClients(admin), 0);
    });

    test('XREAD BLOCK times out after the given milliseconds with a null reply', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      const started = Date.now();
      assert.equal(await read(reader, 'BLOCK', '150', 'STREAMS', 's', '$'), null);
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 140 && elapsed < 2000, `waited ${elapsed} ms`);
    });

    test('a $ waiter is not served by entries below the ID it resolved, after the stream was recreated', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xadd('s', '10-0', 'f', 'v');
      const wait = read(reader, 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitForBlocked(admin, 1);
      await admin.del('s');
      await admin.xadd('s', '5-0', 'f', 'low');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await blockedClients(admin), 1);
      await admin.xadd('s', '11-0', 'f', 'high');
      assert.deepEqual(await wait, [['s', [['11-0', ['f', 'high']]]]]);
    });

    test('XREADGROUP BLOCK > gives each consumer different entries', async () => {
      const [admin, ...consumers] = await Promise.all([client(), client(), client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      const waits = consumers.map((redis, i) => readGroup(redis, 'GROUP', 'g', `c${i}`, 'BLOCK', '0', 'STREAMS', 's', '>'));
      await waitForBlocked(admin, 3);
      for (let i = 1; i <= 3; i++) await admin.xadd('s', `${i}-0`, 'n', String(i));
      const replies = await Promise.all(waits);
      const ids = replies.map((reply) => reply![0]![1][0]![0]).sort();
      assert.deepEqual(ids, ['1-0', '2-0', '3-0']);
      // Each entry is pending for the consumer that got it.
      const pending = await admin.xpending('s', 'g', '-', '+', 10) as Array<[string, string, number, number]>;
      for (const [index, reply] of replies.entries()) {
        const id = reply![0]![1][0]![0];
        assert.equal(pending.find(([pendingId]) => pendingId === id)?.[1], `c${index}`);
      }
    });

    test('XREADGROUP BLOCK: waiters are served after each command, in the order they blocked', async () => {
      const [admin, consumer, other] = await Promise.all([client(), client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      const first = readGroup(consumer, 'GROUP', 'g', 'a', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitForBlocked(admin, 1);
      const second = readGroup(other, 'GROUP', 'g', 'b', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitForBlocked(admin, 2);
      await admin.pipeline().xadd('s', '1-0', 'n', '1').xadd('s', '2-0', 'n', '2').xadd('s', '3-0', 'n', '3').exec();
      // Each XADD of the pipeline is a command of its own: the first wakes the first waiter alone.
      assert.deepEqual(await first, [['s', [['1-0', ['n', '1']]]]]);
      assert.deepEqual(await second, [['s', [['2-0', ['n', '2']]]]]);
      // The third entry waits for the next reader; COUNT applies to a later read.
      assert.deepEqual(await readGroup(consumer, 'GROUP', 'g', 'a', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 's', '>'), [['s', [['3-0', ['n', '3']]]]]);
    });

    test('XREADGROUP BLOCK NOACK leaves nothing pending', async () => {
      const [admin, consumer] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      const wait = readGroup(consumer, 'GROUP', 'g', 'c', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitForBlocked(admin, 1);
      await admin.xadd('s', '1-0', 'f', 'v');
      assert.deepEqual(await wait, [['s', [['1-0', ['f', 'v']]]]]);
      assert.deepEqual(await admin.xpending('s', 'g'), [0, null, null, null]);
    });

    test('XREADGROUP BLOCK times out with a null reply and does not create the consumer', async () => {
      const [admin, consumer] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      assert.equal(await readGroup(consumer, 'GROUP', 'g', 'c', 'BLOCK', '100', 'STREAMS', 's', '>'), null);
      assert.deepEqual(await admin.call('XINFO', 'CONSUMERS', 's', 'g'), []);
    });

    test('destroying the group wakes its blocked consumers with NOGROUP', async () => {
      const [admin, consumer] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      // The waiter's error may arrive before the reply of the command that caused it (Redis writes the
      // newest pending replies first), so the expectation is attached before that command is sent.
      const woken = assert.rejects(readGroup(consumer, 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'), /^ReplyError: NOGROUP the consumer group this client was blocked on no longer exists$/);
      await waitForBlocked(admin, 1);
      await admin.xgroup('DESTROY', 's', 'g');
      await woken;
    });

    test('replacing the stream with another type wakes group readers with UNBLOCKED', async () => {
      const [admin, consumer] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      const woken = assert.rejects(readGroup(consumer, 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'), /^ReplyError: UNBLOCKED the stream key no longer exists$/);
      await waitForBlocked(admin, 1);
      await admin.set('s', 'not a stream');
      await woken;
    });

    test('deleting the stream wakes group readers with UNBLOCKED', async () => {
      const [admin, consumer] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
      const woken = assert.rejects(readGroup(consumer, 'GROUP', 'g', 'c', 'BLOCK', '2000', 'STREAMS', 's', '>'), /^ReplyError: UNBLOCKED the stream key no longer exists$/);
      await waitForBlocked(admin, 1);
      await admin.del('s');
      await woken;
    });

    test('a plain XREAD waiter keeps waiting when its stream is deleted', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      await admin.xadd('s', '1-0', 'f', 'v');
      const wait = read(reader, 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitForBlocked(admin, 1);
      await admin.del('s');
      await admin.set('s', 'string now');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await blockedClients(admin), 1);
      await admin.del('s');
      await admin.xadd('s', '2-0', 'f', 'w');
      assert.deepEqual(await wait, [['s', [['2-0', ['f', 'w']]]]]);
    });

    test('CLIENT UNBLOCK ends a stream wait as a timeout, or with an error', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      const id = String(await reader.client('ID'));
      const wait = read(reader, 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitForBlocked(admin, 1);
      assert.equal(await admin.client('UNBLOCK', id), 1);
      assert.equal(await wait, null);
      const unblocked = assert.rejects(read(reader, 'BLOCK', '0', 'STREAMS', 's', '$'), /UNBLOCKED client unblocked via CLIENT UNBLOCK/);
      await waitForBlocked(admin, 1);
      assert.equal(await admin.client('UNBLOCK', id, 'ERROR'), 1);
      await unblocked;
    });

    test('a blocked reader that disconnects leaves no blocked client behind', async () => {
      const [admin, reader] = await Promise.all([client(), client()]);
      await admin.flushall();
      read(reader, 'BLOCK', '0', 'STREAMS', 's', '$').catch(() => {});
      await waitForBlocked(admin, 1);
      reader.disconnect();
      await waitForBlocked(admin, 0);
      assert.match(await admin.xadd('s', '1-0', 'f', 'v') ?? '', /^1-0$/);
    });

    test('only writes in the same database wake a reader', async () => {
      const [admin, other, reader] = await Promise.all([client(0), client(1), client(0)]);
      await admin.flushall();
      const wait = read(reader, 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitForBlocked(admin, 1);
      await other.xadd('s', '1-0', 'f', 'elsewhere');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await blockedClients(admin), 1);
      await admin.xadd('s', '2-0', 'f', 'here');
      assert.deepEqual(await wait, [['s', [['2-0', ['f', 'here']]]]]);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
import { RawClient } from '../helpers/raw-client.js';
import { bigValue, everyByte, startTarget, waitUntil, type ClientTarget } from './client-fixtures.js';

// node-redis, unmodified, against Restis in RESP2 and RESP3 (its default).

const PASSWORD = 'node-redis secret';

function connect(port: number, protocol: 2 | 3, password = PASSWORD) {
  const client = createClient({
    socket: { host: '127.0.0.1', port, reconnectStrategy: false },
    password,
    database: 2,
    RESP: protocol,
  });
  return client;
}

for (const protocol of [2, 3] as const) {
  describe(`node-redis (RESP${protocol})`, () => {
    let target: ClientTarget;
    let client: ReturnType<typeof connect>;
    const errors: Error[] = [];

    before(async () => {
      target = await startTarget(PASSWORD);
      client = connect(target.port, protocol);
      client.on('error', (error: Error) => errors.push(error));
      await client.connect();
    });
    after(async () => {
      if (client?.isOpen) client.destroy();
      await target?.close();
    });

    test('connects with AUTH and SELECT', async () => {
      assert.equal(client.isReady, true);
      const info = String(await client.sendCommand(['CLIENT', 'INFO']));
      assert.match(info, new RegExp(`\\bresp=${protocol}\\b`), info);
      assert.match(info, /\bdb=2\b/, info);
      assert.equal(await client.set('in-db-2', 'yes'), 'OK');
      const raw = await RawClient.connect(target.port);
      try {
        assert.equal((await raw.call('AUTH', PASSWORD)).raw, '+OK\r\n');
        assert.equal((await raw.call('GET', 'in-db-2')).raw, '$-1\r\n', 'not in database 0');
        assert.equal((await raw.call('SELECT', '2')).raw, '+OK\r\n');
        assert.equal((await raw.call('GET', 'in-db-2')).raw, '$3\r\nyes\r\n');
      } finally {
        await raw.close();
      }
      await client.select(5);
      assert.equal(await client.get('in-db-2'), null);
      await client.select(2);
      assert.equal(await client.get('in-db-2'), 'yes');
    });

    test('a wrong password is refused with WRONGPASS', async () => {
      const wrong = connect(target.port, protocol, 'nope');
      wrong.on('error', () => {});
      try {
        await assert.rejects(wrong.connect(), (error: Error) => {
          assert.ok(error instanceof ErrorReply, String(error));
          assert.equal(error.message, 'WRONGPASS invalid username-password pair or user is disabled.');
          return true;
        });
      } finally {
        if (wrong.isOpen) wrong.destroy();
      }
    });

    test('a pipeline of 10,000 SET/GET/INCR gets every reply right', async () => {
      await client.del('pipe:counter');
      const pipeline = client.multi<'untyped'>();
      for (let i = 0; i < 10_000; i++) {
        if (i % 3 === 0) pipeline.set(`pipe:${i}`, `value-${i}`);
        else if (i % 3 === 1) pipeline.get(`pipe:${i - 1}`);
        else pipeline.incr('pipe:counter');
      }
      const results = (await pipeline.execAsPipeline()) as unknown[];
      assert.equal(results.length, 10_000);
      let counter = 0;
      for (let i = 0; i < 10_000; i++) {
        if (i % 3 === 0) assert.equal(results[i], 'OK', `command ${i}`);
        else if (i % 3 === 1) assert.equal(results[i], `value-${i - 1}`, `command ${i}`);
        else assert.equal(results[i], ++counter, `command ${i}`);
      }
      // Commands issued in one tick are pipelined automatically too.
      const replies = await Promise.all(Array.from({ length: 1000 }, () => client.incr('pipe:counter')));
      assert.deepEqual(replies, Array.from({ length: 1000 }, (_, i) => counter + i + 1));
    });

    test('Buffers with all 256 byte values round-trip as keys and values', async () => {
      const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      const key = Buffer.concat([Buffer.from('bin:'), everyByte()]);
      const value = everyByte().reverse();
      assert.equal(await binary.set(key, value), 'OK');
      const back = await binary.get(key);
      assert.ok(Buffer.isBuffer(back) && back.equals(value));
    });

    test('a 50 MB value round-trips', async () => {
      const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      const value = bigValue(50 * 1024 * 1024);
      assert.equal(await binary.set('big', value), 'OK');
      const back = await binary.get('big');
      assert.ok(Buffer.isBuffer(back));
      assert.equal(back.length, value.length);
      assert.ok(back.equals(value), 'the 50 MB value came back intact');
      await client.del('big');
    });

    test('scanIterator visits every one of 2,000 keys', async () => {
      const expected = new Set<string>();
      const pairs: Record<string, string> = {};
      for (let i = 0; i < 2000; i++) {
        expected.add(`scan:${i}`);
        pairs[`scan:${i}`] = String(i);
      }
      assert.equal(await client.mSet(pairs), 'OK');
      const seen = new Set<string>();
      for await (const keys of client.scanIterator({ MATCH: 'scan:*', COUNT: 100 })) {
        for (const key of keys) seen.add(String(key));
      }
      assert.equal(seen.size, expected.size);
      for (const key of expected) assert.ok(seen.has(key), `SCAN missed ${key}`);
    });

    test('keys set with PX and EX disappear', async () => {
      assert.equal(await client.set('short-px', 'v', { expiration: { type: 'PX', value: 100 } }), 'OK');
      assert.equal(await client.set('short-ex', 'v', { expiration: { type: 'EX', value: 1 } }), 'OK');
      assert.equal(await client.get('short-px'), 'v');
      assert.equal(await client.get('short-ex'), 'v');
      assert.ok(await waitUntil(async () => (await client.get('short-px')) === null, 1000), 'PX 100 key still there after 1 s');
      assert.ok(await waitUntil(async () => (await client.get('short-ex')) === null, 2500), 'EX 1 key still there after 2.5 s');
    });

    test('MSET and MGET', async () => {
      assert.equal(await client.mSet({ 'm:a': '1', 'm:b': 'two' }), 'OK');
      assert.equal(await client.mSet([['m:c', '3'], ['m:a', 'one']]), 'OK');
      assert.deepEqual(await client.mGet(['m:a', 'm:b', 'm:missing', 'm:c']), ['one', 'two', null, '3']);
    });

    test('error replies surface as ErrorReply with Redis text', async () => {
      assert.equal(await client.set('not-a-number', 'abc'), 'OK');
      await assert.rejects(client.incr('not-a-number'), (error: Error) => {
        assert.ok(error instanceof ErrorReply, String(error));
        assert.equal(error.message, 'ERR value is not an integer or out of range');
        return true;
      });
      assert.equal(await client.get('not-a-number'), 'abc', 'the connection stays usable');
      assert.deepEqual(errors, [], 'no connection-level errors');
    });
  });
}

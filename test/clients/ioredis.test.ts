import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis, ReplyError } from 'ioredis';
import { RawClient } from '../helpers/raw-client.js';
import { bigValue, everyByte, startTarget, waitUntil, type ClientTarget } from './client-fixtures.js';

// ioredis, unmodified, against Restis: its handshake (HELLO / AUTH / SELECT / INFO ready check),
// pipelines, Buffers, scanStream and error replies.

const PASSWORD = 'ioredis secret';

for (const protocol of [2, 3] as const) {
  describe(`ioredis (RESP${protocol})`, () => {
    let target: ClientTarget;
    let redis: Redis;

    before(async () => {
      target = await startTarget(PASSWORD);
      redis = new Redis({
        host: '127.0.0.1',
        port: target.port,
        password: PASSWORD,
        db: 2,
        protocol,
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      // ioredis reports handshake failures (HELLO, AUTH, SELECT, the INFO ready check) as 'error'
      // events and then only "Connection is closed": keep the real cause for the failure message.
      const setupErrors: string[] = [];
      redis.on('error', (error: Error) => setupErrors.push(error.message));
      await redis.connect().catch((error: Error) => {
        throw new Error(`ioredis could not connect: ${[...setupErrors, error.message].join('; ')}`);
      });
    });
    after(async () => {
      redis?.disconnect();
      await target?.close();
    });

    test('connects with AUTH and SELECT', async () => {
      assert.equal(redis.status, 'ready');
      // The handshake must not have fallen back to another protocol or database.
      const info = String(await redis.client('INFO'));
      assert.match(info, new RegExp(`\\bresp=${protocol}\\b`), info);
      assert.match(info, /\bdb=2\b/, info);
      assert.equal(await redis.set('in-db-2', 'yes'), 'OK');
      // Check with a raw connection that the key landed in database 2.
      const raw = await RawClient.connect(target.port);
      try {
        assert.equal((await raw.call('AUTH', PASSWORD)).raw, '+OK\r\n');
        assert.equal((await raw.call('GET', 'in-db-2')).raw, '$-1\r\n', 'not in database 0');
        assert.equal((await raw.call('SELECT', '2')).raw, '+OK\r\n');
        assert.equal((await raw.call('GET', 'in-db-2')).raw, '$3\r\nyes\r\n');
      } finally {
        await raw.close();
      }
      assert.equal(await redis.select(5), 'OK');
      assert.equal(await redis.get('in-db-2'), null);
      assert.equal(await redis.select(2), 'OK');
      assert.equal(await redis.get('in-db-2'), 'yes');
    });

    test('a wrong password is refused with WRONGPASS', async () => {
      const wrong = new Redis({ host: '127.0.0.1', port: target.port, password: 'nope', protocol, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      const errors: Error[] = [];
      wrong.on('error', (error: Error) => errors.push(error));
      try {
        await assert.rejects(wrong.connect());
        assert.ok(
          errors.some((error) => error.message === 'WRONGPASS invalid username-password pair or user is disabled.'),
          `errors: ${errors.map((error) => error.message).join('; ')}`,
        );
      } finally {
        wrong.disconnect();
      }
    });

    test('a pipeline of 10,000 SET/GET/INCR gets every reply right', async () => {
      await redis.del('pipe:counter');
      const pipeline = redis.pipeline();
      for (let i = 0; i < 10_000; i++) {
        if (i % 3 === 0) pipeline.set(`pipe:${i}`, `value-${i}`);
        else if (i % 3 === 1) pipeline.get(`pipe:${i - 1}`);
        else pipeline.incr('pipe:counter');
      }
      const results = await pipeline.exec();
      assert.ok(results !== null);
      assert.equal(results.length, 10_000);
      let counter = 0;
      for (let i = 0; i < 10_000; i++) {
        const [error, value] = results[i] as [Error | null, unknown];
        assert.equal(error, null, `command ${i}`);
        if (i % 3 === 0) assert.equal(value, 'OK');
        else if (i % 3 === 1) assert.equal(value, `value-${i - 1}`);
        else assert.equal(value, ++counter);
      }
      assert.equal(await redis.get('pipe:counter'), String(counter));
    });

    test('Buffers with all 256 byte values round-trip as keys and values', async () => {
      const key = Buffer.concat([Buffer.from('bin:'), everyByte()]);
      const value = everyByte().reverse();
      assert.equal(await redis.set(key, value), 'OK');
      const back = await redis.getBuffer(key);
      assert.ok(back !== null && back.equals(value));
      const single = Buffer.from([0, 13, 10, 255]);
      assert.equal(await redis.set(single, single), 'OK');
      assert.ok((await redis.getBuffer(single))?.equals(single));
    });

    test('a 50 MB value round-trips', async () => {
      const value = bigValue(50 * 1024 * 1024);
      assert.equal(await redis.set('big', value), 'OK');
      const back = await redis.getBuffer('big');
      assert.ok(back !== null);
      assert.equal(back.length, value.length);
      assert.ok(back.equals(value), 'the 50 MB value came back intact');
      await redis.del('big');
    });

    test('scanStream visits every one of 2,000 keys', async () => {
      const expected = new Set<string>();
      const pipeline = redis.pipeline();
      for (let i = 0; i < 2000; i++) {
        expected.add(`scan:${i}`);
        pipeline.set(`scan:${i}`, String(i));
      }
      await pipeline.exec();
      const seen = new Set<string>();
      const stream = redis.scanStream({ match: 'scan:*', count: 100 });
      for await (const batch of stream) for (const key of batch as string[]) seen.add(key);
      assert.equal(seen.size, expected.size);
      for (const key of expected) assert.ok(seen.has(key), `SCAN missed ${key}`);
    });

    test('keys set with PX and EX disappear', async () => {
      assert.equal(await redis.set('short-px', 'v', 'PX', 100), 'OK');
      assert.equal(await redis.set('short-ex', 'v', 'EX', 1), 'OK');
      assert.equal(await redis.get('short-px'), 'v');
      assert.equal(await redis.get('short-ex'), 'v');
      assert.ok(await waitUntil(async () => (await redis.get('short-px')) === null, 1000), 'PX 100 key still there after 1 s');
      assert.ok(await waitUntil(async () => (await redis.get('short-ex')) === null, 2500), 'EX 1 key still there after 2.5 s');
    });

    test('MSET and MGET', async () => {
      assert.equal(await redis.mset({ 'm:a': '1', 'm:b': 'two' }), 'OK');
      assert.equal(await redis.mset('m:c', '3', 'm:a', 'one'), 'OK');
      assert.deepEqual(await redis.mget('m:a', 'm:b', 'm:missing', 'm:c'), ['one', 'two', null, '3']);
    });

    test('error replies surface as ReplyError with Redis text', async () => {
      assert.equal(await redis.set('not-a-number', 'abc'), 'OK');
      await assert.rejects(redis.incr('not-a-number'), (error: Error) => {
        assert.ok(error instanceof ReplyError, `got ${String(error)}`);
        assert.equal(error.message, 'ERR value is not an integer or out of range');
        return true;
      });
      // The connection stays usable after an error.
      assert.equal(await redis.get('not-a-number'), 'abc');
      const results = await redis.pipeline().incr('not-a-number').set('after-error', 'ok').exec();
      assert.equal((results![0]![0] as Error).message, 'ERR value is not an integer or out of range');
      assert.deepEqual(results![1], [null, 'OK']);
    });
  });
}

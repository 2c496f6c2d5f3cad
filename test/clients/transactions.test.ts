import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { blockedClients, waitUntil } from './client-fixtures.js';

// MULTI/EXEC and WATCH with several real ioredis clients, against an in-process Restis and (when
// installed) redis-server: both must give the outcomes written here, which are Redis 7.0's.

const missing = redisServerMissing();
if (missing) console.log(`# transaction client tests run against Restis only: ${missing}`);

interface Server {
  name: string;
  port: number;
  close(): Promise<void>;
}

const servers: Array<() => Promise<Server>> = [
  async () => {
    const restis = await startServer();
    return { name: 'restis', port: restis.port, close: () => restis.close() };
  },
];
if (!missing) {
  servers.push(async () => {
    const redis = await startRedisServer();
    return { name: 'redis-server', port: redis.port, close: () => redis.stop() };
  });
}

for (const start of servers) {
  for (const protocol of [2, 3] as const) {
    describe(`transactions (${protocol === 2 ? 'RESP2' : 'RESP3'})`, () => {
      let server: Server;
      const clients: Redis[] = [];
      const client = (): Redis => {
        const connection = new Redis({ host: '127.0.0.1', port: server.port, protocol, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        connection.on('error', () => {});
        clients.push(connection);
        return connection;
      };

      before(async () => {
        server = await start();
      });
      after(async () => {
        for (const connection of clients) connection.disconnect();
        await server.close();
      });

      test(`${'WATCH'}: a change by another client fails EXEC; an untouched key lets it run`, async () => {
        const a = client();
        const b = client();
        await a.flushall();
        await a.set('balance', '10');
        await a.watch('balance');
        await b.incrby('balance', 5);
        const failed = await a.multi().decrby('balance', 1).exec();
        assert.equal(failed, null, `${server.name}: EXEC after a watched key changed answers nil`);
        assert.equal(await a.get('balance'), '15');
        await a.watch('balance');
        const done = await a.multi().decrby('balance', 1).get('balance').exec();
        assert.deepEqual(done, [[null, 14], [null, '14']]);
      });

      test('WATCH sees deletions, expiry by another client and FLUSHALL', async () => {
        const a = client();
        const b = client();
        for (const change of [() => b.del('k'), () => b.pexpire('k', 1), () => b.flushall()]) {
          await a.set('k', 'v');
          await a.watch('k');
          await change();
          await new Promise((resolve) => setTimeout(resolve, 5));
          assert.equal(await a.multi().ping().exec(), null, `${server.name}: EXEC fails after ${change.toString()}`);
        }
      });

      test('a push inside MULTI wakes a blocked client only after EXEC, with the final contents', async () => {
        const waiter = client();
        const writer = client();
        await writer.flushall();
        const popped = waiter.blpop('queue', 5);
        assert.ok(await waitUntil(async () => (await blockedClients(writer)) === 1, 3000), `${server.name}: the waiter blocks`);
        // Inside the transaction the element is pushed and replaced: the waiter must see only
        // what is there after EXEC.
        const results = await writer.multi().rpush('queue', 'first').lset('queue', 0, 'final').llen('queue').exec();
        assert.deepEqual(results, [[null, 1], [null, 'OK'], [null, 1]]);
        assert.deepEqual(await popped, ['queue', 'final']);
        assert.equal(await writer.exists('queue'), 0);
      });

      test('a push and a pop in the same transaction leave nothing for a blocked client', async () => {
        const waiter = client();
        const writer = client();
        await writer.flushall();
        const popped = waiter.blpop('jobs', 0.5);
        assert.ok(await waitUntil(async () => (await blockedClients(writer)) === 1, 3000));
        await writer.multi().rpush('jobs', 'x').lpop('jobs').exec();
        assert.equal(await popped, null, `${server.name}: the key was empty again when EXEC ended`);
      });

      test('blocking commands inside MULTI answer at once', async () => {
        const a = client();
        await a.flushall();
        const started = Date.now();
        const results = await a.multi().blpop('nothing', 0).bzpopmin('nozset', 0).exec();
        assert.deepEqual(results, [[null, null], [null, null]]);
        assert.ok(Date.now() - started < 1000, 'did not wait');
      });
    });
  }
}

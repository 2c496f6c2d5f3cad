import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { libraryTargets, sleep, type LibraryTarget } from './library-targets.js';

// rate-limiter-flexible's RateLimiterRedis (unmodified; its Lua upsert script) through ioredis and
// through node-redis, against Restis and redis-server with one test body.

type StoreKind = 'ioredis' | 'node-redis';

for (const [target, start] of libraryTargets('rate-limiter-flexible')) {
  for (const kind of ['ioredis', 'node-redis'] as const satisfies readonly StoreKind[]) {
    describe(`rate-limiter-flexible with ${kind} on ${target}`, () => {
      let server: LibraryTarget;
      let disconnect: () => Promise<unknown>;
      let storeClient: object;

      before(async () => {
        server = await start();
        if (kind === 'ioredis') {
          const client = new Redis({ host: '127.0.0.1', port: server.port, enableOfflineQueue: false });
          await new Promise((resolve) => client.once('ready', resolve));
          storeClient = client;
          disconnect = async () => client.disconnect();
        } else {
          const client = createClient({ url: `redis://127.0.0.1:${server.port}` });
          await client.connect();
          storeClient = client;
          disconnect = () => client.close();
        }
      });
      after(async () => {
        await disconnect();
        await server.close();
      });

      const limiter = (options: { keyPrefix: string; points: number; duration: number; blockDuration?: number }): RateLimiterRedis =>
        new RateLimiterRedis({ storeClient, useRedisPackage: kind === 'node-redis', ...options });

      test('consume spends points until the limit, then rejects with the wait until reset', async () => {
        const rateLimiter = limiter({ keyPrefix: 'consume', points: 3, duration: 1 });
        const spent = [];
        for (let call = 0; call < 3; call++) spent.push((await rateLimiter.consume('10.0.0.1')).remainingPoints);
        assert.deepEqual(spent, [2, 1, 0]);
        const rejection = await rateLimiter.consume('10.0.0.1').then(() => null, (error: unknown) => error);
        assert.ok(rejection instanceof RateLimiterRes, `${server.name}: ${String(rejection)}`);
        assert.equal(rejection.remainingPoints, 0);
        assert.equal(rejection.consumedPoints, 4);
        assert.ok(rejection.msBeforeNext > 0 && rejection.msBeforeNext <= 1000, `msBeforeNext ${rejection.msBeforeNext}`);
        // Two points at once on a fresh key.
        assert.equal((await rateLimiter.consume('10.0.0.2', 2)).remainingPoints, 1);
        await sleep(1100);
        assert.equal((await rateLimiter.consume('10.0.0.1')).remainingPoints, 2);
      });

      test('get, penalty, reward, delete and block', async () => {
        const rateLimiter = limiter({ keyPrefix: 'manage', points: 5, duration: 10 });
        assert.equal(await rateLimiter.get('user'), null);
        await rateLimiter.consume('user', 2);
        assert.equal((await rateLimiter.get('user'))?.consumedPoints, 2);
        assert.equal((await rateLimiter.penalty('user', 2)).consumedPoints, 4);
        assert.equal((await rateLimiter.reward('user', 3)).consumedPoints, 1);
        const state = await rateLimiter.get('user');
        assert.ok(state!.msBeforeNext > 9000 && state!.msBeforeNext <= 10_000, `msBeforeNext ${state!.msBeforeNext}`);
        assert.equal(await rateLimiter.delete('user'), true);
        assert.equal(await rateLimiter.delete('user'), false);
        assert.equal(await rateLimiter.get('user'), null);

        const blocked = await rateLimiter.block('intruder', 2);
        assert.equal(blocked.consumedPoints, 6);
        const rejection = await rateLimiter.consume('intruder').then(() => null, (error: unknown) => error);
        assert.ok(rejection instanceof RateLimiterRes);
        assert.ok(rejection.msBeforeNext > 1000 && rejection.msBeforeNext <= 2000, `msBeforeNext ${rejection.msBeforeNext}`);
      });

      test('blockDuration blocks a key that went over the limit for longer than the window', async () => {
        const rateLimiter = limiter({ keyPrefix: 'blocking', points: 2, duration: 1, blockDuration: 3 });
        await rateLimiter.consume('spammer');
        await rateLimiter.consume('spammer');
        const rejection = await rateLimiter.consume('spammer').then(() => null, (error: unknown) => error);
        assert.ok(rejection instanceof RateLimiterRes);
        assert.ok(rejection.msBeforeNext > 2000, `msBeforeNext ${rejection.msBeforeNext}`);
      });

      test('concurrent consumers never hand out more points than exist', async () => {
        const rateLimiter = limiter({ keyPrefix: 'race', points: 25, duration: 5 });
        const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => rateLimiter.consume('shared')));
        assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 25);
        assert.equal((await rateLimiter.get('shared'))?.consumedPoints, 60);
      });
    });
  }
}

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/index.js';
import { redisServerMissing, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { call, command, TOKEN } from '../rest/rest-fixtures.js';

// The gateway when its upstream misbehaves: stopped, restarted, slow, or refusing the password.
// Every request answers (a 5xx JSON error at worst) within the upstream timeout, and service
// resumes by itself.

const missing = redisServerMissing();
const TIMEOUT_MS = 800;
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function gatewayTo(url: string): Promise<RunningServer> {
  const gateway = await startServer({ token: TOKEN, upstream: { url, timeoutMs: TIMEOUT_MS, poolSize: 2 } });
  cleanups.push(() => gateway.close());
  return gateway;
}

async function redisServer(args: string[] = [], port?: number): Promise<RedisProcess> {
  const redis = await startRedisServer(args, port);
  cleanups.push(() => redis.stop());
  return redis;
}

async function until(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('gateway failures', { skip: missing ?? false }, () => {
  test('upstream stopped mid-traffic: fast 503 JSON errors and a failing /health; restarted: service resumes', async () => {
    const upstream = await redisServer();
    const gateway = await gatewayTo(`redis://127.0.0.1:${upstream.port}`);
    await until(async () => (await command(gateway, ['PING'])).status === 200, 'the gateway to connect');
    let stop = false;
    const statuses: number[] = [];
    const slowest = { ms: 0 };
    const traffic = (async () => {
      for (let i = 0; !stop; i++) {
        const started = Date.now();
        const answer = await command(gateway, ['INCR', 'counter']);
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
        statuses.push(answer.status);
        if (answer.status !== 200) {
          assert.equal(answer.status >= 500, true, `status ${answer.status}`);
          assert.match((answer.json as { error: string }).error, /^ERR upstream redis:\/\/127\.0\.0\.1:\d+ /);
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await upstream.stop();
    await until(async () => statuses.at(-1) === 503, 'a 503 after the stop');
    const health = await call(gateway, '/health', { token: null });
    assert.equal(health.status, 503);
    assert.equal((health.json as { status: string }).status, 'down');
    const whileDown = Date.now();
    const failed = await call(gateway, '/pipeline', { body: '[["GET","counter"],["PING"]]' });
    assert.equal(failed.status, 503);
    // Margins are generous: CI machines are noisy, and a hang would take far longer.
    assert.ok(Date.now() - whileDown < TIMEOUT_MS + 700, 'answered within the timeout');
    // The same port again: the pool reconnects by itself.
    await redisServer([], upstream.port);
    await until(async () => statuses.at(-1) === 200, 'service to resume');
    stop = true;
    await traffic;
    assert.ok(slowest.ms < TIMEOUT_MS + 1000, `the slowest request took ${slowest.ms} ms`);
    assert.equal((await call(gateway, '/health', { token: null })).status, 200);
  });

  test('a slow upstream (DEBUG SLEEP) answers 504 after --upstream-timeout, then recovers', async () => {
    const upstream = await redisServer();
    const gateway = await gatewayTo(`redis://127.0.0.1:${upstream.port}`);
    await until(async () => (await command(gateway, ['PING'])).status === 200, 'the gateway to connect');
    const sleeper = new Redis(upstream.port, '127.0.0.1');
    try {
      const sleeping = sleeper.call('DEBUG', 'SLEEP', '2');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      const answer = await command(gateway, ['GET', 'k']);
      const took = Date.now() - started;
      assert.equal(answer.status, 504);
      assert.match((answer.json as { error: string }).error, new RegExp(`did not answer within ${TIMEOUT_MS} ms`));
      assert.ok(took >= TIMEOUT_MS - 50 && took < TIMEOUT_MS + 1000, `took ${took} ms`);
      await sleeping;
      await until(async () => (await command(gateway, ['SET', 'k', 'v'])).status === 200, 'recovery after the sleep');
      assert.deepEqual((await command(gateway, ['GET', 'k'])).json, { result: 'v' });
    } finally {
      sleeper.disconnect();
    }
  });

  test('a wrong upstream password: every request answers a 5xx JSON error naming the refusal', async () => {
    const upstream = await redisServer(['--requirepass', 'right-password']);
    const gateway = await gatewayTo(`redis://:wrong-password@127.0.0.1:${upstream.port}`);
    const started = Date.now();
    const answer = await command(gateway, ['GET', 'k']);
    assert.ok(Date.now() - started < TIMEOUT_MS + 1000);
    assert.ok(answer.status >= 500, `status ${answer.status}: ${answer.text}`);
    assert.match(answer.text, /WRONGPASS|invalid username-password|not connected/);
    const health = await call(gateway, '/health', { token: null });
    assert.equal(health.status, 503);
    const right = await gatewayTo(`redis://:right-password@127.0.0.1:${upstream.port}`);
    await until(async () => (await command(right, ['SET', 'k', 'v'])).status === 200, 'the right password to work');
  });
});

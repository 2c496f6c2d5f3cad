import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis as UpstashRedis } from '@upstash/redis';
import { startServer } from '../../src/index.js';

// The embedding API gives a REST URL and tokens next to the RESP URL.

test('startServer() returns restUrl, token and readonlyToken that @upstash/redis can use', async () => {
  const server = await startServer();
  try {
    assert.match(server.restUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.token.length >= 40 && server.readonlyToken.length >= 40 && server.token !== server.readonlyToken);
    const redis = new UpstashRedis({ url: server.restUrl, token: server.token, enableTelemetry: false });
    await redis.set('embedded', { ok: true });
    assert.deepEqual(await redis.get('embedded'), { ok: true });
  } finally {
    await server.close();
  }
});

test('two embedded servers get different random tokens; given tokens are used as they are', async () => {
  const [a, b] = await Promise.all([startServer(), startServer({ token: 'mine', readonlyToken: 'mine-ro' })]);
  try {
    assert.notEqual(a.token, b.token);
    assert.equal(b.token, 'mine');
    assert.equal(b.readonlyToken, 'mine-ro');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('http: false runs no REST front end', async () => {
  const server = await startServer({ http: false });
  try {
    assert.equal(server.restUrl, '');
    assert.equal(server.restPort, 0);
  } finally {
    await server.close();
  }
});

test('close() ends keep-alive HTTP connections and open event streams', async () => {
  const server = await startServer();
  const stream = await fetch(`${server.restUrl}/subscribe/x`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(stream.status, 200);
  const reader = stream.body!.getReader();
  await reader.read();
  const started = Date.now();
  await server.close();
  assert.ok(Date.now() - started < 2000, 'close() did not wait for the stream');
  await assert.rejects(async () => {
    for (;;) {
      const { done } = await reader.read();
      if (done) throw new Error('stream ended');
    }
  });
});

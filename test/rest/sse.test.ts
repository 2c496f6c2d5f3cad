import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { RunningServer } from '../../src/index.js';
import { call, startRestServer, TOKEN } from './rest-fixtures.js';

// The Server-Sent Events endpoints over raw HTTP: /subscribe, /psubscribe, /monitor.

let server: RunningServer;
let redis: Redis;
before(async () => {
  server = await startRestServer({ http: { heartbeatMs: 100 } });
  redis = new Redis(server.port, '127.0.0.1');
});
after(async () => {
  redis.disconnect();
  await server.close();
});

interface Stream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Everything received so far, as bytes read as latin1. */
  text(): string;
  waitFor(pattern: RegExp | string): Promise<void>;
  close(): void;
}

function open(path: string, token = TOKEN): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.request(server.restUrl + path, { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (response) => {
      let received = '';
      response.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      response.on('error', () => {});
      resolve({
        status: response.statusCode!,
        headers: response.headers,
        text: () => received,
        waitFor: async (pattern) => {
          const deadline = Date.now() + 3000;
          while (typeof pattern === 'string' ? !received.includes(pattern) : !pattern.test(received)) {
            if (Date.now() > deadline) assert.fail(`no ${pattern} in ${JSON.stringify(received)}`);
            await new Promise((wake) => setTimeout(wake, 10));
          }
        },
        close: () => request.destroy(),
      });
    });
    request.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    request.end('[]');
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SSE', () => {
  test('(14) subscribe: confirmation with a per-connection count, raw payloads with commas, heartbeats, cleanup on abort', async () => {
    const first = await open('/subscribe/chat');
    const second = await open('/subscribe/chat');
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'text/event-stream');
    await first.waitFor('data: subscribe,chat,1\n\n');
    await second.waitFor('data: subscribe,chat,1\n\n');
    assert.equal(await redis.publish('chat', 'hello, world, "x"'), 2);
    await first.waitFor('data: message,chat,hello, world, "x"\n\n');
    await second.waitFor('data: message,chat,hello, world, "x"\n\n');
    await first.waitFor(':\n\n');
    second.close();
    await until(async () => (await redis.pubsub('NUMSUB', 'chat'))[1] === 1, 'the aborted stream to leave');
    first.close();
    await until(async () => (await redis.pubsub('NUMSUB', 'chat'))[1] === 0, 'both streams to leave');
  });

  test('several channels in one request; UTF-8 and binary payloads arrive as their bytes; line breaks split data lines', async () => {
    const stream = await open('/subscribe/a/b%2Fc');
    await stream.waitFor('data: subscribe,a,1\n\ndata: subscribe,b/c,2\n\n');
    await redis.publish('b/c', Buffer.concat([Buffer.from('🦄 ', 'utf8'), Buffer.from([0xff])]));
    await stream.waitFor(`data: message,b/c,${Buffer.from('🦄', 'utf8').toString('latin1')} \xff\n\n`);
    await redis.publish('a', 'line1\nline2');
    await stream.waitFor('data: message,a,line1\ndata: line2\n\n');
    stream.close();
  });

  test('psubscribe delivers pmessage with the pattern', async () => {
    const stream = await open('/psubscribe/orders:*');
    await stream.waitFor('data: psubscribe,orders:*,1\n\n');
    assert.equal(await redis.publish('orders:42', '{"total":10}'), 1);
    await stream.waitFor('data: pmessage,orders:*,orders:42,{"total":10}\n\n');
    stream.close();
    await until(async () => Number(await redis.call('PUBSUB', 'NUMPAT')) === 0, 'the pattern to go');
  });

  test('/publish over REST reaches RESP subscribers and SSE streams', async () => {
    const subscriber = new Redis(server.port, '127.0.0.1');
    try {
      const messages: string[] = [];
      subscriber.on('message', (channel: string, message: string) => messages.push(`${channel}:${message}`));
      await subscriber.subscribe('events');
      const stream = await open('/subscribe/events');
      await stream.waitFor('subscribe,events,1');
      assert.deepEqual((await call(server, '/publish/events/ping')).json, { result: 2 });
      await stream.waitFor('data: message,events,ping\n\n');
      await until(() => messages.length === 1, 'the RESP subscriber');
      assert.deepEqual(messages, ['events:ping']);
      stream.close();
    } finally {
      subscriber.disconnect();
    }
  });

  test('/monitor streams every command; the read-only token may not monitor', async () => {
    const refused = await call(server, '/monitor', { method: 'POST', token: 'test-readonly-token' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json, { error: "NOPERM this user has no permissions to run the 'monitor' command" });
    const stream = await open('/monitor');
    await stream.waitFor('data: "OK"\n\n');
    await redis.set('watched', 'value');
    await call(server, '/get/watched');
    await stream.waitFor(/data: \d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "set" "watched" "value"\n\n/);
    await stream.waitFor(/data: \d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "get" "watched"\n\n/);
    stream.close();
    await until(() => !server.server.monitors.active, 'the monitor to leave');
  });

  test('a subscribe path without a channel is a 400 JSON error', async () => {
    const answer = await call(server, '/subscribe/', { method: 'POST' });
    assert.equal(answer.status, 400);
    assert.equal(typeof (answer.json as { error: string }).error, 'string');
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startServer, type RunningServer } from '../../src/index.js';
import { redisServerMissing, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { encodeCommand } from '../helpers/resp-reply.js';
import { everyByte, waitUntil } from './client-fixtures.js';

// Pub/sub between connections and MONITOR: the same scripts run on raw sockets against
// redis-server and Restis, and what each connection receives is compared byte for byte (after
// masking what cannot match: client ids, timestamps, ports). Then real clients (ioredis,
// node-redis), disconnect cleanup, and the slow-subscriber limit (Restis only).

const missing = redisServerMissing();
if (missing) console.log(`# pub/sub comparisons with redis-server skipped: ${missing}`);

/** A connection that records every byte it receives. */
class Peer {
  received = '';
  closed = false;
  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => (this.received += chunk.toString('latin1')));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<Peer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new Peer(socket)));
      socket.once('error', reject);
    });
  }

  send(...argv: Array<string | Buffer>): void {
    this.socket.write(encodeCommand(argv.map((arg) => (typeof arg === 'string' ? arg : arg.toString('latin1')))), 'latin1');
  }

  take(): string {
    const text = this.received;
    this.received = '';
    return text;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Waits until no connection has received anything for `quietMs` (at most `limitMs`). */
async function settle(peers: Iterable<Peer>, quietMs = 40, limitMs = 3000): Promise<void> {
  const all = [...peers];
  const deadline = Date.now() + limitMs;
  let last = all.map((peer) => peer.received.length).join();
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = all.map((peer) => peer.received.length).join();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) {
      return;
    }
  }
}

type Step = [peer: string, ...argv: Array<string | Buffer>] | ['close', string] | ['pause', string];

/**
 * Runs steps against one server and returns, for each step, what every connection received
 * meanwhile (`step: peer -> bytes`), with `mask` applied.
 */
async function transcript(port: number, steps: Step[], mask: (text: string) => string = (text) => text): Promise<string[]> {
  const peers = new Map<string, Peer>();
  const lines: string[] = [];
  try {
    for (const step of steps) {
      if (step[0] === 'close') {
        peers.get(step[1] as string)!.close();
        await new Promise((resolve) => setTimeout(resolve, 30));
      } else {
        const name = step[0];
        let peer = peers.get(name);
        if (peer === undefined) {
          peer = await Peer.connect(port);
          peers.set(name, peer);
        }
        peer.send(...(step.slice(1) as Array<string | Buffer>));
      }
      await settle(peers.values());
      const label = step.map((part) => (typeof part === 'string' ? part : `<${part.length} bytes>`)).join(' ');
      for (const [name, peer] of peers) {
        const text = peer.take();
        if (text !== '') lines.push(`${label} -> ${name}: ${JSON.stringify(mask(text))}`);
      }
    }
  } finally {
    for (const peer of peers.values()) peer.close();
  }
  return lines;
}

/** HELLO's and CLIENT ID's ids differ between two servers. */
const maskIds = (text: string): string => text.replace(/\$2\r\nid\r\n:\d+\r\n/g, '$2\r\nid\r\n:ID\r\n');
/** MONITOR lines: `<seconds>.<micros> [<db> <ip>:<port>]`. */
const maskMonitor = (text: string): string => maskIds(text).replace(/\+\d+\.\d{6} \[(\d+) [^\]]+\]/g, '+TIME [$1 CLIENT]');

interface Pair {
  redis: RedisProcess;
  restis: RunningServer;
}

async function compare(pair: Pair, steps: Step[], mask?: (text: string) => string): Promise<void> {
  const expected = await transcript(pair.redis.port, steps, mask);
  const actual = await transcript(pair.restis.port, steps, mask);
  assert.deepEqual(actual, expected);
}

describe('pub/sub compared with redis-server', { skip: missing ?? false }, () => {
  let pair: Pair;
  before(async () => {
    pair = { redis: await startRedisServer(), restis: await startServer({ http: false, config: { 'enable-debug-command': 'yes' } }) };
  });
  after(async () => {
    await Promise.all([pair?.redis.stop(), pair?.restis.close()]);
  });

  test('PUBLISH reaches channel subscribers in subscription order, then pattern subscribers; counts them', async () => {
    await compare(pair, [
      ['s1', 'SUBSCRIBE', 'news', 'sport'],
      ['s2', 'PSUBSCRIBE', 'n*'],
      ['s3', 'SUBSCRIBE', 'news'],
      ['s4', 'PSUBSCRIBE', '*s'],
      ['p', 'PUBLISH', 'news', 'first'],
      ['p', 'PUBLISH', 'sport', 'second'],
      ['p', 'PUBLISH', 'nothing', 'third'],
      ['p', 'PUBLISH', 'other', 'fourth'],
      ['p', 'PUBSUB', 'NUMSUB', 'news', 'sport', 'n*', 'other'],
      ['p', 'PUBSUB', 'NUMPAT'],
      ['p', 'PUBSUB', 'CHANNELS', 'sp*'],
      ['s3', 'UNSUBSCRIBE', 'news'],
      ['p', 'PUBLISH', 'news', 'fifth'],
      ['s2', 'PUNSUBSCRIBE'],
      ['p', 'PUBLISH', 'news', 'sixth'],
      ['s3', 'GET', 'x'],
    ]);
  });

  test('binary channels, patterns and payloads, large payloads', async () => {
    const bytes = everyByte();
    const large = Buffer.alloc(300_000, bytes);
    await compare(pair, [
      ['s1', 'SUBSCRIBE', bytes],
      ['s2', 'PSUBSCRIBE', Buffer.from([0, 0x2a])],
      ['s3', 'SUBSCRIBE', Buffer.from([0, 0xff])],
      ['p', 'PUBLISH', bytes, bytes],
      ['p', 'PUBLISH', Buffer.from([0, 0xff]), Buffer.from('\r\n*1\r\n')],
      ['p', 'PUBLISH', Buffer.from([0, 0xff]), large],
      ['p', 'PUBLISH', Buffer.from([0]), ''],
    ]);
  });

  test('RESP3: pushes arrive on a connection that keeps running commands', async () => {
    await compare(pair, [
      ['s', 'HELLO', '3'],
      ['s', 'SUBSCRIBE', 'chat'],
      ['s', 'PSUBSCRIBE', 'ch*'],
      ['s', 'SET', 'k', 'v'],
      ['p', 'PUBLISH', 'chat', 'hi'],
      ['s', 'GET', 'k'],
      ['p', 'PUBLISH', 'chess', 'e4'],
      ['s2', 'SUBSCRIBE', 'chat'],
      ['s', 'PUBLISH', 'chat', 'from the subscriber'],
      ['s', 'UNSUBSCRIBE'],
      ['s', 'PUNSUBSCRIBE'],
      ['p', 'PUBLISH', 'chat', 'after'],
    ], maskIds);
  });

  test('shard channels: SSUBSCRIBE, SPUBLISH, patterns never see shard messages', async () => {
    await compare(pair, [
      ['s1', 'SSUBSCRIBE', 'orders'],
      ['s2', 'PSUBSCRIBE', '*'],
      ['s3', 'HELLO', '3'],
      ['s3', 'SSUBSCRIBE', 'orders', 'other'],
      ['p', 'SPUBLISH', 'orders', 'o1'],
      ['p', 'PUBLISH', 'orders', 'o2'],
      ['p', 'PUBSUB', 'SHARDNUMSUB', 'orders', 'other', 'none'],
      ['s1', 'SUNSUBSCRIBE'],
      ['p', 'SPUBLISH', 'orders', 'o3'],
    ], maskIds);
  });

  test('a disconnected subscriber is forgotten (PUBSUB NUMSUB, NUMPAT, PUBLISH counts)', async () => {
    await compare(pair, [
      ['s1', 'SUBSCRIBE', 'a', 'b'],
      ['s2', 'PSUBSCRIBE', 'a*'],
      ['s3', 'SSUBSCRIBE', 'a'],
      ['p', 'PUBSUB', 'NUMSUB', 'a', 'b'],
      ['close', 's1'],
      ['close', 's2'],
      ['close', 's3'],
      ['p', 'PUBSUB', 'NUMSUB', 'a', 'b'],
      ['p', 'PUBSUB', 'NUMPAT'],
      ['p', 'PUBSUB', 'SHARDNUMSUB', 'a'],
      ['p', 'PUBLISH', 'a', 'x'],
    ]);
  });

  test('MONITOR shows the commands of every client, as Redis formats them', async () => {
    await compare(pair, [
      ['m', 'MONITOR'],
      ['m2', 'HELLO', '3'],
      ['m2', 'MONITOR'],
      ['c', 'SET', 'k', 'a b"c\\d\x00\xff\x7f\n\r\t\x07\x08 \xc3\xa9'],
      ['c', 'SELECT', '3'],
      ['c', 'set', 'k', '123'],
      ['c', 'CONFIG', 'GET', 'maxmemory'],
      ['c', 'CLIENT', 'GETNAME'],
      ['c', 'CLIENT', 'KILL', 'ID', '999999'],
      ['c', 'AUTH', 'secret'],
      ['c', 'AUTH', 'user', 'secret'],
      ['c', 'AUTH', 'a', 'b', 'c'],
      ['c', 'HELLO', '2', 'AUTH', 'default', 'secret'],
      ['c', 'HELLO', '2', 'SETNAME', 'name', 'AUTH', 'default', 'secret'],
      ['c', 'HELLO', '4', 'AUTH', 'default', 'secret'],
      ['c', 'HELLO', '2', 'SETNAME', 'a b', 'AUTH', 'default', 'secret'],
      ['c', 'nosuch', 'a'],
      ['c', 'GET'],
      ['c', 'INCR', 'k'],
      ['c', 'EVAL', "redis.call('set', KEYS[1], 'v') return redis.call('get', KEYS[1])", '1', 'mk'],
      ['c', 'EVAL_RO', "return redis.call('get', 'mk')", '0'],
      ['c', 'LPUSH', 'k', 'x'],
      ['c', 'MULTI'],
      ['c', 'SELECT', '1'],
      ['c', 'GET', 'a'],
      ['c', 'EXEC'],
      ['c', 'MULTI'],
      ['c', 'GET'],
      ['c', 'EXEC'],
      ['c', 'RPUSH', 'list', 'a'],
      ['c', 'BLPOP', 'list', '0'],
      ['c', 'DEBUG', 'SLEEP', '0'],
      ['c', 'SUBSCRIBE', 'ch'],
      ['c', 'PING'],
      ['c', 'GET', 'x'],
      ['c', 'RESET'],
      ['m', 'PING'],
      ['m', 'GET', 'k'],
      ['m', 'MONITOR'],
      ['m', 'CLIENT', 'REPLY', 'OFF'],
      ['c', 'ECHO', 'while the first monitor does not want replies'],
      ['m', 'CLIENT', 'REPLY', 'ON'],
      ['m2', 'RESET'],
      ['c', 'ECHO', 'one monitor left'],
      ['m', 'QUIT'],
      ['c', 'ECHO', 'nobody watches'],
    ], maskMonitor);
  });

  test('a blocked command is shown when it starts waiting, not when it is served', async () => {
    await compare(pair, [
      ['m', 'MONITOR'],
      ['b', 'BLPOP', 'queue', '0'],
      ['c', 'RPUSH', 'queue', 'job'],
      ['b', 'PING'],
    ], maskMonitor);
  });
});

describe('pub/sub with real clients', () => {
  const servers: Array<{ name: string; start: () => Promise<{ port: number; close: () => Promise<void> }> }> = [
    { name: 'restis', start: async () => { const s = await startServer({ http: false }); return { port: s.port, close: () => s.close() }; } },
  ];
  if (!missing) servers.push({ name: 'redis-server', start: async () => { const r = await startRedisServer(); return { port: r.port, close: () => r.stop() }; } });

  for (const { name, start } of servers) {
    for (const protocol of [2, 3] as const) {
      test(`ioredis RESP${protocol}: subscribe, psubscribe, messageBuffer (${name})`, async () => {
        const server = await start();
        const subscriber = new Redis({ host: '127.0.0.1', port: server.port, protocol, lazyConnect: true, retryStrategy: () => null });
        const publisher = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null });
        try {
          await subscriber.connect(); console.error("DBG connected", name, protocol);
          const messages: string[] = [];
          const buffers: Buffer[] = [];
          subscriber.on('message', (channel: string, message: string) => messages.push(`message ${channel} ${message}`));
          subscriber.on('pmessage', (pattern: string, channel: string, message: string) => messages.push(`pmessage ${pattern} ${channel} ${message}`));
          subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => buffers.push(message));
          console.error("DBG subscribing"); assert.equal(await subscriber.subscribe("orders", "events"), 2); console.error("DBG subscribed");
          assert.equal(await subscriber.psubscribe('ord*'), 3);
          assert.equal(await publisher.publish('orders', 'one'), 2);
          assert.equal(await publisher.publish('events', 'two'), 1);
          const payload = everyByte();
          assert.equal(await publisher.publish('events', payload), 1);
          assert.ok(await waitUntil(async () => messages.length === 4 && buffers.length === 3, 2000), messages.join('\n'));
          assert.deepEqual(messages.slice(0, 3), ['message orders one', 'pmessage ord* orders one', 'message events two']);
          assert.ok(buffers[2]!.equals(payload), 'binary payload intact');
          assert.deepEqual(await publisher.pubsub('NUMSUB', 'orders', 'events'), ['orders', 1, 'events', 1]);
          assert.equal(await publisher.pubsub('NUMPAT'), 1);
          await subscriber.unsubscribe('orders');
          await subscriber.punsubscribe('ord*');
          assert.equal(await publisher.publish('orders', 'gone'), 0);
          if (protocol === 3) {
            // RESP3 lets the subscribing connection run ordinary commands.
            assert.equal(await subscriber.set('k', 'v'), 'OK');
            assert.equal(await subscriber.get('k'), 'v');
          }
        } finally {
          subscriber.disconnect();
          publisher.disconnect();
          await server.close();
        }
      });
    }

    test(`node-redis RESP3: subscribe and pSubscribe on a connection that keeps working (${name})`, async () => {
      const server = await start();
      const client = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false }, RESP: 3 });
      const publisher = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false } });
      client.on('error', () => {});
      publisher.on('error', () => {});
      try {
        await client.connect();
        await publisher.connect();
        const received: string[] = [];
        await client.subscribe('room', (message, channel) => received.push(`${channel}: ${message}`));
        await client.pSubscribe('ro*', (message, channel) => received.push(`pattern ${channel}: ${message}`));
        const buffers: Buffer[] = [];
        await client.subscribe('binary', (message) => buffers.push(message), true);
        assert.equal(await publisher.publish('room', 'hello'), 2);
        assert.equal(await publisher.publish('binary', everyByte()), 1);
        assert.equal(await client.set('k', 'v'), 'OK');
        assert.equal(await client.get('k'), 'v');
        assert.ok(await waitUntil(async () => received.length === 2 && buffers.length === 1, 2000), received.join('\n'));
        assert.deepEqual(received, ['room: hello', 'pattern room: hello']);
        assert.ok(buffers[0]!.equals(everyByte()));
        await client.unsubscribe('room');
        await client.pUnsubscribe('ro*');
        assert.equal(await publisher.publish('room', 'again'), 0);
      } finally {
        client.destroy();
        publisher.destroy();
        await server.close();
      }
    });
  }
});

describe('slow subscribers (Restis)', () => {
  let restis: RunningServer;
  before(async () => {
    restis = await startServer({ http: false });
  });
  after(async () => {
    await restis?.close();
  });

  const numsub = async (publisher: Redis, channel: string): Promise<number> =>
    Number(((await publisher.pubsub('NUMSUB', channel)) as unknown[])[1]);

  test('a subscriber that stops reading is disconnected at the pubsub hard limit; the others carry on', async () => {
    const publisher = new Redis({ host: '127.0.0.1', port: restis.port, retryStrategy: () => null });
    const reader = new Redis({ host: '127.0.0.1', port: restis.port, retryStrategy: () => null });
    const stalled = await Peer.connect(restis.port);
    try {
      assert.equal(await publisher.config('SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 60'), 'OK');
      let delivered = 0;
      reader.on('messageBuffer', () => delivered++);
      await reader.subscribe('firehose');
      stalled.send('SUBSCRIBE', 'firehose');
      assert.ok(await waitUntil(async () => (await numsub(publisher, 'firehose')) === 2, 2000));
      stalled.socket.pause();
      const payload = Buffer.alloc(64 * 1024, 'x');
      let published = 0;
      // The kernel buffers some megabytes before Restis's own output grows: publish until the
      // stalled subscriber is dropped (bounded, so a missing limit fails instead of hanging).
      while (published < 2000 && (await numsub(publisher, 'firehose')) === 2) {
        await publisher.publish('firehose', payload);
        published++;
      }
      assert.equal(await numsub(publisher, 'firehose'), 1, `the stalled subscriber is gone after ${published} messages`);
      assert.equal(await publisher.ping(), 'PONG');
      assert.ok(await waitUntil(async () => delivered === published, 5000), `the reading subscriber got ${delivered} of ${published}`);
      const clients = String(await publisher.client('LIST'));
      assert.equal(clients.split('\n').filter((line) => line.includes('flags=P')).length, 1, clients);
    } finally {
      await publisher.config('SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      stalled.close();
      reader.disconnect();
      publisher.disconnect();
    }
  });

  test('the soft limit disconnects once it has been passed for longer than its seconds', async () => {
    const publisher = new Redis({ host: '127.0.0.1', port: restis.port, retryStrategy: () => null });
    const stalled = await Peer.connect(restis.port);
    try {
      assert.equal(await publisher.config('SET', 'client-output-buffer-limit', 'pubsub 0 256kb 1'), 'OK');
      stalled.send('SUBSCRIBE', 'slow');
      assert.ok(await waitUntil(async () => (await numsub(publisher, 'slow')) === 1, 2000));
      stalled.socket.pause();
      const payload = Buffer.alloc(64 * 1024, 'y');
      const started = Date.now();
      let published = 0;
      while (Date.now() - started < 8000 && (await numsub(publisher, 'slow')) === 1) {
        await publisher.publish('slow', payload);
        published++;
        if (published % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await numsub(publisher, 'slow'), 0, 'disconnected by the soft limit');
      assert.ok(Date.now() - started >= 1000, 'not before the soft limit seconds passed');
    } finally {
      await publisher.config('SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      stalled.close();
      publisher.disconnect();
    }
  });

  test('CLIENT LIST shows flags=P and the subscription counts; CLIENT KILL TYPE pubsub', async () => {
    const control = new Redis({ host: '127.0.0.1', port: restis.port, retryStrategy: () => null });
    const subscriber = await Peer.connect(restis.port);
    const monitor = await Peer.connect(restis.port);
    try {
      subscriber.send('SUBSCRIBE', 'a', 'b');
      subscriber.send('PSUBSCRIBE', 'c*');
      subscriber.send('SSUBSCRIBE', 's');
      monitor.send('MONITOR');
      assert.ok(await waitUntil(async () => String(await control.client('LIST')).includes('ssub=1'), 2000));
      const list = String(await control.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
      assert.match(list, /flags=P db=0 sub=2 psub=1 ssub=1 /, list);
      assert.equal(list.trim().split('\n').length, 1, list);
      const all = String(await control.client('LIST'));
      assert.match(all, /flags=O db=0 sub=0 psub=0 ssub=0 .*cmd=monitor/, all);
      const info = String(await control.info('stats'));
      assert.match(info, /pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n/, info);
      assert.equal(await control.call('CLIENT', 'KILL', 'TYPE', 'pubsub'), 1);
      assert.ok(await waitUntil(async () => subscriber.closed, 2000));
      assert.deepEqual(await control.pubsub('NUMSUB', 'a'), ['a', 0]);
    } finally {
      subscriber.close();
      monitor.close();
      control.disconnect();
    }
  });
});

test('PUBLISH fan-out delivers every message once, in order, to 50 subscribers', async () => {
  const restis = await startServer({ http: false });
  const peers = await Promise.all(Array.from({ length: 50 }, () => Peer.connect(restis.port)));
  const publisher = new Redis({ host: '127.0.0.1', port: restis.port, retryStrategy: () => null });
  try {
    for (const peer of peers) peer.send('SUBSCRIBE', 'fan');
    assert.ok(await waitUntil(async () => Number(((await publisher.pubsub('NUMSUB', 'fan')) as unknown[])[1]) === 50, 2000));
    for (const peer of peers) peer.take();
    const pipeline = publisher.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.publish('fan', `m${i}`);
    const counts = (await pipeline.exec())!.map(([, count]) => count);
    assert.ok(counts.every((count) => count === 50));
    let expected = '';
    for (let i = 0; i < 1000; i++) expected += `*3\r\n$7\r\nmessage\r\n$3\r\nfan\r\n$${String(i).length + 1}\r\nm${i}\r\n`;
    const digest = createHash('sha1').update(expected, 'latin1').digest('hex');
    assert.ok(await waitUntil(async () => peers.every((peer) => peer.received.length >= expected.length), 5000));
    for (const peer of peers) assert.equal(createHash('sha1').update(peer.received, 'latin1').digest('hex'), digest);
  } finally {
    for (const peer of peers) peer.close();
    publisher.disconnect();
    await restis.close();
  }
});

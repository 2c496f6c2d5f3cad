import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { blockedClients, waitForBlocked } from './client-fixtures.js';

// BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP with several real ioredis clients. Every scenario
// runs against an in-process Restis and, when it is installed, against redis-server: both must
// produce the transcript written here (which is what Redis 7.0 does), so the expectations are
// checked against the real thing. Clients block in a known order: each scenario waits for INFO
// blocked_clients to count a client before the next one blocks.

const missing = redisServerMissing();
if (missing) console.log(`# blocking list tests run against Restis only: ${missing}`);

interface Server {
  name: string;
  port: number;
  close(): Promise<void>;
}

/** What a scenario does with one server: clients, waits, and a transcript of what it saw. */
class Scene {
  private readonly clients: Redis[] = [];
  readonly control: Redis;

  constructor(readonly server: Server, readonly protocol: 2 | 3) {
    this.control = this.client();
  }

  client(db = 0): Redis {
    const client = new Redis({
      host: '127.0.0.1', port: this.server.port, db, protocol: this.protocol,
      retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: true,
    });
    client.on('error', () => {});
    this.clients.push(client);
    return client;
  }

  blockedClients(): Promise<number> {
    return blockedClients(this.control);
  }

  /** Waits until exactly `count` clients are blocked (fails the scenario after 3 s). */
  blocked(count: number): Promise<void> {
    return waitForBlocked(this.control, count, `${this.server.name}: `);
  }

  /** Sends a command without waiting; its outcome (value or error text) settles the promise. */
  send(client: Redis, ...argv: Array<string | number>): Promise<unknown> {
    const [name, ...args] = argv;
    return client.call(String(name), ...args.map(String)).then(
      (value) => value,
      (error: Error) => `error: ${error.message}`,
    );
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.disconnect();
  }
}

interface Scenario {
  name: string;
  /** The transcript Redis 7.0 produces. */
  expected: unknown;
  run(scene: Scene): Promise<unknown>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'clients blocked on one key are served in the order they blocked',
    expected: { served: [['q', '1'], ['q', '2'], ['q', '3']], left: 0 },
    async run(scene) {
      const waits: Array<Promise<unknown>> = [];
      for (let i = 0; i < 3; i++) {
        waits.push(scene.send(scene.client(), 'BLPOP', 'q', 0));
        await scene.blocked(i + 1);
      }
      await scene.control.rpush('q', '1', '2', '3');
      return { served: await Promise.all(waits), left: await scene.blockedClients() };
    },
  },
  {
    name: 'twenty racing clients, fewer elements than clients: the first ones get them, the rest keep waiting',
    expected: {
      served: Array.from({ length: 12 }, (_, i) => ['race', `v${i}`]),
      stillBlocked: 8,
      late: Array.from({ length: 8 }, (_, i) => ['race', `w${i}`]),
      left: 0,
    },
    async run(scene) {
      const waits: Array<Promise<unknown>> = [];
      for (let i = 0; i < 20; i++) {
        waits.push(scene.send(scene.client(), 'BRPOP', 'race', 0));
        await scene.blocked(i + 1);
      }
      // BRPOP takes from the tail: push so that the tail holds v0, then v1, ...
      await scene.control.lpush('race', ...Array.from({ length: 12 }, (_, i) => `v${i}`));
      const served = await Promise.all(waits.slice(0, 12));
      const stillBlocked = await scene.blockedClients();
      for (let i = 0; i < 8; i++) await scene.control.lpush('race', `w${i}`);
      return { served, stillBlocked, late: await Promise.all(waits.slice(12)), left: await scene.blockedClients() };
    },
  },
  {
    name: 'a client blocked on several keys is served from the key that gets data',
    expected: { first: ['c', 'x'], second: ['b', 'y'], exists: 0 },
    async run(scene) {
      const client = scene.client();
      const first = scene.send(client, 'BLPOP', 'a', 'b', 'c', 0);
      await scene.blocked(1);
      await scene.control.rpush('c', 'x');
      const second = scene.send(client, 'BRPOP', 'a', 'b', 'c', 0);
      await scene.blocked(1);
      await scene.control.rpush('b', 'y');
      return { first: await first, second: await second, exists: await scene.control.exists('a', 'b', 'c') };
    },
  },
  {
    name: 'keys of another type are skipped on wake-up, and a key filled then emptied is re-checked',
    expected: { stillBlocked: 1, served: ['b', 'v'], afterSet: 1, afterDel: ['k', 'w'] },
    async run(scene) {
      const client = scene.client();
      const served = scene.send(client, 'BLPOP', 'a', 'b', 0);
      await scene.blocked(1);
      await scene.control.set('a', 'string');
      const stillBlocked = await scene.blockedClients();
      await scene.control.rpush('b', 'v');
      const servedValue = await served;
      const again = scene.send(client, 'BLPOP', 'k', 0);
      await scene.blocked(1);
      await scene.control.set('k', 'string');
      const afterSet = await scene.blockedClients();
      await scene.control.del('k');
      await scene.control.rpush('k', 'w');
      return { stillBlocked, served: servedValue, afterSet, afterDel: await again };
    },
  },
  {
    name: 'a waiter is served right after the command that filled the key, before the next one in the pipeline',
    expected: { served: ['k', 'x'], pipeline: [[null, 1], [null, null], [null, 0]] },
    async run(scene) {
      const served = scene.send(scene.client(), 'BLPOP', 'k', 0);
      await scene.blocked(1);
      const pipeline = await scene.control.pipeline().rpush('k', 'x').lpop('k').exists('k').exec();
      return { served: await served, pipeline };
    },
  },
  {
    name: 'a pushed key whose waiter already took the element leaves nothing behind; later pipelined pushes stay',
    expected: { served: ['k', 'a'], pipeline: [[null, 2], [null, 2]], list: ['b', 'c'] },
    async run(scene) {
      const served = scene.send(scene.client(), 'BLPOP', 'k', 0);
      await scene.blocked(1);
      const pipeline = await scene.control.pipeline().rpush('k', 'a', 'b').rpush('k', 'c').exec();
      return { served: await served, pipeline, list: await scene.control.lrange('k', 0, -1) };
    },
  },
  {
    name: 'BLMOVE pushing to another list wakes a client blocked there (chain)',
    expected: { mover: 'v', popper: ['mid', 'v'], next: 'w', last: ['dst', 'w'], exists: 0 },
    async run(scene) {
      const mover = scene.send(scene.client(), 'BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', 0);
      await scene.blocked(1);
      const popper = scene.send(scene.client(), 'BLPOP', 'mid', 0);
      await scene.blocked(2);
      await scene.control.rpush('src', 'v');
      const results = { mover: await mover, popper: await popper };
      const next = scene.send(scene.client(), 'BRPOPLPUSH', 'src2', 'dst', 0);
      await scene.blocked(1);
      const last = scene.send(scene.client(), 'BRPOP', 'dst', 0);
      await scene.blocked(2);
      await scene.control.lpush('src2', 'w');
      return { ...results, next: await next, last: await last, exists: await scene.control.exists('src', 'mid', 'src2', 'dst') };
    },
  },
  {
    name: 'BLMOVE from a list to itself rotates it; two such waiters are both served',
    expected: { first: 'a', second: 'a', list: ['a'] },
    async run(scene) {
      const first = scene.send(scene.client(), 'BLMOVE', 'ring', 'ring', 'LEFT', 'RIGHT', 0);
      await scene.blocked(1);
      const second = scene.send(scene.client(), 'BLMOVE', 'ring', 'ring', 'RIGHT', 'LEFT', 0);
      await scene.blocked(2);
      await scene.control.rpush('ring', 'a');
      return { first: await first, second: await second, list: await scene.control.lrange('ring', 0, -1) };
    },
  },
  {
    name: 'BLMOVE whose destination became another type gets WRONGTYPE and moves nothing',
    expected: {
      reply: 'error: WRONGTYPE Operation against a key holding the wrong kind of value',
      source: ['a'],
      destination: 'x',
      blocked: 0,
    },
    async run(scene) {
      const reply = scene.send(scene.client(), 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0);
      await scene.blocked(1);
      await scene.control.set('dst', 'x');
      await scene.control.rpush('src', 'a');
      return {
        reply: await reply, source: await scene.control.lrange('src', 0, -1),
        destination: await scene.control.get('dst'), blocked: await scene.blockedClients(),
      };
    },
  },
  {
    name: 'BLMPOP takes up to COUNT elements from the key that got data',
    expected: { right: ['b', ['3', '2']], left: ['a', ['x']], rest: ['1'] },
    async run(scene) {
      const client = scene.client();
      const right = scene.send(client, 'BLMPOP', 0, 2, 'a', 'b', 'RIGHT', 'COUNT', 2);
      await scene.blocked(1);
      await scene.control.rpush('b', '1', '2', '3');
      const rightValue = await right;
      const left = scene.send(client, 'BLMPOP', 0, 2, 'c', 'a', 'LEFT', 'COUNT', 5);
      await scene.blocked(1);
      await scene.control.rpush('a', 'x');
      return { right: rightValue, left: await left, rest: await scene.control.lrange('b', 0, -1) };
    },
  },
  {
    name: 'timeouts with decimals answer null; a later push is not taken by a client that timed out',
    expected: { blpop: null, brpop: null, blmove: null, brpoplpush: null, blmpop: null, slow: true, list: ['later'] },
    async run(scene) {
      const client = scene.client();
      const started = Date.now();
      const blpop = await scene.send(client, 'BLPOP', 'none', 0.1);
      const slow = Date.now() - started >= 90;
      const brpop = await scene.send(client, 'BRPOP', 'none', 'none2', '0.05');
      const blmove = await scene.send(client, 'BLMOVE', 'none', 'dst', 'LEFT', 'LEFT', '0.05');
      const brpoplpush = await scene.send(client, 'BRPOPLPUSH', 'none', 'dst', '0.05');
      const blmpop = await scene.send(client, 'BLMPOP', '0.05', 1, 'none', 'LEFT');
      await scene.blocked(0);
      await scene.control.rpush('none', 'later');
      return { blpop, brpop, blmove, brpoplpush, blmpop, slow, list: await scene.control.lrange('none', 0, -1) };
    },
  },
  {
    name: 'a short timeout does not cut a wait that data ends first',
    expected: ['k', 'v'],
    async run(scene) {
      const reply = scene.send(scene.client(), 'BLPOP', 'k', 5);
      await scene.blocked(1);
      await scene.control.rpush('k', 'v');
      return reply;
    },
  },
  {
    name: 'CLIENT UNBLOCK ends a wait as a timeout or with an UNBLOCKED error',
    expected: {
      timeout: null, error: 'error: UNBLOCKED client unblocked via CLIENT UNBLOCK', counts: [1, 1, 0],
      mover: null, blocked: 0, list: ['kept'],
    },
    async run(scene) {
      const client = scene.client();
      const id = await client.client('ID');
      const timeout = scene.send(client, 'BLPOP', 'k', 0);
      await scene.blocked(1);
      const counts = [Number(await scene.control.client('UNBLOCK', id, 'TIMEOUT'))];
      const timeoutValue = await timeout;
      const error = scene.send(client, 'BLMPOP', 0, 1, 'k', 'LEFT');
      await scene.blocked(1);
      counts.push(Number(await scene.control.client('UNBLOCK', id, 'ERROR')));
      const errorValue = await error;
      counts.push(Number(await scene.control.client('UNBLOCK', id)));
      const mover = scene.send(client, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0);
      await scene.blocked(1);
      await scene.control.client('UNBLOCK', id);
      const moverValue = await mover;
      await scene.control.rpush('k', 'kept');
      return {
        timeout: timeoutValue, error: errorValue, counts, mover: moverValue,
        blocked: await scene.blockedClients(), list: await scene.control.lrange('k', 0, -1),
      };
    },
  },
  {
    name: 'a client that disconnects while blocked leaves no trace',
    expected: { blocked: 0, list: ['v'], other: ['k', 'v'] },
    async run(scene) {
      const leaving = scene.client();
      void scene.send(leaving, 'BLPOP', 'k', 0);
      await scene.blocked(1);
      leaving.disconnect();
      await scene.blocked(0);
      await scene.control.rpush('k', 'v');
      const list = await scene.control.lrange('k', 0, -1);
      // A client blocking afterwards gets the element straight away.
      const other = await scene.send(scene.client(), 'BLPOP', 'k', 0);
      return { blocked: await scene.blockedClients(), list, other };
    },
  },
  {
    name: 'a client blocked in database 1 is not woken by a push in database 0',
    expected: { stillBlocked: 1, db0: ['zero'], served: ['k', 'one'] },
    async run(scene) {
      const waiter = scene.send(scene.client(1), 'BLPOP', 'k', 0);
      await scene.blocked(1);
      await scene.control.rpush('k', 'zero');
      const stillBlocked = await scene.blockedClients();
      const db0 = await scene.control.lrange('k', 0, -1);
      const other = scene.client(1);
      await other.rpush('k', 'one');
      return { stillBlocked, db0, served: await waiter };
    },
  },
  {
    name: 'commands a blocked client pipelines run after it is served, in order',
    expected: { results: [[null, ['k', 'v']], [null, 'PONG'], [null, 0]] },
    async run(scene) {
      const client = scene.client();
      const pipeline = client.pipeline().blpop('k', 0).ping().llen('k').exec();
      await scene.blocked(1);
      await scene.control.rpush('k', 'v');
      return { results: await pipeline };
    },
  },
  {
    name: 'BLPOP, BRPOP and BLMOVE of a list that has data answer at once',
    expected: { blpop: ['k', 'a'], brpop: ['k', 'c'], blmove: 'b', blocked: 0, dst: ['b'] },
    async run(scene) {
      await scene.control.rpush('k', 'a', 'b', 'c');
      const client = scene.client();
      return {
        blpop: await scene.send(client, 'BLPOP', 'none', 'k', 0),
        brpop: await scene.send(client, 'BRPOP', 'k', 0),
        blmove: await scene.send(client, 'BLMOVE', 'k', 'dst', 'RIGHT', 'LEFT', 0),
        blocked: await scene.blockedClients(),
        dst: await scene.control.lrange('dst', 0, -1),
      };
    },
  },
];

async function startRestis(): Promise<Server> {
  const server = await startServer({ port: 0 });
  return { name: 'restis', port: server.port, close: () => server.close() };
}

async function startRedis(): Promise<Server> {
  const server = await startRedisServer();
  return { name: 'redis-server', port: server.port, close: () => server.stop() };
}

for (const protocol of [2, 3] as const) {
  describe(`blocking list commands with ioredis (RESP${protocol})`, () => {
    const servers: Server[] = [];

    before(async () => {
      servers.push(await startRestis());
      if (!missing) servers.push(await startRedis());
    });
    after(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });

    for (const scenario of SCENARIOS) {
      test(scenario.name, { timeout: 20_000 }, async () => {
        for (const server of servers) {
          const scene = new Scene(server, protocol);
          try {
            await scene.control.flushall();
            const transcript = await scenario.run(scene);
            assert.deepEqual(transcript, scenario.expected, `${server.name} answered differently`);
            await scene.blocked(0);
          } finally {
            await scene.close();
          }
        }
      });
    }
  });
}

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/index.js';
import { freeClusterNodePort } from '../helpers/ports.js';
import { redisServerMissing } from '../helpers/redis-server.js';
import { call, command, TOKEN } from '../rest/rest-fixtures.js';

// The gateway in front of a real Redis Cluster of 3 masters and 3 replicas started here.

const missing = redisServerMissing();
const nodes: Array<{ port: number; child: ChildProcess }> = [];
let dir = '';
let gateway: RunningServer;

async function ping(port: number): Promise<boolean> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function clusterInfo(port: number): Promise<string> {
  const redis = new Redis({ port, host: '127.0.0.1' });
  try {
    return String(await redis.call('CLUSTER', 'INFO'));
  } finally {
    redis.disconnect();
  }
}

async function replicationInfo(port: number): Promise<string> {
  const redis = new Redis({ port, host: '127.0.0.1' });
  try {
    return await redis.info('replication');
  } finally {
    redis.disconnect();
  }
}

before(async () => {
  if (missing !== null) return;
  dir = mkdtempSync(join(tmpdir(), 'restis-cluster-'));
  const taken = new Set<number>();
  for (let i = 0; i < 6; i++) {
    const port = await freeClusterNodePort(taken);
    taken.add(port);
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'], { stdio: 'ignore' });
    nodes.push({ port, child });
  }
  for (const { port } of nodes) await until(() => ping(port), `node ${port}`, 5000);
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map(({ port }) => `127.0.0.1:${port}`), '--cluster-replicas', '1', '--cluster-yes'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(created.status, 0, created.stdout + created.stderr);
  for (const { port } of nodes) await until(async () => (await clusterInfo(port)).includes('cluster_state:ok'), `cluster_state:ok on ${port}`);
  // Replicas finish their first sync before traffic starts: a failover before that could lose writes (Redis's, not the gateway's).
  for (const { port } of nodes) await until(async () => {
    const info = await replicationInfo(port);
    return info.includes('role:master') || info.includes('master_link_status:up');
  }, `replica ${port} in sync`);
  gateway = await startServer({ token: TOKEN, upstream: { cluster: nodes.slice(0, 3).map(({ port }) => `127.0.0.1:${port}`).join(','), timeoutMs: 2000 } });
  // ioredis loads the slot map once it connects; until then requests answer 503.
  await until(async () => (await command(gateway, ['PING'])).status === 200, 'the gateway to see the cluster');
});

after(async () => {
  if (missing !== null) return;
  await gateway?.close();
  await Promise.all(nodes.map(({ child }) => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGKILL');
  })));
  rmSync(dir, { recursive: true, force: true });
});

async function keysPerMaster(): Promise<number[]> {
  const counts: number[] = [];
  for (const { port } of nodes) {
    const redis = new Redis({ port, host: '127.0.0.1' });
    try {
      if ((await redis.call('ROLE') as unknown[])[0] === 'master') counts.push(Number(await redis.dbsize()));
    } finally {
      redis.disconnect();
    }
  }
  return counts;
}

describe('gateway to a Redis Cluster', { skip: missing ?? false }, () => {
  test('commands over many keys land on every master; a /pipeline across slots answers in order', async () => {
    const commands = Array.from({ length: 300 }, (_, i) => ['SET', `key:${i}`, `value:${i}`]);
    const written = await call(gateway, '/pipeline', { body: JSON.stringify(commands) });
    assert.equal(written.status, 200);
    assert.ok((written.json as unknown[]).every((item) => (item as { result: string }).result === 'OK'));
    const counts = await keysPerMaster();
    assert.equal(counts.length, 3);
    assert.ok(counts.every((count) => count > 50), `keys per master: ${counts}`);
    const reads = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? ['INCR', `n:${i}`] : ['GET', `key:${i}`]));
    const answer = await call(gateway, '/pipeline', { body: JSON.stringify(reads) });
    (answer.json as Array<{ result: unknown }>).forEach((item, i) => assert.deepEqual(item.result, i % 3 === 0 ? 1 : `value:${i}`));
    assert.deepEqual((await command(gateway, ['GET', 'key:7'])).json, { result: 'value:7' });
  });

  test('CROSSSLOT for /multi-exec and for one command across slots; hash tags keep keys together', async () => {
    const across = await call(gateway, '/multi-exec', { body: JSON.stringify([['SET', 'a', '1'], ['SET', 'b', '2']]) });
    assert.equal(across.status, 400);
    assert.deepEqual(across.json, { error: "CROSSSLOT Keys in request don't hash to the same slot" });
    assert.deepEqual((await command(gateway, ['MGET', 'a', 'b'])).json, { error: "CROSSSLOT Keys in request don't hash to the same slot" });
    assert.deepEqual((await command(gateway, ['EVAL', 'return 1', '2', 'a', 'b'])).json, { error: "CROSSSLOT Keys in request don't hash to the same slot" });
    const together = await call(gateway, '/multi-exec', { body: JSON.stringify([['SET', '{user:1}:name', 'ada'], ['INCR', '{user:1}:visits'], ['MGET', '{user:1}:name', '{user:1}:visits']]) });
    assert.equal(together.status, 200, together.text);
    assert.deepEqual(together.json, [{ result: 'OK' }, { result: 1 }, { result: ['ada', '1'] }]);
  });

  test('a manual failover (CLUSTER FAILOVER on a replica) during a write loop loses no acknowledged write', async () => {
    const acknowledged: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const answer = await command(gateway, ['SET', `ack:${i}`, String(i)]);
        if (answer.status === 200) acknowledged.push(i);
        else assert.ok(answer.status >= 500, `status ${answer.status}: ${JSON.stringify(answer.json)}`);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    let replicaPort = 0;
    for (const { port } of nodes) {
      const redis = new Redis({ port, host: '127.0.0.1' });
      try {
        if ((await redis.call('ROLE') as unknown[])[0] === 'slave' && replicaPort === 0) {
          replicaPort = port;
          assert.equal(await redis.call('CLUSTER', 'FAILOVER'), 'OK');
        }
      } finally {
        redis.disconnect();
      }
    }
    await until(async () => {
      const redis = new Redis({ port: replicaPort, host: '127.0.0.1' });
      try {
        return (await redis.call('ROLE') as unknown[])[0] === 'master';
      } finally {
        redis.disconnect();
      }
    }, 'the replica to take over');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stop = true;
    await writer;
    assert.ok(acknowledged.length > 50, `only ${acknowledged.length} writes`);
    const checker = new Cluster([{ host: '127.0.0.1', port: nodes[0]!.port }]);
    try {
      const lost: number[] = [];
      for (const i of acknowledged) if (await checker.get(`ack:${i}`) !== String(i)) lost.push(i);
      assert.deepEqual(lost, [], `lost ${lost.length} of ${acknowledged.length} acknowledged writes`);
    } finally {
      checker.disconnect();
    }
  });
});

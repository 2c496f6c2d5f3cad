import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { runCli, startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';
import { TestFleet } from '../helpers/test-fleet.js';

// The append-only file as users meet it: Redis 7's multi-part directory, writes that survive a
// restart or a SIGKILL, truncated and corrupted files at startup, and redis-server reading ours
// (and we theirs).

const fleet = new TestFleet('restis-aof-');
const dataDir = (): string => fleet.tempDir();
const connect = (port: number): Redis => fleet.connect(port);
function start(dir: string, extra: string[] = []): Promise<{ restis: RestisProcess; redis: Redis }> {
  return fleet.start(['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--dir', dir, ...extra]);
}

const aofDir = (dir: string): string => join(dir, 'appendonlydir');
const manifest = (dir: string): string => readFileSync(join(aofDir(dir), 'appendonly.aof.manifest'), 'latin1');
function incrPath(dir: string): string {
  const line = manifest(dir).split('\n').filter((l) => l.endsWith('type i')).pop()!;
  return join(aofDir(dir), line.split(' ')[1]!);
}

async function fill(redis: Redis): Promise<void> {
  await redis.set('string', 'hello');
  await redis.set('binary', Buffer.from([0, 255, 13, 10, 128]));
  await redis.incrby('counter', 12345);
  await redis.set('expiring', 'soon', 'EX', 1000);
  await redis.set('gone', 'x', 'PX', 1);
  await redis.rpush('list', 'a', 'b', 'c');
  await redis.lpop('list');
  await redis.hset('hash', 'f1', 'v1', 'f2', 'v2');
  await redis.sadd('set', 'x', 'y', 'z');
  await redis.zadd('zset', '1.5', 'one', '2', 'two');
  await redis.xadd('stream', '1-1', 'field', 'value');
  await redis.pfadd('hll', 'a', 'b', 'c');
  await redis.multi().set('tx1', '1').set('tx2', '2').exec();
  await redis.select(3);
  await redis.set('in-db-3', 'three');
  await redis.select(0);
}

async function checkFilled(redis: Redis): Promise<void> {
  assert.equal(await redis.get('string'), 'hello');
  assert.deepEqual(await redis.getBuffer('binary'), Buffer.from([0, 255, 13, 10, 128]));
  assert.equal(await redis.get('counter'), '12345');
  const ttl = await redis.ttl('expiring');
  assert.ok(ttl > 990 && ttl <= 1000, `ttl ${ttl}`);
  assert.equal(await redis.exists('gone'), 0);
  assert.deepEqual(await redis.lrange('list', 0, -1), ['b', 'c']);
  assert.deepEqual(await redis.hgetall('hash'), { f1: 'v1', f2: 'v2' });
  assert.deepEqual((await redis.smembers('set')).sort(), ['x', 'y', 'z']);
  assert.deepEqual(await redis.zrange('zset', '0', '-1', 'WITHSCORES'), ['one', '1.5', 'two', '2']);
  assert.deepEqual(await redis.xrange('stream', '-', '+'), [['1-1', ['field', 'value']]]);
  assert.equal(await redis.pfcount('hll'), 3);
  assert.deepEqual(await redis.mget('tx1', 'tx2'), ['1', '2']);
  await redis.select(3);
  assert.equal(await redis.get('in-db-3'), 'three');
  await redis.select(0);
}

describe('append-only file', () => {
  test('the multi-part layout: manifest, RDB base, incr file; writes survive a SIGKILL and a rewrite', async () => {
    const dir = dataDir();
    const first = await start(dir);
    assert.equal(manifest(dir), 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    assert.equal(readFileSync(join(aofDir(dir), 'appendonly.aof.1.base.rdb')).latin1Slice(0, 9), 'REDIS0010');
    await fill(first.redis);
    const info = await first.redis.info('persistence');
    assert.match(info, /aof_enabled:1/);
    assert.match(info, /aof_last_write_status:ok/);
    const size = Number(/aof_current_size:(\d+)/.exec(info)![1]);
    assert.equal(size, statSync(join(aofDir(dir), 'appendonly.aof.1.base.rdb')).size + statSync(incrPath(dir)).size);
    await first.restis.stop('SIGKILL');

    const second = await start(dir);
    await checkFilled(second.redis);
    assert.equal(await second.redis.bgrewriteaof(), 'Background append only file rewriting started');
    await second.redis.set('after-rewrite', 'yes');
    for (;;) {
      if (/aof_rewrite_in_progress:0/.test(await second.redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(manifest(dir), 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    assert.deepEqual(readdirSync(aofDir(dir)).sort(), ['appendonly.aof.2.base.rdb', 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
    await second.restis.stop('SIGKILL');

    const third = await start(dir);
    await checkFilled(third.redis);
    assert.equal(await third.redis.get('after-rewrite'), 'yes');
    await third.restis.stop();
  });

  test('aof-use-rdb-preamble no: the base is commands (every type), and it loads back', async () => {
    const dir = dataDir();
    const first = await start(dir, ['--aof-use-rdb-preamble', 'no']);
    await fill(first.redis);
    await first.redis.xgroup('CREATE', 'stream', 'group', '0');
    await first.redis.xreadgroup('GROUP', 'group', 'alice', 'STREAMS', 'stream', '>');
    assert.equal(await first.redis.bgrewriteaof(), 'Background append only file rewriting started');
    for (;;) {
      if (/aof_rewrite_in_progress:0/.test(await first.redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(manifest(dir), /^file appendonly\.aof\.2\.base\.aof seq 2 type b\n/);
    assert.equal(readFileSync(join(aofDir(dir), 'appendonly.aof.2.base.aof')).latin1Slice(0, 1), '*');
    await first.restis.stop('SIGKILL');
    const second = await start(dir, ['--aof-use-rdb-preamble', 'no']);
    await checkFilled(second.redis);
    const pending = await second.redis.xpending('stream', 'group', '-', '+', 10);
    assert.deepEqual((pending as Array<[string, string]>).map(([id, consumer]) => [id, consumer]), [['1-1', 'alice']]);
    await second.restis.stop();
  });

  test('SIGKILL during a rewrite loses nothing: the manifest lists the old files and the new incr file', async () => {
    const dir = dataDir();
    const first = await start(dir);
    for (let i = 0; i < 100_000; i += 1000) {
      const pipeline = first.redis.pipeline();
      for (let j = i; j < i + 1000; j++) pipeline.set(`key:${j}`, `v:${j}`);
      await pipeline.exec();
    }
    assert.equal(await first.redis.bgrewriteaof(), 'Background append only file rewriting started');
    await first.redis.set('during', 'rewrite');
    await first.redis.set('key:5', 'changed');
    assert.match(await first.redis.info('persistence'), /aof_rewrite_in_progress:1/);
    assert.equal(manifest(dir), 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    await first.restis.stop('SIGKILL');
    const second = await start(dir);
    assert.equal(await second.redis.dbsize(), 100_001);
    assert.deepEqual(await second.redis.mget('during', 'key:5', 'key:99999'), ['rewrite', 'changed', 'v:99999']);
    await second.restis.stop();
  });

  test('appendfsync always: no acknowledged write is lost across SIGKILLs', async () => {
    const dir = dataDir();
    let acknowledged = 0;
    for (let cycle = 0; cycle < 5; cycle++) {
      const { restis, redis } = await start(dir, ['--appendfsync', 'always']);
      assert.equal(Number(await redis.get('counter') ?? 0) >= acknowledged, true, `cycle ${cycle}`);
      acknowledged = Number(await redis.get('counter') ?? 0);
      const writers = [0, 1, 2].map((n) => connect(restis.port));
      let stop = false;
      const loops = writers.map(async (client, n) => {
        while (!stop) {
          try {
            const value = await client.incr('counter');
            await client.set(`w${n}:${value}`, '1');
            acknowledged = Math.max(acknowledged, value);
          } catch {
            return;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const killed = restis.stop('SIGKILL');
      stop = true;
      await killed;
      await Promise.all(loops);
    }
    const { redis } = await start(dir);
    assert.ok(Number(await redis.get('counter')) >= acknowledged, `counter ${await redis.get('counter')} < acknowledged ${acknowledged}`);
    assert.ok(acknowledged > 10);
  });

  test('a truncated last command is dropped with a warning and the file is cut to the last good command', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await first.redis.set('kept', '1');
    await first.restis.stop();
    const path = incrPath(dir);
    const goodSize = statSync(path).size;
    appendFileSync(path, '*3\r\n$3\r\nSET\r\n$4\r\nlost\r\n$5\r\nval');
    const second = await start(dir);
    assert.equal(await second.redis.get('kept'), '1');
    assert.equal(await second.redis.exists('lost'), 0);
    assert.match(second.restis.stdout() + second.restis.stderr(), /truncated/);
    assert.equal(statSync(path).size, goodSize);
    await second.restis.stop();

    // With aof-load-truncated no, startup stops instead.
    appendFileSync(path, '*1\r\n$4\r\nPI');
    const refused = await runCli(['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--aof-load-truncated', 'no', '--dir', dir]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /incomplete command/);
  });

  test('corruption in the middle stops startup with the file, the offset and a hint; nothing is overwritten', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await first.redis.set('a', '1');
    await first.redis.set('b', '2');
    await first.restis.stop();
    const path = incrPath(dir);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('*3', 10);
    bytes[at] = 0x21;
    writeFileSync(path, bytes);
    const result = await runCli(['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--dir', dir]);
    assert.notEqual(result.code, 0);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, new RegExp(`appendonly\\.aof\\.1\\.incr\\.aof at offset ${at}.*redis-check-aof --fix`));
    assert.deepEqual(readFileSync(path), bytes);
  });

  test('CONFIG SET appendonly yes at run time writes a base of the dataset and appends from then on', async () => {
    const dir = dataDir();
    const restis = await startRestisProcess(['--port', '0', '--no-http', '--save', '', '--appendonly', 'no', '--dir', dir]);
    fleet.running.add(restis);
    const redis = connect(restis.port);
    await redis.set('before', '1');
    assert.equal(existsSync(aofDir(dir)), false);
    assert.equal(await redis.config('SET', 'appendonly', 'yes'), 'OK');
    await redis.set('after', '2');
    // The first base is written in the background; the AOF counts once its manifest exists.
    for (;;) {
      if (/aof_rewrite_in_progress:0/.test(await redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(manifest(dir), /^file appendonly\.aof\.1\.base\.rdb seq 1 type b\nfile appendonly\.aof\.1\.incr\.aof seq 1 type i\n$/);
    await redis.set('later', '3');
    await restis.stop();
    const second = await start(dir);
    assert.deepEqual(await second.redis.mget('before', 'after', 'later'), ['1', '2', '3']);
    await second.restis.stop();
  });

  test('appendonly no, writes, appendonly yes again: the writes made in between are in the new AOF', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await first.redis.set('a', '1');
    assert.equal(await first.redis.config('SET', 'appendonly', 'no'), 'OK');
    await first.redis.set('while-off', '2');
    assert.equal(await first.redis.config('SET', 'appendonly', 'yes'), 'OK');
    for (;;) {
      if (/aof_rewrite_in_progress:0/.test(await first.redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.redis.set('c', '3');
    await first.restis.stop();
    const second = await start(dir);
    assert.deepEqual(await second.redis.mget('a', 'while-off', 'c'), ['1', '2', '3']);
    await second.restis.stop();
  });

  test('redis-server loads a Restis AOF directory, and Restis loads one redis-server wrote', { skip: redisServerMissing() ?? false }, async () => {
    const dir = dataDir();
    const first = await start(dir);
    await fill(first.redis);
    await first.restis.stop();
    const check = spawnSync('redis-check-aof', [join(aofDir(dir), 'appendonly.aof.manifest')], { encoding: 'utf8' });
    if (!check.error) assert.match(check.stdout, /All AOF files and manifest are valid/, check.stdout);

    const redisServer = await startRedisServer(['--appendonly', 'yes', '--dir', dir]);
    const redis = connect(redisServer.port);
    await checkFilled(redis);
    await redis.set('from-redis', 'r');
    await redis.call('BGREWRITEAOF');
    for (;;) {
      if (/aof_rewrite_in_progress:0/.test(await redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await redis.set('from-redis-incr', 'i');
    await redisServer.stop();

    const second = await start(dir);
    await checkFilled(second.redis);
    assert.deepEqual(await second.redis.mget('from-redis', 'from-redis-incr'), ['r', 'i']);
    await second.restis.stop();
  });
});

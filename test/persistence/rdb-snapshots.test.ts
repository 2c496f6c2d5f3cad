import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { runCli, startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// RDB snapshots as users meet them: SAVE/BGSAVE files that a restart (and redis-server) loads,
// point-in-time BGSAVE under writes, save points, saving on shutdown, bad files at startup.

const directories: string[] = [];
const running = new Set<RestisProcess>();
const clients = new Set<Redis>();
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'restis-rdb-'));
  directories.push(dir);
  return dir;
}
async function start(args: string[]): Promise<{ restis: RestisProcess; redis: Redis }> {
  const restis = await startRestisProcess(['--port', '0', '--no-http', '--appendonly', 'no', ...args]);
  running.add(restis);
  const redis = new Redis(restis.port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  clients.add(redis);
  return { restis, redis };
}
after(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all([...running].map((restis) => restis.stop()));
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

async function fill(redis: Redis): Promise<void> {
  await redis.set('string', 'hello');
  await redis.set('binary', Buffer.from([0, 255, 13, 10, 128]));
  await redis.set('counter', '12345');
  await redis.set('expiring', 'soon', 'EX', 1000);
  await redis.rpush('list', 'a', 'b', 'c');
  await redis.hset('hash', 'f1', 'v1', 'f2', 'v2');
  await redis.sadd('ints', 1, 2, 3);
  await redis.sadd('set', 'x', 'y');
  await redis.zadd('zset', '1.5', 'one', '2', 'two');
  await redis.xadd('stream', '1-1', 'field', 'value');
  await redis.pfadd('hll', 'a', 'b', 'c');
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
  assert.deepEqual(await redis.lrange('list', 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(await redis.hgetall('hash'), { f1: 'v1', f2: 'v2' });
  assert.deepEqual((await redis.smembers('ints')).sort(), ['1', '2', '3']);
  assert.equal(await redis.call('OBJECT', 'ENCODING', 'ints'), 'intset');
  assert.deepEqual((await redis.smembers('set')).sort(), ['x', 'y']);
  assert.deepEqual(await redis.zrange('zset', '0', '-1', 'WITHSCORES'), ['one', '1.5', 'two', '2']);
  assert.deepEqual(await redis.xrange('stream', '-', '+'), [['1-1', ['field', 'value']]]);
  assert.equal(await redis.pfcount('hll'), 3);
  await redis.select(3);
  assert.equal(await redis.get('in-db-3'), 'three');
  await redis.select(0);
}

describe('RDB snapshots', () => {
  test('SAVE writes dump.rdb; a restart on the same directory loads every type, TTLs and databases', async () => {
    const dir = dataDir();
    const first = await start(['--dir', dir, '--save', '']);
    await fill(first.redis);
    assert.equal(await first.redis.save(), 'OK');
    assert.ok(existsSync(join(dir, 'dump.rdb')));
    const info = await first.redis.info('persistence');
    assert.match(info, /rdb_changes_since_last_save:0/);
    assert.match(info, /rdb_saves:1/);
    await first.restis.stop();
    const second = await start(['--dir', dir, '--save', '']);
    await checkFilled(second.redis);
    assert.match(await second.redis.info('persistence'), /rdb_last_load_keys_loaded:12/);
    await second.restis.stop();
  });

  test('BGSAVE is a point-in-time image: writes made while it runs are not in the file', async () => {
    const dir = dataDir();
    const { restis, redis } = await start(['--dir', dir, '--save', '']);
    const keys = 100_000;
    for (let i = 0; i < keys; i += 1000) {
      const pipeline = redis.pipeline();
      for (let j = i; j < i + 1000; j++) pipeline.set(`key:${j}`, `v0:${j}`);
      pipeline.rpush(`list:${i}`, 'a', 'b');
      await pipeline.exec();
    }
    assert.equal(await redis.bgsave(), 'Background saving started');
    // Change, delete and add keys all over the keyspace while the save runs.
    const writes = redis.pipeline();
    for (let j = 0; j < keys; j += 7) writes.set(`key:${j}`, 'changed');
    for (let j = 3; j < keys; j += 11) writes.del(`key:${j}`);
    for (let i = 0; i < keys; i += 1000) writes.rpush(`list:${i}`, 'c');
    for (let j = 0; j < 1000; j++) writes.set(`new:${j}`, 'x');
    writes.flushall();
    await writes.exec();
    for (;;) {
      if (/rdb_bgsave_in_progress:0/.test(await redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(await redis.info('persistence'), /rdb_last_bgsave_status:ok/);
    await restis.stop();
    const reloaded = await start(['--dir', dir, '--save', '']);
    assert.equal(await reloaded.redis.dbsize(), keys + keys / 1000);
    for (const j of [0, 3, 7, 14, 77, 99_999]) assert.equal(await reloaded.redis.get(`key:${j}`), `v0:${j}`);
    assert.deepEqual(await reloaded.redis.lrange('list:5000', 0, -1), ['a', 'b']);
    assert.equal(await reloaded.redis.exists('new:1'), 0);
    await reloaded.restis.stop();
  });

  test('a save point starts a BGSAVE by itself; SIGTERM saves; SHUTDOWN NOSAVE does not', async () => {
    const dir = dataDir();
    const { restis, redis } = await start(['--dir', dir, '--save', '1 1']);
    await redis.set('k', 'v');
    for (let i = 0; i < 60 && !/rdb_saves:1/.test(await redis.info('persistence')); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(await redis.info('persistence'), /rdb_saves:1/);
    await redis.set('k', 'after the automatic save');
    restis.child.kill('SIGTERM');
    await restis.exited;
    const second = await start(['--dir', dir, '--save', '1 1']);
    assert.equal(await second.redis.get('k'), 'after the automatic save');
    await second.redis.set('k', 'not saved');
    await second.redis.shutdown('NOSAVE').catch(() => {});
    await second.restis.exited;
    const third = await start(['--dir', dir, '--save', '']);
    assert.equal(await third.redis.get('k'), 'after the automatic save');
    await third.restis.stop();
  });

  test('BGSAVE while one runs is refused; SAVE and BGSAVE arguments as Redis', async () => {
    const dir = dataDir();
    const { restis, redis } = await start(['--dir', dir, '--save', '']);
    const pipeline = redis.pipeline();
    for (let j = 0; j < 200_000; j++) pipeline.set(`key:${j}`, 'v');
    await pipeline.exec();
    const [first, second] = await Promise.all([redis.bgsave(), redis.bgsave().catch((error: Error) => error.message)]);
    assert.equal(first, 'Background saving started');
    assert.equal(second, 'ERR Background save already in progress');
    await assert.rejects(redis.call('BGSAVE', 'NOW'), /ERR syntax error/);
    await assert.rejects(redis.call('SAVE', 'x'), /wrong number of arguments for 'save' command/);
    await restis.stop();
  });

  test('a corrupt dump.rdb stops startup with one clear line, and the file is left alone', async () => {
    const dir = dataDir();
    const bytes = Buffer.from('REDIS0010\xfa\x09redis-ver\x067.0.15garbage', 'latin1');
    writeFileSync(join(dir, 'dump.rdb'), bytes);
    const result = await runCli(['--port', '0', '--no-http', '--appendonly', 'no', '--dir', dir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /dump\.rdb|RDB/i);
    assert.doesNotMatch(result.stderr, /^\s+at\s/m);
    assert.deepEqual(readFileSync(join(dir, 'dump.rdb')), bytes);
  });
});

const missing = redisServerMissing();
if (missing) console.log(`# RDB interop through the CLI skipped: ${missing}`);
describe('RDB interop through the CLI', { skip: missing ?? false }, () => {
  test('redis-server loads the file a Restis BGSAVE wrote', async () => {
    const dir = dataDir();
    const { restis, redis } = await start(['--dir', dir, '--save', '']);
    await fill(redis);
    await redis.bgsave();
    for (;;) {
      if (/rdb_bgsave_in_progress:0/.test(await redis.info('persistence'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await restis.stop();
    const real = await startRedisServer(['--dir', dir, '--dbfilename', 'dump.rdb']);
    const client = new Redis(real.port, '127.0.0.1');
    try {
      await checkFilled(client);
    } finally {
      client.disconnect();
      await real.stop();
    }
  });
});

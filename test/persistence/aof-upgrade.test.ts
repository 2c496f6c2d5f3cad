import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { type RestisProcess } from '../helpers/restis-process.js';
import { TestFleet } from '../helpers/test-fleet.js';

// A Redis 6 AOF is one file, <dir>/appendonly.aof (RESP commands, or an RDB image followed by
// commands), with no appendonlydir and no manifest. Started with appendonly yes on such a
// directory, Redis 7 (and Restis) moves the file into appendonlydir, names it as the base in a new
// manifest, loads it, and appends to a new incremental file.

const fleet = new TestFleet('restis-aof6-');
const tempDir = (): string => fleet.tempDir();
const connect = (port: number): Redis => fleet.connect(port);
function start(dir: string): Promise<{ restis: RestisProcess; redis: Redis }> {
  return fleet.start(['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--dir', dir]);
}
async function waitForRewrite(redis: Redis): Promise<void> {
  while (!/aof_rewrite_in_progress:0/.test(await redis.info('persistence'))) await new Promise((resolve) => setTimeout(resolve, 20));
}
const manifestOf = (dir: string): string => readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
const UPGRADED = 'file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n';

async function fill(redis: Redis): Promise<void> {
  await redis.set('string', 'hello');
  await redis.set('binary', Buffer.from([0, 255, 13, 10]));
  await redis.rpush('list', 'a', 'b', 'c');
  await redis.hset('hash', 'f', 'v');
  await redis.sadd('set', 'x', 'y');
  await redis.zadd('zset', 1, 'one');
  await redis.set('ttl', 'v', 'EX', 5000);
}
/** Written after the base: the commands of the file. */
async function more(redis: Redis): Promise<void> {
  await redis.incrby('counter', 7);
  await redis.lpop('list');
  await redis.select(4);
  await redis.set('in-db-4', 'four');
  await redis.select(0);
}
async function check(redis: Redis): Promise<void> {
  assert.equal(await redis.get('string'), 'hello');
  assert.deepEqual(await redis.getBuffer('binary'), Buffer.from([0, 255, 13, 10]));
  assert.deepEqual(await redis.lrange('list', 0, -1), ['b', 'c']);
  assert.deepEqual(await redis.hgetall('hash'), { f: 'v' });
  assert.deepEqual((await redis.smembers('set')).sort(), ['x', 'y']);
  assert.deepEqual(await redis.zrange('zset', '0', '-1'), ['one']);
  const ttl = await redis.ttl('ttl');
  assert.ok(ttl > 4900 && ttl <= 5000, `ttl ${ttl}`);
  assert.equal(await redis.get('counter'), '7');
  await redis.select(4);
  assert.equal(await redis.get('in-db-4'), 'four');
  await redis.select(0);
}

/**
 * A Redis 6 single-file AOF made with the real redis-server 7: the base it writes on a rewrite
 * (RDB image or commands) followed by its incremental file, which is what Redis 6 kept in one file.
 */
async function redis6File(preamble: boolean): Promise<Buffer> {
  const dir = tempDir();
  const server = await startRedisServer(['--appendonly', 'yes', '--aof-use-rdb-preamble', preamble ? 'yes' : 'no', '--dir', dir]);
  const redis = connect(server.port);
  await fill(redis);
  await redis.call('BGREWRITEAOF');
  await waitForRewrite(redis);
  await more(redis);
  await server.stop();
  const manifest = manifestOf(dir);
  const names = [...manifest.matchAll(/^file (\S+) seq \d+ type ([bi])$/gm)].map((match) => match[1]!);
  return Buffer.concat(names.map((name) => readFileSync(join(dir, 'appendonlydir', name))));
}

async function upgradeAndCheck(file: Buffer): Promise<void> {
  const dir = tempDir();
  writeFileSync(join(dir, 'appendonly.aof'), file);
  const first = await start(dir);
  await check(first.redis);
  assert.equal(existsSync(join(dir, 'appendonly.aof')), false, 'the old file was moved');
  assert.equal(manifestOf(dir), UPGRADED);
  assert.ok(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof')).equals(file), 'the base is the old file, unchanged');
  assert.match(first.restis.stdout(), /Adopted the Redis 6 single-file AOF/);
  await first.redis.set('after-upgrade', 'yes');
  await first.restis.stop('SIGKILL');
  fleet.ended(first.restis);

  const second = await start(dir);
  await check(second.redis);
  assert.equal(await second.redis.get('after-upgrade'), 'yes');
  // The first rewrite replaces the adopted base like any other.
  await second.redis.bgrewriteaof();
  await waitForRewrite(second.redis);
  assert.equal(manifestOf(dir), 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
  assert.deepEqual(readdirSync(join(dir, 'appendonlydir')).sort(), ['appendonly.aof.2.base.rdb', 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
  await second.restis.stop();
}

describe('a Redis 6 single-file appendonly.aof', () => {
  test('commands written by hand: adopted as the base, the manifest written, appends go to a new incr file', async () => {
    const commands = (argvs: string[][]): Buffer => Buffer.from(argvs.map((argv) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join('')}`).join(''), 'latin1');
    const expireAt = String(Date.now() + 5_000_000);
    const file = commands([
      ['SELECT', '0'], ['SET', 'string', 'hello'], ['SET', 'binary', '\x00\xff\r\n'], ['RPUSH', 'list', 'a', 'b', 'c'],
      ['HSET', 'hash', 'f', 'v'], ['SADD', 'set', 'x', 'y'], ['ZADD', 'zset', '1', 'one'], ['SET', 'ttl', 'v'], ['PEXPIREAT', 'ttl', expireAt],
      ['INCRBY', 'counter', '7'], ['LPOP', 'list'], ['SELECT', '4'], ['SET', 'in-db-4', 'four'],
    ]);
    await upgradeAndCheck(file);
  });

  test('made by redis-server, plain commands and RDB preamble + commands', { skip: redisServerMissing() ?? false }, async () => {
    const plain = await redis6File(false);
    assert.equal(plain.latin1Slice(0, 1), '*');
    await upgradeAndCheck(plain);
    const hybrid = await redis6File(true);
    assert.equal(hybrid.latin1Slice(0, 5), 'REDIS');
    await upgradeAndCheck(hybrid);
  });

  test('a crash between writing the manifest and moving the file is finished at the next start', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'appendonly.aof'), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
    mkdirSync(join(dir, 'appendonlydir'));
    writeFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'file appendonly.aof seq 1 type b\n');
    const { restis, redis } = await start(dir);
    assert.equal(await redis.get('k'), 'v');
    assert.equal(manifestOf(dir), UPGRADED);
    assert.equal(existsSync(join(dir, 'appendonly.aof')), false);
    await restis.stop();
  });
});

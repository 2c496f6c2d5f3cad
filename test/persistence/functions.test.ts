import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// Function libraries live in RDB files (FUNCTION2 records) and AOF rewrites (RDB preamble or
// FUNCTION LOAD commands), as in Redis, and move between Restis and redis-server in dump files.

const LIBRARY = "#!lua name=mylib\nredis.register_function('double', function(keys, args) return tonumber(args[1]) * 2 end)\n" +
  "redis.register_function{function_name='peek', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}";

const dirs: string[] = [];
const running = new Set<{ stop(): Promise<void> }>();
after(async () => {
  await Promise.all([...running].map((server) => server.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'restis-functions-'));
  dirs.push(dir);
  return dir;
}

async function restis(args: string[]): Promise<{ server: RestisProcess; client: Redis }> {
  const server = await startRestisProcess(['--port', '0', '--no-http', ...args]);
  running.add(server);
  return { server, client: new Redis(server.port, '127.0.0.1') };
}

async function checkLibrary(client: Redis): Promise<void> {
  assert.equal(await client.fcall('double', 0, '21'), 42);
  await client.set('k', 'v');
  assert.equal(await client.fcall_ro('peek', 1, 'k'), 'v');
}

test('an RDB file keeps the libraries (SAVE, restart)', async () => {
  const dir = tempDir();
  const first = await restis(['--dir', dir, '--appendonly', 'no', '--save', '']);
  await first.client.function('LOAD', LIBRARY);
  await first.client.save();
  first.client.disconnect();
  await first.server.stop();
  const second = await restis(['--dir', dir, '--appendonly', 'no', '--save', '']);
  try {
    await checkLibrary(second.client);
  } finally {
    second.client.disconnect();
  }
});

for (const preamble of ['yes', 'no']) {
  test(`an AOF rewrite keeps the libraries (aof-use-rdb-preamble ${preamble})`, async () => {
    const dir = tempDir();
    const args = ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--aof-use-rdb-preamble', preamble, '--save', ''];
    const first = await restis(args);
    await first.client.function('LOAD', LIBRARY);
    await first.client.bgrewriteaof();
    for (let i = 0; i < 100 && /aof_rewrite_in_progress:1/.test(await first.client.info('persistence')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.client.disconnect();
    await first.server.stop();
    const second = await restis(args);
    try {
      await checkLibrary(second.client);
    } finally {
      second.client.disconnect();
    }
  });
}

const missing = redisServerMissing();
test('libraries move between Restis and redis-server in dump files', { skip: missing ?? false }, async () => {
  const restisDir = tempDir();
  const first = await restis(['--dir', restisDir, '--appendonly', 'no', '--save', '']);
  await first.client.function('LOAD', LIBRARY);
  await first.client.save();
  first.client.disconnect();
  await first.server.stop();

  const redisDir = tempDir();
  copyFileSync(join(restisDir, 'dump.rdb'), join(redisDir, 'dump.rdb'));
  const redis = await startRedisServer(['--dir', redisDir, '--save', '', '--appendonly', 'no']);
  running.add(redis);
  const redisClient = new Redis(redis.port, '127.0.0.1');
  try {
    await checkLibrary(redisClient);
    await redisClient.function('LOAD', 'REPLACE', LIBRARY.replace('* 2', '* 3'));
    await redisClient.save();
  } finally {
    redisClient.disconnect();
  }

  const backDir = tempDir();
  copyFileSync(join(redisDir, 'dump.rdb'), join(backDir, 'dump.rdb'));
  const back = await restis(['--dir', backDir, '--appendonly', 'no', '--save', '']);
  try {
    assert.equal(await back.client.fcall('double', 0, '21'), 63);
  } finally {
    back.client.disconnect();
  }
});

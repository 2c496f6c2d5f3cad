import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { type RestisProcess } from '../helpers/restis-process.js';
import { TestFleet } from '../helpers/test-fleet.js';
import { prlimit, prlimitMissing } from '../helpers/prlimit.js';

// CONFIG SET appendonly yes when the AOF cannot be turned on: when it cannot even start (the AOF
// directory's path is a file) the answer is Redis's error and appendonly stays no; when the first
// base fails to be written (a real EFBIG, prlimit), the AOF stays on and the rewrite is retried
// every second until it succeeds (Redis 7.0's AOF_WAIT_REWRITE), and no manifest names files
// that lack the writes made before.

const fleet = new TestFleet('restis-aof-enable-');
const tempDir = (): string => fleet.tempDir();
function start(dir: string, extra: string[] = []): Promise<{ restis: RestisProcess; redis: Redis }> {
  return fleet.start(['--port', '0', '--no-http', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra]);
}

describe('CONFIG SET appendonly yes that fails', () => {
  test('cannot start (the AOF directory is a file): Redis\'s error, appendonly stays no', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'appendonlydir'), 'not a directory');
    const { restis, redis } = await start(dir);
    await redis.set('a', '1');
    await assert.rejects(redis.config('SET', 'appendonly', 'yes'), (error: Error) =>
      error.message === "ERR CONFIG SET failed (possibly related to argument 'appendonly') - Unable to turn on AOF. Check server logs.");
    assert.deepEqual(await redis.config('GET', 'appendonly'), ['appendonly', 'no']);
    const info = await redis.info('persistence');
    assert.match(info, /aof_enabled:0/);
    assert.match(info, /aof_last_bgrewrite_status:err/);
    assert.equal(await redis.set('b', '2'), 'OK');
    assert.match(restis.stdout(), /Cannot turn the append only file on/);
    await restis.stop();
  });

  test('the first base fails to be written: retried every second, then the AOF holds everything', { skip: prlimitMissing() }, async () => {
    const dir = tempDir();
    const { restis, redis } = await start(dir);
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2000; i++) pipeline.set(`key:${i}`, 'v'.repeat(100));
    await pipeline.exec();
    prlimit(restis.pid, '4096');
    assert.equal(await redis.config('SET', 'appendonly', 'yes'), 'OK');
    // The base (about 200 kB) cannot be written: the rewrite fails and is scheduled again.
    for (;;) {
      const info = await redis.info('persistence');
      if (/aof_last_bgrewrite_status:err/.test(info)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const info = await redis.info('persistence');
    assert.match(info, /aof_enabled:1/);
    assert.deepEqual(await redis.config('GET', 'appendonly'), ['appendonly', 'yes']);
    assert.equal(existsSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest')), false, 'no manifest before a base exists');
    prlimit(restis.pid, 'unlimited');
    for (;;) {
      const now = await redis.info('persistence');
      if (/aof_last_bgrewrite_status:ok/.test(now) && /aof_rewrite_in_progress:0/.test(now)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Writes once the AOF is complete are appended (MISCONF clears once a write succeeds).
    for (;;) {
      try {
        await redis.incr('counter');
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.equal(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1'),
      'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    assert.deepEqual(readdirSync(join(dir, 'appendonlydir')).filter((name) => name.endsWith('.tmp')), []);
    await restis.stop('SIGKILL');
    fleet.ended(restis);
    const second = await start(dir, ['--appendonly', 'yes']);
    assert.equal(await second.redis.dbsize(), 2001);
    assert.equal(await second.redis.get('counter'), '1');
    await second.restis.stop();
  });
});

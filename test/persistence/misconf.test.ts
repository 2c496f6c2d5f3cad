import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TestFleet } from '../helpers/test-fleet.js';
import { prlimit, prlimitMissing } from '../helpers/prlimit.js';

// A real write failure of the AOF, without a test hook: prlimit(1) lowers the running server's
// RLIMIT_FSIZE below the size the incr file is about to reach, so write(2) fails with EFBIG (Node
// ignores SIGXFSZ). Writes then get -MISCONF (as in Redis, PING too), reads keep working, the file
// never holds half a command; once the limit is raised again the pending bytes are written and
// writes are accepted again.

const fleet = new TestFleet('restis-misconf-');

const MISCONF = 'MISCONF Errors writing to the AOF file: File too large';

/**
 * Restis with the AOF on in a fresh directory, a client that has written `before`, and the path of
 * the incr file; `args` start the same server again on that directory.
 */
async function startWithAof(appendfsync: string) {
  const dir = fleet.tempDir();
  const args = ['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--appendfsync', appendfsync, '--dir', dir];
  const { restis, redis } = await fleet.start(args);
  await redis.set('before', '1');
  return { args, restis, redis, incr: join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof') };
}

describe('MISCONF when the AOF cannot be written', () => {
  test('writes are refused and reads served while the file cannot grow; writes resume once it can', { skip: prlimitMissing() }, async () => {
    const { args, restis, redis, incr } = await startWithAof('everysec');
    const goodSize = statSync(incr).size;

    prlimit(restis.pid, String(goodSize + 100));
    // This write is executed and answered; writing it to the file fails afterwards (as in Redis with everysec).
    assert.equal(await redis.set('big', 'x'.repeat(1000)), 'OK');
    await assert.rejects(redis.set('refused', '1'), (error: Error) => error.message === MISCONF);
    await assert.rejects(redis.ping(), (error: Error) => error.message === MISCONF);
    assert.equal(await redis.get('before'), '1');
    assert.equal((await redis.get('big'))?.length, 1000);
    assert.match(await redis.info('persistence'), /aof_last_write_status:err/);
    // The partial write was cut off: the file ends after the last whole command.
    assert.equal(statSync(incr).size, goodSize);

    prlimit(restis.pid, 'unlimited');
    // The next attempt (the once-a-second retry at the latest) writes what was pending.
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        assert.equal(await redis.set('after', '2'), 'OK');
        break;
      } catch (error) {
        if ((error as Error).message !== MISCONF || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.match(await redis.info('persistence'), /aof_last_write_status:ok/);
    await restis.stop('SIGTERM');
    fleet.ended(restis);
    const log = restis.stdout();
    assert.equal(log.match(/Error writing to the AOF file: File too large/g)?.length, 1, 'the failure is logged once');
    assert.match(log, /AOF write error looks solved/);

    const { restis: second, redis: check } = await fleet.start(args);
    assert.deepEqual(await check.mget('before', 'refused', 'after'), ['1', null, '2']);
    assert.equal((await check.get('big'))?.length, 1000);
    assert.doesNotMatch(second.stdout(), /truncated/);
    assert.ok(readFileSync(incr).length > goodSize + 1000);
    await second.stop();
  });

  test('appendfsync always: a failed write ends the process before the write is acknowledged (as Redis)', { skip: prlimitMissing() }, async () => {
    const { args, restis, redis, incr } = await startWithAof('always');
    prlimit(restis.pid, String(statSync(incr).size + 100));
    await assert.rejects(redis.set('big', 'x'.repeat(1000)), /Connection is closed|ECONNRESET|closed/);
    assert.deepEqual(await restis.exited, { code: 1, signal: null });
    fleet.ended(restis);
    assert.match(restis.stdout(), /appendfsync always .*exiting/);
    const { restis: second, redis: check } = await fleet.start(args);
    assert.deepEqual(await check.mget('before', 'big'), ['1', null]);
    await second.stop();
  });
});

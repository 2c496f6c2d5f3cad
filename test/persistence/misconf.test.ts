import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// A real write failure of the AOF, without a test hook: prlimit(1) lowers the running server's
// RLIMIT_FSIZE below the size the incr file is about to reach, so write(2) fails with EFBIG (Node
// ignores SIGXFSZ). Writes then get -MISCONF (as in Redis, PING too), reads keep working, the file
// never holds half a command; once the limit is raised again the pending bytes are written and
// writes are accepted again.

const directories: string[] = [];
const running = new Set<RestisProcess>();
const clients = new Set<Redis>();
after(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all([...running].map((restis) => restis.stop()));
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function prlimit(pid: number, soft: string): void {
  const result = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${soft}:unlimited`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prlimit failed: ${result.stderr}`);
}

function prlimitMissing(): string | false {
  const probe = spawnSync('prlimit', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? 'prlimit (util-linux) is not installed' : false;
}

const MISCONF = 'MISCONF Errors writing to the AOF file: File too large';

describe('MISCONF when the AOF cannot be written', () => {
  test('writes are refused and reads served while the file cannot grow; writes resume once it can', { skip: prlimitMissing() }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restis-misconf-'));
    directories.push(dir);
    const args = ['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir];
    const restis = await startRestisProcess(args);
    running.add(restis);
    const redis = new Redis(restis.port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    clients.add(redis);
    await redis.set('before', '1');
    const incr = join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof');
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
    running.delete(restis);
    const log = restis.stdout();
    assert.equal(log.match(/Error writing to the AOF file: File too large/g)?.length, 1, 'the failure is logged once');
    assert.match(log, /AOF write error looks solved/);

    const second = await startRestisProcess(args);
    running.add(second);
    const check = new Redis(second.port, '127.0.0.1');
    clients.add(check);
    assert.deepEqual(await check.mget('before', 'refused', 'after'), ['1', null, '2']);
    assert.equal((await check.get('big'))?.length, 1000);
    assert.doesNotMatch(second.stdout(), /truncated/);
    assert.ok(readFileSync(incr).length > goodSize + 1000);
    await second.stop();
  });

  test('appendfsync always: a failed write ends the process before the write is acknowledged (as Redis)', { skip: prlimitMissing() }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restis-misconf-always-'));
    directories.push(dir);
    const args = ['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];
    const restis = await startRestisProcess(args);
    running.add(restis);
    const redis = new Redis(restis.port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    clients.add(redis);
    await redis.set('before', '1');
    const incr = join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof');
    prlimit(restis.pid, String(statSync(incr).size + 100));
    await assert.rejects(redis.set('big', 'x'.repeat(1000)), /Connection is closed|ECONNRESET|closed/);
    assert.deepEqual(await restis.exited, { code: 1, signal: null });
    running.delete(restis);
    assert.match(restis.stdout(), /appendfsync always .*exiting/);
    const second = await startRestisProcess(args);
    running.add(second);
    const check = new Redis(second.port, '127.0.0.1');
    clients.add(check);
    assert.deepEqual(await check.mget('before', 'big'), ['1', null]);
    await second.stop();
  });
});

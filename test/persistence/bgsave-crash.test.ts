import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { type RestisProcess } from '../helpers/restis-process.js';
import { TestFleet } from '../helpers/test-fleet.js';

// SIGKILL in the middle of a BGSAVE (and of an AOF rewrite): the previous dump.rdb is untouched and
// loads, and the temporary files the killed process left are removed at the next start: ours
// (<file>.<pid>.tmp) and redis-server's (temp-<pid>.rdb, temp-rewriteaof-bg-<pid>.aof) when their
// process is gone; a temporary file of a process still running is left alone.

const KEYS = 300_000;
const VALUE = 'v'.repeat(200);
const fleet = new TestFleet('restis-bgsave-crash-');

function start(dir: string, extra: string[] = []): Promise<{ restis: RestisProcess; redis: Redis }> {
  return fleet.start(['--port', '0', '--no-http', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], { timeoutMs: 30_000 });
}

async function kill(restis: RestisProcess): Promise<void> {
  await restis.stop('SIGKILL');
  fleet.ended(restis);
}

/** The pid of a process that has ended (a short-lived child). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('SIGKILL during a background save', () => {
  test('the previous dump.rdb loads intact and the leftover temporary files are removed at startup', async () => {
    const dir = fleet.tempDir();
    const first = await start(dir);
    for (let i = 0; i < KEYS; i += 5000) {
      const pipeline = first.redis.pipeline();
      for (let j = i; j < i + 5000; j++) pipeline.set(`key:${j}`, VALUE);
      await pipeline.exec();
    }
    assert.equal(await first.redis.save(), 'OK');
    const saved = readFileSync(join(dir, 'dump.rdb'));
    await first.redis.set('after-save', 'not in the dump');
    await first.redis.del('key:0');
    assert.equal(await first.redis.bgsave(), 'Background saving started');
    assert.match(await first.redis.info('persistence'), /rdb_bgsave_in_progress:1/);
    const temporary = `dump.rdb.${first.restis.pid}.tmp`;
    assert.ok(existsSync(join(dir, temporary)), 'the save writes beside the file');
    await kill(first.restis);
    assert.ok(readFileSync(join(dir, 'dump.rdb')).equals(saved), 'dump.rdb changed under a killed BGSAVE');
    assert.ok(existsSync(join(dir, temporary)), 'the killed save left its temporary file');

    // Leftovers of redis-server too, and of a process that still runs (this test): only the dead ones go.
    const dead = deadPid();
    writeFileSync(join(dir, `temp-${dead}.rdb`), 'partial');
    writeFileSync(join(dir, `temp-rewriteaof-bg-${dead}.aof`), 'partial');
    writeFileSync(join(dir, `temp-${process.pid}.rdb`), 'in use');
    writeFileSync(join(dir, `other.${dead}.tmp`), 'not a file of ours');

    const second = await start(dir);
    assert.equal(await second.redis.dbsize(), KEYS);
    assert.equal(await second.redis.get('key:0'), VALUE);
    assert.equal(await second.redis.exists('after-save'), 0);
    assert.deepEqual(readdirSync(dir).filter((name) => name !== 'rest-tokens.json').sort(), ['dump.rdb', `other.${dead}.tmp`, `temp-${process.pid}.rdb`].sort());
    const log = second.restis.stdout();
    assert.match(log, new RegExp(`Removed \\S+${temporary.replace(/\./g, '\\.')}, left by a save or rewrite that did not finish`));
    assert.match(log, new RegExp(`Removed \\S+temp-${dead}\\.rdb`));

    // The same for an AOF rewrite killed half way: its temporary base goes, the AOF loads.
    await second.redis.config('SET', 'appendonly', 'yes');
    while (!/aof_rewrite_in_progress:0/.test(await second.redis.info('persistence'))) await new Promise((resolve) => setTimeout(resolve, 20));
    await second.redis.set('in-the-aof', 'yes');
    assert.equal(await second.redis.bgrewriteaof(), 'Background append only file rewriting started');
    const aofDir = join(dir, 'appendonlydir');
    const rewriting = readdirSync(aofDir).filter((name) => name.endsWith(`.${second.restis.pid}.tmp`));
    assert.deepEqual(rewriting, ['appendonly.aof.2.base.rdb.' + second.restis.pid + '.tmp']);
    await kill(second.restis);
    const third = await start(dir, ['--appendonly', 'yes']);
    assert.equal(await third.redis.dbsize(), KEYS + 1);
    assert.equal(await third.redis.get('in-the-aof'), 'yes');
    assert.deepEqual(readdirSync(aofDir).filter((name) => name.endsWith('.tmp')), []);
    await third.restis.stop();
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { AofLoadError } from '../../src/persistence/aof/aof-loader.js';
import { AofManifestError } from '../../src/persistence/aof/manifest.js';
import { ConfigStore } from '../../src/server/config.js';
import { Logger } from '../../src/server/logger.js';
import { RestisServer } from '../../src/server/server.js';
import { runCli, startRestisProcess } from '../helpers/restis-process.js';
import { seededRandom } from '../helpers/seeded-random.js';

// Damaged AOF directories (an RDB-preamble base, an incr file, the manifest) at startup: the
// loader loads them, repairs a truncated tail of the last file, or refuses with an AofLoadError or
// AofManifestError naming the file and the offset (or line). It never throws anything else, and a
// refused directory is left byte for byte as it was.

const AOF_DIR = 'appendonlydir';
const MANIFEST = 'appendonly.aof.manifest';
const directories: string[] = [];
after(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'restis-aof-fuzz-'));
  directories.push(dir);
  return dir;
}

/** The files of the sample AOF directory, by name. */
let sample: Map<string, Buffer>;
let incrName: string;
let baseName: string;
let sampleKeys: number;

async function waitForRewrite(redis: Redis): Promise<void> {
  while (!/aof_rewrite_in_progress:0/.test(await redis.info('persistence'))) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A real Restis writes the sample: a base holding every type, then an incr file of assorted commands. */
before(async () => {
  const dir = tempDir();
  const restis = await startRestisProcess(['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--dir', dir]);
  const redis = new Redis(restis.port, '127.0.0.1');
  try {
    await redis.set('string', 'hello');
    await redis.rpush('list', 'a', 'b', 'c');
    await redis.hset('hash', 'f1', 'v1', 'f2', 'v2');
    await redis.sadd('set', '1', '2', '3');
    await redis.zadd('zset', '1.5', 'one', '2', 'two');
    await redis.xadd('stream', '1-1', 'field', 'value');
    await redis.set('ttl', 'x', 'EX', 5000);
    await redis.bgrewriteaof();
    await waitForRewrite(redis);
    await redis.set('binary', Buffer.from([0, 255, 13, 10, 42, 36]));
    await redis.incrby('counter', 41);
    await redis.incr('counter');
    await redis.expire('string', 9000);
    await redis.lpush('list', 'z');
    await redis.hdel('hash', 'f1');
    await redis.multi().set('tx1', '1').set('tx2', '2').exec();
    await redis.select(2);
    await redis.set('in-db-2', 'two');
    await redis.select(0);
    await redis.zincrby('zset', 3, 'one');
    await redis.del('set');
    await redis.append('string', ' world');
    const keyspace = await redis.info('keyspace');
    sampleKeys = [...keyspace.matchAll(/keys=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  } finally {
    redis.disconnect();
    await restis.stop('SIGTERM');
  }
  sample = new Map(readdirSync(join(dir, AOF_DIR)).map((name) => [name, readFileSync(join(dir, AOF_DIR, name))]));
  const manifest = sample.get(MANIFEST)!.toString('latin1');
  incrName = /file (\S+) seq \d+ type i/.exec(manifest)![1]!;
  baseName = /file (\S+) seq \d+ type b/.exec(manifest)![1]!;
  assert.equal(sample.get(baseName)!.latin1Slice(0, 5), 'REDIS');
});

function writeDir(files: Map<string, Buffer>): string {
  const dir = tempDir();
  mkdirSync(join(dir, AOF_DIR));
  for (const [name, bytes] of files) writeFileSync(join(dir, AOF_DIR, name), bytes);
  return dir;
}

function readDir(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(join(dir, AOF_DIR)).map((name) => [name, readFileSync(join(dir, AOF_DIR, name))]));
}

type Outcome = { kind: 'loaded'; keys: number } | { kind: 'refused'; message: string };

/** Loads the AOF directory `dir` into a fresh (not listening) server, as startup does. */
async function load(dir: string): Promise<Outcome> {
  const config = new ConfigStore();
  config.set('dir', dir, true);
  config.set('appendonly', 'yes', true);
  const server = new RestisServer({ config, log: new Logger('warning', () => {}) });
  try {
    await server.aof.load();
  } catch (error) {
    if (error instanceof AofLoadError || error instanceof AofManifestError) return { kind: 'refused', message: error.message };
    throw error;
  }
  return { kind: 'loaded', keys: server.keyspace.totalKeys() };
}

/** A refusal names the file and where in it; the directory is untouched. */
function checkRefusal(outcome: Outcome, dir: string, before: Map<string, Buffer>, what: string): void {
  if (outcome.kind !== 'refused') return;
  assert.ok(outcome.message.includes(join(dir, AOF_DIR, '')), `${what}: no file named in ${outcome.message}`);
  assert.match(outcome.message, /at offset \d+|line \d+|which does not exist|manifest: |--databases \d+/, `${what}: ${outcome.message}`);
  assert.doesNotMatch(outcome.message, /[\r\n]/, `${what}: a message of more than one line`);
  assert.deepEqual(readDir(dir), before, `${what}: a refused directory was changed`);
}

describe('corrupted and truncated AOF directories', () => {
  test('the intact sample loads every key', async () => {
    const outcome = await load(writeDir(sample));
    assert.deepEqual(outcome, { kind: 'loaded', keys: sampleKeys });
  });

  test('the incr file cut at every offset loads, the incomplete tail dropped and cut from the file', async () => {
    const incr = sample.get(incrName)!;
    for (let cut = 0; cut < incr.length; cut++) {
      const files = new Map(sample);
      files.set(incrName, incr.subarray(0, cut));
      const dir = writeDir(files);
      const outcome = await load(dir);
      assert.equal(outcome.kind, 'loaded', `cut at ${cut}: ${outcome.kind === 'refused' ? outcome.message : ''}`);
      const repaired = readFileSync(join(dir, AOF_DIR, incrName));
      assert.ok(repaired.length <= cut && incr.subarray(0, repaired.length).equals(repaired), `cut at ${cut}: the repaired file is not a prefix`);
      // The repaired file is complete: it loads again without another repair.
      if (cut % 16 === 0) {
        assert.deepEqual(await load(dir), outcome, `cut at ${cut}: reload`);
        assert.equal(readFileSync(join(dir, AOF_DIR, incrName)).length, repaired.length);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the base cut short is refused with its name and offset, nothing changed', async () => {
    const base = sample.get(baseName)!;
    // An empty base is an empty dataset (as in Redis); any other cut is refused.
    for (let cut = 1; cut < base.length; cut += 7) {
      const files = new Map(sample);
      files.set(baseName, base.subarray(0, cut));
      const dir = writeDir(files);
      const outcome = await load(dir);
      assert.equal(outcome.kind, 'refused', `base cut at ${cut}`);
      checkRefusal(outcome, dir, files, `base cut at ${cut}`);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('2000 seeded byte flips in the base, the incr file and the manifest: load, repair or a clear refusal', async () => {
    const random = seededRandom();
    const names = [baseName, incrName, incrName, MANIFEST];
    const counts = { loaded: 0, refused: 0 };
    for (let round = 0; round < 2000; round++) {
      const files = new Map(sample);
      const name = names[random.below(names.length)]!;
      const damaged = Buffer.from(files.get(name)!);
      const flips = 1 + random.below(3);
      for (let f = 0; f < flips; f++) damaged[random.below(damaged.length)] = random.below(256);
      files.set(name, damaged);
      const dir = writeDir(files);
      const what = `seed ${random.seed} round ${round} (${name})`;
      let outcome: Outcome;
      try {
        outcome = await load(dir);
      } catch (error) {
        assert.fail(`${what}: unexpected ${(error as Error).stack ?? String(error)}`);
      }
      counts[outcome.kind]++;
      if (outcome.kind === 'refused') checkRefusal(outcome, dir, files, what);
      else {
        // A load changes at most the last incr file, and only by cutting its tail.
        const after = readDir(dir);
        for (const [file, bytes] of files) {
          if (file === incrName) assert.ok(bytes.subarray(0, after.get(file)!.length).equals(after.get(file)!), `${what}: ${file} changed`);
          else assert.deepEqual(after.get(file), bytes, `${what}: ${file} changed`);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(counts.loaded > 100 && counts.refused > 100, JSON.stringify(counts));
  });

  test('through the CLI: a damaged directory starts (repaired) or exits with one line naming the file; never a crash', async () => {
    const random = seededRandom();
    for (let round = 0; round < 12; round++) {
      const files = new Map(sample);
      const name = round % 3 === 0 ? baseName : incrName;
      const damaged = Buffer.from(files.get(name)!);
      if (round % 2 === 0) damaged[random.below(damaged.length)] ^= 1 + random.below(255);
      files.set(name, round % 2 === 0 ? damaged : damaged.subarray(0, random.below(damaged.length)));
      const dir = writeDir(files);
      const expected = await load(writeDir(files));
      const args = ['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--dir', dir];
      const what = `seed ${random.seed} round ${round} (${name})`;
      if (expected.kind === 'refused') {
        const result = await runCli(args);
        assert.equal(result.code, 1, `${what}: ${result.stderr}`);
        assert.equal(result.stderr.trim().split('\n').length, 1, `${what}: ${result.stderr}`);
        assert.match(result.stderr, /^restis: .*appendonly\.aof/, what);
        assert.deepEqual(readDir(dir), files, `${what}: changed`);
      } else {
        const restis = await startRestisProcess(args);
        const redis = new Redis(restis.port, '127.0.0.1');
        const keyspace = await redis.info('keyspace');
        const keys = [...keyspace.matchAll(/keys=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
        assert.equal(keys, expected.keys, what);
        redis.disconnect();
        await restis.stop();
      }
    }
  });
});

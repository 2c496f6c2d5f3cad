import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawClient } from '../helpers/raw-client.js';
import { redisServerMissing } from '../helpers/redis-server.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startPair } from './harness.js';
import { runRandomCommands } from './random-commands.js';
import { LIST_COMMANDS } from './random-lists.js';

// Seeded random list commands against redis-server and Restis side by side, then every list
// compared element by element. RESTIS_SEED=<n> replays a run; RESTIS_RANDOM_COMMANDS=<n> sets
// the number of commands per protocol; RESTIS_RANDOM_SECONDS=<s> the time budget of the test.

const missing = redisServerMissing();
if (missing) console.log(`# random list test skipped: ${missing}`);

function positiveFromEnv(name: string): number | undefined {
  const text = process.env[name];
  return text !== undefined && /^[1-9][0-9]*$/.test(text) ? Number(text) : undefined;
}

const commandsOverride = positiveFromEnv('RESTIS_RANDOM_COMMANDS');
const budgetMs = (positiveFromEnv('RESTIS_RANDOM_SECONDS') ?? 12) * 1000;
const RUNS = [
  { protocol: 2 as const, commands: commandsOverride ?? 2500, share: 0.6 },
  { protocol: 3 as const, commands: commandsOverride ?? 1500, share: 0.4 },
];

/** The contents of every list in databases 0 and 1, as LRANGE answers them; undefined when both agree. */
async function compareLists(ports: { redis: number; restis: number }): Promise<string | undefined> {
  const [redis, restis] = await Promise.all([RawClient.connect(ports.redis), RawClient.connect(ports.restis)]);
  try {
    for (const db of ['0', '1']) {
      await Promise.all([redis.call('SELECT', db), restis.call('SELECT', db)]);
      const keys = (await redis.call('KEYS', '*')).items?.map((item) => item.text ?? '') ?? [];
      for (const key of keys) {
        if ((await redis.call('TYPE', key)).text !== 'list') continue;
        const [expected, actual] = await Promise.all([redis.call('LRANGE', key, '0', '-1'), restis.call('LRANGE', key, '0', '-1')]);
        if (expected.raw !== actual.raw) return `db ${db} list ${JSON.stringify(key)}: redis ${JSON.stringify(expected.raw)}, restis ${JSON.stringify(actual.raw)}`;
      }
    }
    return undefined;
  } finally {
    await Promise.all([redis.close(), restis.close()]);
  }
}

test('random differential: list commands, RESP2 and RESP3', { skip: missing ?? false, timeout: 120_000 }, async (t) => {
  const seed = seededRandom().seed;
  console.log(`# random list seed: ${seed}`);
  const pair = await startPair();
  const ports = { redis: pair.redis.port, restis: pair.restis.port };
  try {
    let deadline = Date.now();
    for (const run of RUNS) {
      deadline += budgetMs * run.share;
      const started = Date.now();
      const result = await runRandomCommands({
        seed,
        random: seededRandom((seed + run.protocol * 0x9e3779b9) >>> 0),
        protocol: run.protocol,
        ports,
        commands: run.commands,
        deadline,
        table: LIST_COMMANDS,
      });
      t.diagnostic(`RESP${run.protocol}: ${result.executed} commands (${result.errors} error replies) in ${Date.now() - started} ms${result.stoppedByTime ? ', stopped by the time limit' : ''}`);
      if (result.failure !== undefined) assert.fail(result.failure);
      const listDifference = await compareLists(ports);
      if (listDifference !== undefined) assert.fail(`seed ${seed} (replay with RESTIS_SEED=${seed}), RESP${run.protocol}: ${listDifference}`);
      assert.ok(result.executed > 0, `RESP${run.protocol}: no command ran (seed ${seed})`);
      if (!result.stoppedByTime) assert.equal(result.executed, run.commands);
    }
  } finally {
    await pair.stop();
  }
});

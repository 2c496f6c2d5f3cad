import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisServerMissing } from '../helpers/redis-server.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startPair } from './harness.js';
import { runRandomCommands } from './random-commands.js';
import { SORT_RANDOM_CONFIG, SORT_COMMANDS } from './random-sort.js';

// Seeded random sequences of SORT and SORT_RO over lists, sets, sorted sets and their weights against
// redis-server and Restis side by side. RESTIS_SEED=<n> replays a run; RESTIS_RANDOM_COMMANDS=<n>
// sets the number of commands per protocol; RESTIS_RANDOM_SECONDS=<s> the time budget.

const missing = redisServerMissing();
if (missing) console.log(`# random sort test skipped: ${missing}`);

function positiveFromEnv(name: string): number | undefined {
  const text = process.env[name];
  return text !== undefined && /^[1-9][0-9]*$/.test(text) ? Number(text) : undefined;
}

const commandsOverride = positiveFromEnv('RESTIS_RANDOM_COMMANDS');
const budgetMs = (positiveFromEnv('RESTIS_RANDOM_SECONDS') ?? 12) * 1000;

const RUNS = [
  { protocol: 2 as const, commands: Math.min(commandsOverride ?? 2000, 1_000_000), share: 0.6 },
  { protocol: 3 as const, commands: Math.min(commandsOverride ?? 1500, 1_000_000), share: 0.4 },
];

test('random differential: SORT and SORT_RO, RESP2 and RESP3', { skip: missing ?? false, timeout: 120_000 }, async (t) => {
  const seed = seededRandom().seed;
  console.log(`# random sort seed: ${seed}`);
  const pair = await startPair(SORT_RANDOM_CONFIG);
  try {
    let deadline = Date.now();
    for (const run of RUNS) {
      deadline += budgetMs * run.share;
      const started = Date.now();
      const result = await runRandomCommands({
        seed,
        random: seededRandom((seed + run.protocol * 0x9e3779b9) >>> 0),
        protocol: run.protocol,
        ports: { redis: pair.redis.port, restis: pair.restis.port },
        commands: run.commands,
        deadline,
        table: SORT_COMMANDS,
      });
      t.diagnostic(`RESP${run.protocol}: ${result.executed} commands (${result.errors} error replies) in ${Date.now() - started} ms${result.stoppedByTime ? ', stopped by the time limit' : ''}`);
      if (result.failure !== undefined) assert.fail(result.failure);
      assert.ok(result.executed > 0, `RESP${run.protocol}: no command ran (seed ${seed})`);
      if (!result.stoppedByTime) assert.equal(result.executed, run.commands);
    }
  } finally {
    await pair.stop();
  }
});

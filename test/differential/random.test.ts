import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisServerMissing } from '../helpers/redis-server.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startPair } from './harness.js';
import { runRandomCommands } from './random-commands.js';

// Seeded random command sequences on a small keyspace, against redis-server and Restis side by
// side, every reply compared. RESTIS_SEED=<n> replays a run; RESTIS_RANDOM_COMMANDS=<n> sets the
// number of commands per protocol; RESTIS_RANDOM_SECONDS=<s> the time budget of the whole test.

const missing = redisServerMissing();
if (missing) console.log(`# random differential test skipped: ${missing}`);

function positiveFromEnv(name: string): number | undefined {
  const text = process.env[name];
  return text !== undefined && /^[1-9][0-9]*$/.test(text) ? Number(text) : undefined;
}

/** The generator keeps its future times in order for up to 1,000,000 steps (see random-commands.ts). */
const MAX_COMMANDS = 1_000_000;
const commandsOverride = positiveFromEnv('RESTIS_RANDOM_COMMANDS');
const budgetMs = (positiveFromEnv('RESTIS_RANDOM_SECONDS') ?? 20) * 1000;

/** RESP2 gets 3,000 commands and 60% of the time budget, RESP3 2,000 and the rest. */
const RUNS = [
  { protocol: 2 as const, commands: Math.min(commandsOverride ?? 3000, MAX_COMMANDS), share: 0.6 },
  { protocol: 3 as const, commands: Math.min(commandsOverride ?? 2000, MAX_COMMANDS), share: 0.4 },
];

test('random differential: string and keyspace commands, RESP2 and RESP3', { skip: missing ?? false, timeout: 120_000 }, async (t) => {
  const seed = seededRandom().seed;
  console.log(`# random differential seed: ${seed}`);
  const pair = await startPair();
  try {
    let deadline = Date.now();
    for (const run of RUNS) {
      deadline += budgetMs * run.share;
      const started = Date.now();
      // Each protocol gets its own sequence, derived from the one printed seed.
      const result = await runRandomCommands({
        seed,
        random: seededRandom((seed + run.protocol * 0x9e3779b9) >>> 0),
        protocol: run.protocol,
        ports: { redis: pair.redis.port, restis: pair.restis.port },
        commands: run.commands,
        deadline,
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

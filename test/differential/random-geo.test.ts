import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisServerMissing } from '../helpers/redis-server.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startPair } from './harness.js';
import { runRandomCommands, type CommandEntry } from './random-commands.js';
import { GEO_COMMANDS, GEO_SKIPLIST_CONFIG } from './random-geo.js';

// Seeded random sequences of GEO commands (random points, random searches of every kind) against
// redis-server and Restis side by side: default limits and tiny listpack limits, RESP2 and RESP3.
// RESTIS_SEED=<n> replays a run; RESTIS_RANDOM_COMMANDS=<n> sets the number of commands per run;
// RESTIS_RANDOM_SECONDS=<s> the time budget of the whole test.

const missing = redisServerMissing();
if (missing) console.log(`# random geo test skipped: ${missing}`);

function positiveFromEnv(name: string): number | undefined {
  const text = process.env[name];
  return text !== undefined && /^[1-9][0-9]*$/.test(text) ? Number(text) : undefined;
}

const commandsOverride = positiveFromEnv('RESTIS_RANDOM_COMMANDS');
const budgetMs = (positiveFromEnv('RESTIS_RANDOM_SECONDS') ?? 12) * 1000;

interface Phase {
  name: string;
  config: Array<[string, string]>;
  table: readonly CommandEntry[];
  share: number;
}

const PHASES: Phase[] = [
  { name: 'listpack', config: [], table: GEO_COMMANDS, share: 0.6 },
  { name: 'skiplist', config: GEO_SKIPLIST_CONFIG, table: GEO_COMMANDS, share: 0.4 },
];

const RUNS = [
  { protocol: 2 as const, commands: Math.min(commandsOverride ?? 4000, 1_000_000), share: 0.6 },
  { protocol: 3 as const, commands: Math.min(commandsOverride ?? 3000, 1_000_000), share: 0.4 },
];

test('random differential: GEO commands, RESP2 and RESP3', { skip: missing ?? false, timeout: 120_000 }, async (t) => {
  const seed = seededRandom().seed;
  console.log(`# random geo seed: ${seed}`);
  let deadline = Date.now();
  for (const [phaseIndex, phase] of PHASES.entries()) {
    const pair = await startPair(phase.config);
    try {
      for (const run of RUNS) {
        deadline += budgetMs * phase.share * run.share;
        const started = Date.now();
        const result = await runRandomCommands({
          seed,
          random: seededRandom((seed + run.protocol * 0x9e3779b9 + phaseIndex * 0x85ebca6b) >>> 0),
          protocol: run.protocol,
          ports: { redis: pair.redis.port, restis: pair.restis.port },
          commands: run.commands,
          deadline,
          table: phase.table,
        });
        t.diagnostic(`${phase.name} RESP${run.protocol}: ${result.executed} commands (${result.errors} error replies) in ${Date.now() - started} ms${result.stoppedByTime ? ', stopped by the time limit' : ''}`);
        if (result.failure !== undefined) assert.fail(`${phase.name} phase: ${result.failure}`);
        assert.ok(result.executed > 0, `${phase.name} RESP${run.protocol}: no command ran (seed ${seed})`);
        if (!result.stoppedByTime) assert.equal(result.executed, run.commands);
      }
    } finally {
      await pair.stop();
    }
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisServerMissing } from '../helpers/redis-server.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startPair } from './harness.js';
import { runRandomCommands, type CommandEntry } from './random-commands.js';

/**
 * The one shape every seeded random differential test has: for each phase (a server
 * configuration and a command table), random command sequences in RESP2 then RESP3 against
 * redis-server and Restis side by side, every reply compared. The seed is printed;
 * RESTIS_SEED=<n> replays a run, RESTIS_RANDOM_COMMANDS=<n> sets the commands per run and
 * RESTIS_RANDOM_SECONDS=<s> the time budget of the whole test.
 */

export interface RandomPhase {
  name?: string;
  /** redis.conf parameters both servers start with. */
  config?: Array<[string, string]>;
  /** The command table; the string and keyspace table when omitted. */
  table?: readonly CommandEntry[];
  /** Databases compared key by key after each run (default: 0 and 1). */
  databases?: readonly string[];
  /** A further check after each run; returns a description of a difference. */
  afterRun?: (ports: { redis: number; restis: number }) => Promise<string | undefined>;
}

export interface RandomSuite {
  /** What the test title and the printed seed call it, e.g. 'hash'. */
  label: string;
  title: string;
  /** Commands per run in RESP2 and RESP3. */
  commands: { resp2: number; resp3: number };
  /** Default time budget of the whole test, in seconds. */
  seconds?: number;
  phases: readonly RandomPhase[];
}

const MAX_COMMANDS = 1_000_000;

function positiveFromEnv(name: string): number | undefined {
  const text = process.env[name];
  return text !== undefined && /^[1-9][0-9]*$/.test(text) ? Number(text) : undefined;
}

export function randomDifferentialTest(suite: RandomSuite): void {
  const missing = redisServerMissing();
  if (missing) console.log(`# random ${suite.label} test skipped: ${missing}`);
  const override = positiveFromEnv('RESTIS_RANDOM_COMMANDS');
  const budgetMs = (positiveFromEnv('RESTIS_RANDOM_SECONDS') ?? suite.seconds ?? 12) * 1000;
  const runs = [
    { protocol: 2 as const, commands: Math.min(override ?? suite.commands.resp2, MAX_COMMANDS), share: 0.6 },
    { protocol: 3 as const, commands: Math.min(override ?? suite.commands.resp3, MAX_COMMANDS), share: 0.4 },
  ];
  test(`random differential: ${suite.title}`, { skip: missing ?? false, timeout: 120_000 }, async (t) => {
    const seed = seededRandom().seed;
    console.log(`# random ${suite.label} seed: ${seed}`);
    let deadline = Date.now();
    for (const [phaseIndex, phase] of suite.phases.entries()) {
      const pair = await startPair(phase.config ?? []);
      const ports = { redis: pair.redis.port, restis: pair.restis.port };
      const where = (protocol: number) => `${phase.name ? `${phase.name} ` : ''}RESP${protocol}`;
      try {
        for (const run of runs) {
          deadline += (budgetMs / suite.phases.length) * run.share;
          const started = Date.now();
          const result = await runRandomCommands({
            seed,
            random: seededRandom((seed + run.protocol * 0x9e3779b9 + phaseIndex * 0x85ebca6b) >>> 0),
            protocol: run.protocol,
            ports,
            commands: run.commands,
            deadline,
            table: phase.table,
            databases: phase.databases,
          });
          t.diagnostic(`${where(run.protocol)}: ${result.executed} commands (${result.errors} error replies) in ${Date.now() - started} ms${result.stoppedByTime ? ', stopped by the time limit' : ''}`);
          if (result.failure !== undefined) assert.fail(`${where(run.protocol)}: ${result.failure}`);
          const difference = await phase.afterRun?.(ports);
          if (difference !== undefined) assert.fail(`seed ${seed} (replay with RESTIS_SEED=${seed}), ${where(run.protocol)}: ${difference}`);
          assert.ok(result.executed > 0, `${where(run.protocol)}: no command ran (seed ${seed})`);
          if (!result.stoppedByTime) assert.equal(result.executed, run.commands);
        }
      } finally {
        await pair.stop();
      }
    }
  });
}

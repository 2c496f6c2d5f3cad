import { runCollectionsMemoryBenchmark } from './collections-memory.js';
import { runMemoryBenchmark } from './memory.js';
import { runRespBenchmark } from './resp.js';
import { runRestBenchmark } from './rest.js';
import { runBgsaveBenchmark } from './bgsave.js';
import { runNotificationsBenchmark } from './notifications.js';
import { runScalingBenchmark } from './scaling.js';
import { runBullmqBenchmark } from './bullmq.js';
import { runScriptingBenchmark } from './scripting.js';
import { runPersistenceBenchmark } from './persistence.js';
import { runGatewayBenchmark } from './gateway.js';

/**
 * `npm run bench`: side-by-side benchmarks of Restis and redis-server.
 * BENCH=resp|rest|bgsave|notifications|memory|scaling|collections|bullmq|scripting|gateway|persistence picks one (default: all, in that order).
 * - resp: redis-benchmark tests at -P 1 and -P 16 (BENCH_TESTS narrows the list, BENCH_REQUESTS sets -n).
 * - rest: the REST front end (wrk or autocannon) against a bare node:http ceiling, and /pipeline
 *   against redis-server's unpipelined GET rate (BENCH_REST_SECONDS sets the run length).
 * - bgsave: GET latency while BGSAVE runs back to back on 1,000,000 keys, Restis and Redis
 *   (BENCH_BGSAVE_KEYS, BENCH_BGSAVE_REQUESTS).
 * - notifications: lag of `expired` keyspace events from active expiry, 100,000 keys with
 *   deadlines over 2 s, Restis only (BENCH_NOTIFY_KEYS, BENCH_NOTIFY_SPREAD_MS).
 * - memory: bytes per string key, 1,000,000 keys.
 * - scaling: sorted set and list operations at 10^4..10^6 members (BENCH_SCALING_SIZES, BENCH_SCALING_OPS).
 * - collections: bytes per member of a 1,000,000-member hash, set and sorted set, and per key of
 *   1,000,000 small hashes and sets (BENCH_COLLECTIONS narrows, BENCH_COLLECTION_SIZE sets the count).
 * - bullmq: jobs/s of 10,000 no-op BullMQ jobs drained by one worker of concurrency 50, after
 *   40,000 warm-up jobs on each server (BENCH_BULLMQ_JOBS sets the count, BENCH_BULLMQ_WARMUP the warm-up).
 * - scripting: EVALSHA of a 5-command script, MULTI/EXEC of 10 SETs, PUBLISH to 1 and 100 subscribers
 *   (BENCH_CASES=publish runs the tests whose name contains it).
 * - persistence: SET throughput with the AOF (everysec, always), RDB load and BGSAVE time of 1M keys.
 * - gateway: REST GET and /pipeline of 100 through `restis --upstream` vs ioredis straight to
 *   redis-server vs embedded REST: p50 and throughput ratios (BENCH_GATEWAY_REQUESTS).
 * BENCH_ROUNDS sets the rounds of resp, scaling, bullmq, scripting and gateway (default 3).
 */

const BENCHMARKS: Record<string, () => Promise<void>> = {
  resp: runRespBenchmark,
  rest: runRestBenchmark,
  bgsave: runBgsaveBenchmark,
  notifications: runNotificationsBenchmark,
  memory: runMemoryBenchmark,
  scaling: runScalingBenchmark,
  collections: runCollectionsMemoryBenchmark,
  bullmq: runBullmqBenchmark,
  scripting: runScriptingBenchmark,
  gateway: runGatewayBenchmark,
  persistence: runPersistenceBenchmark,
};

async function main(): Promise<void> {
  const chosen = process.env.BENCH;
  if (chosen !== undefined && chosen !== '' && !(chosen in BENCHMARKS)) {
    console.error(`BENCH must be one of ${Object.keys(BENCHMARKS).join(', ')} (got ${chosen})`);
    process.exit(1);
  }
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (chosen && chosen !== name) continue;
    await run();
    console.log('');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

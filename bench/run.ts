import { runMemoryBenchmark } from './memory.js';
import { runRespBenchmark } from './resp.js';

/**
 * `npm run bench`: side-by-side benchmarks of Restis and redis-server.
 * BENCH=resp|memory picks one (default: both); BENCH_ROUNDS sets the RESP rounds (default 3).
 */

const BENCHMARKS: Record<string, () => Promise<void>> = {
  resp: runRespBenchmark,
  memory: runMemoryBenchmark,
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

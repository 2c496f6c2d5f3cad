import { Queue, Worker } from 'bullmq';
import { median, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * BullMQ throughput: BENCH_BULLMQ_JOBS no-op jobs (default 10,000) are added in bulk, then one
 * Worker of concurrency 50 drains them; jobs/s is jobs over the time from the worker's start to the
 * last completion. Both servers run for the whole benchmark. Each first drains BENCH_BULLMQ_WARMUP
 * jobs (default 40,000) in rounds of BENCH_BULLMQ_JOBS, unmeasured for the ratio but printed: Restis's
 * JavaScript and the interpreter's WebAssembly are compiled by V8 as they get hot, and the server
 * reaches its steady rate only after some 40,000 jobs (about 16,000 jobs/s in the first round, 21,000
 * from the fifth on, on the 2-core machine). Then the two alternate for BENCH_ROUNDS rounds (default
 * 3); the medians and their ratio are printed. Target: Restis >= 0.7x of Redis.
 */

async function drainOnce(port: number, jobs: number, round: number): Promise<number> {
  const connection = { host: '127.0.0.1', port };
  const name = `bench-${round < 0 ? 'warmup' : round}`;
  const queue = new Queue(name, { connection });
  const batch = 1000;
  for (let added = 0; added < jobs; added += batch) {
    await queue.addBulk(Array.from({ length: Math.min(batch, jobs - added) }, (_, index) => ({
      name: 'noop',
      data: { index: added + index },
      opts: { removeOnComplete: true },
    })));
  }
  let completed = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const startedAt = performance.now();
  const worker = new Worker(name, async () => undefined, { connection, concurrency: 50 });
  worker.on('error', () => {});
  worker.on('completed', () => {
    completed++;
    if (completed === jobs) finish();
  });
  await finished;
  const elapsedMs = performance.now() - startedAt;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return (jobs / elapsedMs) * 1000;
}

export async function runBullmqBenchmark(): Promise<void> {
  const jobs = Number(process.env.BENCH_BULLMQ_JOBS ?? 10_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const warmupJobs = Number(process.env.BENCH_BULLMQ_WARMUP ?? 40_000);
  console.log(`BullMQ: ${jobs} no-op jobs, one worker of concurrency 50, ${rounds} rounds after ${warmupJobs} warm-up jobs`);
  const redisRates: number[] = [];
  const restisRates: number[] = [];
  const servers: BenchServer[] = [];
  try {
    // Each server runs for the whole benchmark, as in production: the warm-up rounds let V8 compile
    // BullMQ's code in this process and the server's own before anything is measured.
    const redis = await startRedis();
    servers.push(redis);
    const restis = await startRestis();
    servers.push(restis);
    const warmup = { Redis: [] as number[], Restis: [] as number[] };
    for (let done = 0; done < warmupJobs; done += jobs) {
      const size = Math.min(jobs, warmupJobs - done);
      warmup.Redis.push(await drainOnce(redis.port, size, -1));
      warmup.Restis.push(await drainOnce(restis.port, size, -1));
    }
    const rates = (list: number[]) => list.map((rate) => rate.toFixed(0)).join(' ');
    console.log(`warm-up rounds, jobs/s: Redis ${rates(warmup.Redis)}; Restis ${rates(warmup.Restis)}`);
    for (let round = 0; round < rounds; round++) {
      redisRates.push(await drainOnce(redis.port, jobs, round));
      restisRates.push(await drainOnce(restis.port, jobs, round));
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  const redis = median(redisRates);
  const restis = median(restisRates);
  console.log(table(
    ['server', 'jobs/s (median)', 'rounds'],
    [
      ['Redis', redis.toFixed(0), redisRates.map((rate) => rate.toFixed(0)).join(' ')],
      ['Restis', restis.toFixed(0), restisRates.map((rate) => rate.toFixed(0)).join(' ')],
    ],
  ));
  console.log(`ratio Restis/Redis: ${(restis / redis).toFixed(2)}x (target >= 0.7x)`);
}

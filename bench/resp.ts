import { spawn } from 'node:child_process';
import { median, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * Throughput over RESP: redis-benchmark against redis-server and Restis (each its own process),
 * the servers alternating within every round so drift on the machine hits both alike.
 */

const TESTS = 'ping,set,get,incr,mset';
const PIPELINES = [1, 16] as const;
const TARGETS: Record<number, number> = { 1: 0.7, 16: 0.5 };
/** One redis-benchmark run; 200,000 requests x 6 tests take seconds, this is a runaway guard. */
const RUN_TIMEOUT_MS = 180_000;

/** Requests per second of each test in one redis-benchmark run, e.g. { SET: 123456.79, ... }. */
export function parseBenchmarkOutput(output: string): Map<string, number> {
  const results = new Map<string, number>();
  for (const segment of output.split(/[\r\n]/)) {
    const match = /^\s*(.+?): ([\d.]+) requests per second/.exec(segment);
    if (match) results.set(match[1]!, Number(match[2]));
  }
  return results;
}

function runBenchmark(port: number, pipeline: number): Promise<Map<string, number>> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-q', '-c', '50', '-n', '200000', '-t', TESTS, '-P', String(pipeline)];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (errors += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const results = parseBenchmarkOutput(output);
      if (code !== 0 || results.size === 0) {
        reject(new Error(`redis-benchmark ${args.join(' ')} ended with ${signal ?? code}: ${errors.trim() || output.slice(-500)}`));
      } else {
        resolve(results);
      }
    });
  });
}

export async function runRespBenchmark(): Promise<void> {
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
  console.log(`RESP throughput: redis-benchmark -q -c 50 -n 200000 -t ${TESTS}, -P ${PIPELINES.join(' and -P ')}, ${rounds} round(s)`);
  const servers: BenchServer[] = [];
  try {
    servers.push(await startRedis(), await startRestis());
    // samples[server][pipeline][test] = ops/s of each round
    const samples = new Map<string, number[]>();
    const keyOf = (server: string, pipeline: number, test: string) => `${server}|${pipeline}|${test}`;
    const testNames: string[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const pipeline of PIPELINES) {
        const order = (round + pipeline) % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const started = Date.now();
          const results = await runBenchmark(server.port, pipeline);
          for (const [test, opsPerSecond] of results) {
            if (!testNames.includes(test)) testNames.push(test);
            const key = keyOf(server.name, pipeline, test);
            samples.set(key, [...(samples.get(key) ?? []), opsPerSecond]);
          }
          console.log(`  round ${round + 1}/${rounds} -P ${pipeline} ${server.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      }
    }
    const rows: string[][] = [];
    for (const pipeline of PIPELINES) {
      const ratios: number[] = [];
      for (const test of testNames) {
        const redis = samples.get(keyOf('Redis', pipeline, test));
        const restis = samples.get(keyOf('Restis', pipeline, test));
        if (!redis || !restis) continue;
        const ratio = median(restis) / median(redis);
        ratios.push(ratio);
        rows.push([test, `P${pipeline}`, Math.round(median(redis)).toString(), Math.round(median(restis)).toString(), ratio.toFixed(2), `>= ${TARGETS[pipeline]}`, ratio >= TARGETS[pipeline]! ? 'ok' : 'BELOW']);
      }
      const overall = median(ratios);
      rows.push([`median of tests`, `P${pipeline}`, '', '', overall.toFixed(2), `>= ${TARGETS[pipeline]}`, overall >= TARGETS[pipeline]! ? 'ok' : 'BELOW']);
    }
    console.log('');
    console.log(table(['test', 'pipeline', 'Redis ops/s', 'Restis ops/s', 'Restis/Redis', 'target', ''], rows));
    console.log(`(medians of ${rounds} round(s); servers alternate order every run)`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

import { runProcess } from './run-process.js';
import { RawClient } from '../test/helpers/raw-client.js';
import { median, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * Throughput over RESP: redis-benchmark against redis-server and Restis (each its own process),
 * the servers alternating within every round so drift on the machine hits both alike.
 * BENCH_TESTS=set,lpush,... narrows the list; BENCH_REQUESTS sets -n (default 200000).
 */

const ALL_TESTS = ['ping', 'set', 'get', 'incr', 'mset', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'hset', 'spop', 'zadd', 'zpopmin', 'lrange_100', 'lrange_600', 'xadd'];
/**
 * redis-benchmark 7.0 has no built-in XADD test (`-t xadd` is silently ignored), so XADD runs as a
 * command line of its own, in a second invocation, and is reported as "XADD".
 */
const CUSTOM_TESTS: Record<string, string[]> = {
  xadd: ['xadd', 'mystream', '*', 'field', 'value'],
};
const PIPELINES = [1, 16] as const;
const TARGETS: Record<number, number> = { 1: 0.7, 16: 0.5 };
/** One redis-benchmark run; 200,000 requests x 16 tests take a minute or two, this is a runaway guard. */
const RUN_TIMEOUT_MS = 600_000;

function chosenTests(): string[] {
  const wanted = process.env.BENCH_TESTS;
  if (wanted === undefined || wanted.trim() === '') return ALL_TESTS;
  const tests = wanted.toLowerCase().split(',').map((test) => test.trim()).filter((test) => test !== '');
  const unknown = tests.filter((test) => !ALL_TESTS.includes(test));
  if (unknown.length > 0) throw new Error(`BENCH_TESTS: unknown test(s) ${unknown.join(', ')} (known: ${ALL_TESTS.join(',')})`);
  return tests;
}

/**
 * The name a test gets in the table: LRANGE tests lose their "(first N elements)" note and the
 * custom command lines get their test name. Returns undefined for redis-benchmark's preparatory
 * "LPUSH (needed to benchmark LRANGE)" run, which is not a test of its own.
 */
function tableName(reported: string): string | undefined {
  if (reported.includes('(needed to benchmark')) return undefined;
  for (const [test, argv] of Object.entries(CUSTOM_TESTS)) {
    if (reported === argv.join(' ')) return test.toUpperCase();
  }
  return reported.replace(/ \(first \d+ elements\)$/, '');
}

/** Requests per second of each test in one redis-benchmark run, e.g. { SET: 123456.79, ... }. */
export function parseBenchmarkOutput(output: string): Map<string, number> {
  const results = new Map<string, number>();
  for (const segment of output.split(/[\r\n]/)) {
    const match = /^\s*(.+?): ([\d.]+) requests per second/.exec(segment);
    if (match) results.set(match[1]!, Number(match[2]));
  }
  return results;
}

async function flushAll(port: number): Promise<void> {
  const client = await RawClient.connect(port);
  try {
    await client.call('FLUSHALL');
  } finally {
    await client.close();
  }
}

export async function runBenchmark(port: number, pipeline: number, requests: number, testArgs: string[]): Promise<Map<string, number>> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-q', '-c', '50', '-n', String(requests), '-P', String(pipeline), ...testArgs];
  const output = await runProcess('redis-benchmark', args, RUN_TIMEOUT_MS);
  const results = parseBenchmarkOutput(output);
  if (results.size === 0) throw new Error(`redis-benchmark ${args.join(' ')} printed no results: ${output.slice(-500)}`);
  return results;
}

/** The redis-benchmark invocations for these tests: the built-in ones together, each custom line alone. */
function invocations(tests: readonly string[]): string[][] {
  const builtIn = tests.filter((test) => !(test in CUSTOM_TESTS));
  const runs = builtIn.length > 0 ? [['-t', builtIn.join(',')]] : [];
  for (const test of tests) if (test in CUSTOM_TESTS) runs.push(CUSTOM_TESTS[test]!);
  return runs;
}

export async function runRespBenchmark(): Promise<void> {
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
  const requests = Math.max(1000, Number(process.env.BENCH_REQUESTS ?? 200_000) || 200_000);
  const tests = chosenTests();
  const runs = invocations(tests);
  console.log(`RESP throughput: redis-benchmark -q -c 50 -n ${requests} ${runs.map((run) => run.join(' ')).join(' | ')}, -P ${PIPELINES.join(' and -P ')}, ${rounds} round(s), FLUSHALL before each run`);
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
          for (const testArgs of runs) {
            await flushAll(server.port);
            const results = await runBenchmark(server.port, pipeline, requests, testArgs);
            for (const [reported, opsPerSecond] of results) {
              const test = tableName(reported);
              if (test === undefined) continue;
              if (!testNames.includes(test)) testNames.push(test);
              const key = keyOf(server.name, pipeline, test);
              samples.set(key, [...(samples.get(key) ?? []), opsPerSecond]);
            }
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

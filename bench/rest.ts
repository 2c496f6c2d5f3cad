import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/ports.js';
import { startRestisProcess } from '../test/helpers/restis-process.js';
import { loadGenerator, runHttpLoad, type HttpLoadResult } from './http-load.js';
import { runBenchmark } from './resp.js';
import { median, startRedis, table } from './servers.js';

/**
 * REST throughput: Restis's Upstash REST front end against a bare node:http server that reads the
 * body and answers fixed JSON (the ceiling), and /pipeline against redis-server's unpipelined GET
 * rate (redis-benchmark -t get -P 1 -c 50). Each server is its own process; the load generator
 * (wrk, else autocannon) uses 50 keep-alive connections and POST bodies.
 * BENCH_REST_SECONDS sets the length of each run (default 5), BENCH_ROUNDS the rounds (default 3).
 */

const TOKEN = 'bench-token';
const CONNECTIONS = 50;
const PIPELINE_SIZE = 100;

interface Case {
  name: string;
  target: 'ceiling' | 'restis';
  path: string;
  body: string;
  commandsPerRequest: number;
}

const CASES: Case[] = [
  { name: 'node:http ceiling', target: 'ceiling', path: '/', body: '["GET","k"]', commandsPerRequest: 1 },
  { name: 'POST / ["GET","k"]', target: 'restis', path: '/', body: '["GET","k"]', commandsPerRequest: 1 },
  { name: 'POST / ["SET","k","v"]', target: 'restis', path: '/', body: '["SET","k","v"]', commandsPerRequest: 1 },
  {
    name: `/pipeline ${PIPELINE_SIZE} GETs`,
    target: 'restis',
    path: '/pipeline',
    body: JSON.stringify(Array.from({ length: PIPELINE_SIZE }, () => ['GET', 'k'])),
    commandsPerRequest: PIPELINE_SIZE,
  },
];

async function startCeiling(): Promise<{ port: number; stop(): void }> {
  const script = fileURLToPath(new URL('./http-ceiling.js', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the ceiling server exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGKILL') };
}

export async function runRestBenchmark(): Promise<void> {
  const seconds = Number(process.env.BENCH_REST_SECONDS ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const dataDir = mkdtempSync(join(tmpdir(), 'restis-bench-rest-'));
  const httpPort = await freePort();
  const restis = await startRestisProcess(['--port', String(await freePort()), '--http-port', String(httpPort), '--token', TOKEN, '--dir', dataDir, '--loglevel', 'warning']);
  const ceiling = await startCeiling();
  const redis = await startRedis();
  console.log(`REST throughput: ${loadGenerator()} with ${CONNECTIONS} keep-alive connections, POST bodies, ${seconds} s per run, ${rounds} round(s); redis-benchmark -t get -P 1 -c ${CONNECTIONS} for Redis`);
  try {
    const results = new Map<string, HttpLoadResult[]>(CASES.map((c) => [c.name, []]));
    const redisGets: number[] = [];
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    await runHttpLoad({ url: `http://127.0.0.1:${httpPort}/set/k/value`, body: '', headers, connections: 1, seconds: 1 });
    for (let round = 0; round < rounds; round++) {
      for (const benchCase of CASES) {
        const port = benchCase.target === 'ceiling' ? ceiling.port : httpPort;
        const result = await runHttpLoad({ url: `http://127.0.0.1:${port}${benchCase.path}`, body: benchCase.body, headers, connections: CONNECTIONS, seconds });
        if (result.failures > 0) throw new Error(`${benchCase.name}: ${result.failures} failed requests`);
        results.get(benchCase.name)!.push(result);
      }
      const gets = await runBenchmark(redis.port, 1, 200_000, ['-t', 'get']);
      redisGets.push(gets.get('GET')!);
    }
    const ceilingRate = median(results.get(CASES[0]!.name)!.map((r) => r.requestsPerSecond));
    const redisRate = median(redisGets);
    const rows = CASES.map((benchCase) => {
      const runs = results.get(benchCase.name)!;
      const rate = median(runs.map((r) => r.requestsPerSecond));
      const commands = rate * benchCase.commandsPerRequest;
      const versus = benchCase.target === 'ceiling' ? '' : benchCase.commandsPerRequest === 1 ? `${(rate / ceilingRate).toFixed(2)}x ceiling` : `${(commands / redisRate).toFixed(2)}x Redis GET -P 1`;
      return [benchCase.name, rate.toFixed(0), commands.toFixed(0), median(runs.map((r) => r.p99Ms)).toFixed(2), versus];
    });
    rows.push(['redis-server GET -P 1 (redis-benchmark)', redisRate.toFixed(0), redisRate.toFixed(0), '', '']);
    console.log(table(['request', 'requests/s', 'commands/s', 'p99 ms', 'ratio'], rows));
    console.log('Targets: single commands >= 0.75x the ceiling; /pipeline of 100 GETs >= 1.5x Redis GET -P 1 commands/s.');
  } finally {
    ceiling.stop();
    await restis.stop();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

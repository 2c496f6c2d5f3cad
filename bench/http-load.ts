import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess as run } from './run-process.js';

/** One HTTP load run: POST `body` with `headers` over `connections` keep-alive connections. */
export interface HttpLoad {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface HttpLoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Responses that were not 2xx, or socket errors. */
  failures: number;
}

/** wrk when installed (a C load generator takes less CPU from the server on a small machine), else autocannon. */
export function loadGenerator(): 'wrk' | 'autocannon' {
  if (process.env.BENCH_HTTP_LOAD === 'autocannon') return 'autocannon';
  return spawnSync('wrk', ['--version']).error === undefined ? 'wrk' : 'autocannon';
}

function milliseconds(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) throw new Error(`unexpected wrk latency '${text}'`);
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(match[1]) * scale;
}

async function runWrk(load: HttpLoad): Promise<HttpLoadResult> {
  const directory = mkdtempSync(join(tmpdir(), 'restis-wrk-'));
  try {
    const script = join(directory, 'post.lua');
    const lines = ['wrk.method = "POST"', `wrk.body = ${JSON.stringify(load.body)}`];
    for (const [name, value] of Object.entries(load.headers)) lines.push(`wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`);
    writeFileSync(script, lines.join('\n') + '\n');
    const output = await run('wrk', ['-t', '1', '-c', String(load.connections), '-d', `${load.seconds}s`, '--latency', '-s', script, load.url], (load.seconds + 30) * 1000);
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
    const p99 = /^\s+99%\s+(\S+)/m.exec(output);
    if (!rate || !p99) throw new Error(`cannot read wrk output:\n${output}`);
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
    const failures = Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
    return { requestsPerSecond: Number(rate[1]), p99Ms: milliseconds(p99[1]!), failures };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function runAutocannon(load: HttpLoad): Promise<HttpLoadResult> {
  const bin = join(createRequire(import.meta.url).resolve('autocannon/package.json'), '..', 'autocannon.js');
  const args = [bin, '-j', '-c', String(load.connections), '-d', String(load.seconds), '-m', 'POST', '-b', load.body];
  for (const [name, value] of Object.entries(load.headers)) args.push('-H', `${name}=${value}`);
  args.push(load.url);
  const output = await run(process.execPath, args, (load.seconds + 30) * 1000);
  const result = JSON.parse(output) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, failures: result.non2xx + result.errors };
}

export function runHttpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  return loadGenerator() === 'wrk' ? runWrk(load) : runAutocannon(load);
}

import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../test/helpers/ports.js';
import { CLI_PATH, startRestisProcess } from '../test/helpers/restis-process.js';
import { loadGenerator, runHttpLoad } from './http-load.js';
import { median, startRedis, table } from './servers.js';

/**
 * Gateway mode: REST GET and /pipeline of 100 GETs through `restis --upstream` in front of
 * redis-server, against the same commands sent straight to redis-server with ioredis (the
 * gateway's overhead), and against Restis's embedded REST front end. p50 of sequential requests
 * on one keep-alive connection, then throughput with 50 connections (wrk or autocannon).
 * BENCH_GATEWAY_REQUESTS sets the sequential requests (default 3000), BENCH_REST_SECONDS the
 * throughput runs (default 3), BENCH_ROUNDS the rounds (default 3).
 */

const TOKEN = 'bench-token';
const PIPELINE = JSON.stringify(Array.from({ length: 100 }, () => ['GET', 'k']));

async function startGateway(upstreamPort: number, httpPort: number, dir: string): Promise<{ stop(): void }> {
  const child = spawn(process.execPath, [CLI_PATH, '--upstream', `redis://127.0.0.1:${upstreamPort}`, '--http-port', String(httpPort), '--token', TOKEN, '--dir', dir, '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('UPSTASH_REDIS_REST_URL=')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the gateway exited with ${code}: ${output}`)));
  });
  return { stop: () => process.kill(child.pid!, 'SIGKILL') };
}

/** Milliseconds of each of `count` sequential POSTs on one keep-alive connection. */
async function sequentialPosts(port: number, path: string, body: string, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': Buffer.byteLength(body) } }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`${path}: status ${response.statusCode}`));
        response.resume();
        response.on('end', () => resolve());
      });
      request.on('error', reject);
      request.end(body);
    });
    times.push(performance.now() - started);
  }
  agent.destroy();
  return times;
}

async function sequentialIoredis(port: number, count: number, pipeline: boolean): Promise<number[]> {
  const redis = new Redis(port, '127.0.0.1');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    if (pipeline) {
      const batch = redis.pipeline();
      for (let j = 0; j < 100; j++) batch.get('k');
      await batch.exec();
    } else {
      await redis.get('k');
    }
    times.push(performance.now() - started);
  }
  redis.disconnect();
  return times;
}

export async function runGatewayBenchmark(): Promise<void> {
  const requests = Number(process.env.BENCH_GATEWAY_REQUESTS ?? 3000);
  const seconds = Number(process.env.BENCH_REST_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'restis-bench-gateway-'));
  const redis = await startRedis();
  const gatewayPort = await freePort();
  const embeddedPort = await freePort();
  const gateway = await startGateway(redis.port, gatewayPort, join(dir, 'gateway'));
  const embedded = await startRestisProcess(['--port', String(await freePort()), '--http-port', String(embeddedPort), '--token', TOKEN, '--dir', join(dir, 'embedded'), '--save', '', '--appendonly', 'no', '--loglevel', 'warning']);
  console.log(`Gateway: p50 of ${requests} sequential requests on one connection; throughput with ${loadGenerator()}, 50 connections, ${seconds} s, ${rounds} round(s)`);
  try {
    const setter = new Redis(redis.port, '127.0.0.1');
    await setter.set('k', 'value');
    setter.disconnect();
    await sequentialPosts(embeddedPort, '/set/k/value', '', 1);
    const p50 = { gatewayGet: [] as number[], gatewayPipe: [] as number[], directGet: [] as number[], directPipe: [] as number[], embeddedGet: [] as number[], embeddedPipe: [] as number[] };
    const rate = { gatewayGet: [] as number[], gatewayPipe: [] as number[], embeddedGet: [] as number[], embeddedPipe: [] as number[] };
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    for (let round = 0; round < rounds; round++) {
      p50.gatewayGet.push(median(await sequentialPosts(gatewayPort, '/', '["GET","k"]', requests)));
      p50.embeddedGet.push(median(await sequentialPosts(embeddedPort, '/', '["GET","k"]', requests)));
      p50.directGet.push(median(await sequentialIoredis(redis.port, requests, false)));
      p50.gatewayPipe.push(median(await sequentialPosts(gatewayPort, '/pipeline', PIPELINE, requests / 5)));
      p50.embeddedPipe.push(median(await sequentialPosts(embeddedPort, '/pipeline', PIPELINE, requests / 5)));
      p50.directPipe.push(median(await sequentialIoredis(redis.port, requests / 5, true)));
      for (const [key, port, path, body] of [['gatewayGet', gatewayPort, '/', '["GET","k"]'], ['embeddedGet', embeddedPort, '/', '["GET","k"]'], ['gatewayPipe', gatewayPort, '/pipeline', PIPELINE], ['embeddedPipe', embeddedPort, '/pipeline', PIPELINE]] as const) {
        const result = await runHttpLoad({ url: `http://127.0.0.1:${port}${path}`, body, headers, connections: 50, seconds });
        if (result.failures > 0) throw new Error(`${key}: ${result.failures} failed requests`);
        rate[key].push(result.requestsPerSecond);
      }
    }
    const ms = (values: number[]): string => median(values).toFixed(3);
    const rows = [
      ['GET', ms(p50.directGet), ms(p50.gatewayGet), ms(p50.embeddedGet), `+${(median(p50.gatewayGet) - median(p50.directGet)).toFixed(3)}`, median(rate.gatewayGet).toFixed(0), median(rate.embeddedGet).toFixed(0), `${(median(rate.gatewayGet) / median(rate.embeddedGet)).toFixed(2)}x`],
      ['/pipeline 100 GETs', ms(p50.directPipe), ms(p50.gatewayPipe), ms(p50.embeddedPipe), `+${(median(p50.gatewayPipe) - median(p50.directPipe)).toFixed(3)}`, median(rate.gatewayPipe).toFixed(0), median(rate.embeddedPipe).toFixed(0), `${(median(rate.gatewayPipe) / median(rate.embeddedPipe)).toFixed(2)}x`],
    ];
    console.log(table(['request', 'ioredis direct p50 ms', 'gateway p50 ms', 'embedded p50 ms', 'gateway overhead ms', 'gateway req/s', 'embedded req/s', 'gateway/embedded'], rows));
    console.log('Targets: the gateway adds <= 1 ms p50 per request; >= 0.7x the embedded REST throughput.');
  } finally {
    gateway.stop();
    await embedded.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

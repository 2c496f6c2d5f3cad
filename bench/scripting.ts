import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { RawClient } from '../test/helpers/raw-client.js';
import { runBenchmark } from './resp.js';
import { median, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * Issue 6's figures, Restis vs redis-server side by side: EVALSHA of a 5-command script
 * (redis-benchmark -c 50, -P 1 and -P 16), MULTI/EXEC of 10 SETs (50 connections, one transaction
 * in flight each), PUBLISH to 1 and to 100 subscribers (redis-benchmark -c 50; the subscribers run
 * in a process of their own and discard what they get). BENCH_ROUNDS rounds, medians.
 */

const SCRIPT = "redis.call('set', KEYS[1], ARGV[1]) redis.call('get', KEYS[1]) redis.call('incr', 'counter') " +
  "redis.call('lpush', 'list', ARGV[1]) redis.call('ltrim', 'list', 0, 99) return 1";
const REQUESTS = 200_000;
const TRANSACTION_SECONDS = 3;

async function command(port: number, argv: string[]): Promise<string | null> {
  const client = await RawClient.connect(port);
  try {
    return (await client.call(...argv)).text;
  } finally {
    await client.close();
  }
}

async function evalsha(port: number, pipeline: number): Promise<number> {
  const sha = String(await command(port, ['SCRIPT', 'LOAD', SCRIPT]));
  const results = await runBenchmark(port, pipeline, REQUESTS, ['evalsha', sha, '1', 'key:__rand_int__', 'value']);
  return [...results.values()][0]!;
}

/** EXECs per second: each connection sends MULTI, 10 SETs and EXEC at once and waits for the whole reply. */
async function multiExec(port: number): Promise<number> {
  let request = '*1\r\n$5\r\nMULTI\r\n';
  for (let i = 0; i < 10; i++) request += `*3\r\n$3\r\nSET\r\n$5\r\nkey:${i}\r\n$5\r\nvalue\r\n`;
  request += '*1\r\n$4\r\nEXEC\r\n';
  const replyLength = '+OK\r\n'.length + '+QUEUED\r\n'.length * 10 + '*10\r\n'.length + '+OK\r\n'.length * 10;
  const deadline = Date.now() + TRANSACTION_SECONDS * 1000;
  let transactions = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: 50 }, () => new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let received = 0;
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.length;
      while (received >= replyLength) {
        received -= replyLength;
        transactions++;
        if (Date.now() >= deadline) { socket.destroy(); resolve(); return; }
        socket.write(request);
      }
    });
  })));
  return transactions / ((Date.now() - started) / 1000);
}

async function publishFanOut(port: number, subscribers: number): Promise<number> {
  const sinkPath = fileURLToPath(new URL('./subscriber-sink.js', import.meta.url));
  const sink = spawn(process.execPath, [sinkPath, String(port), String(subscribers), 'news'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      sink.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve(); });
      sink.on('exit', () => reject(new Error('subscriber process exited early')));
    });
    const results = await runBenchmark(port, 1, REQUESTS / 2, ['publish', 'news', 'a-message-of-32-bytes-0123456789']);
    return [...results.values()][0]!;
  } finally {
    sink.stdin.end();
    await new Promise((resolve) => sink.once('exit', resolve));
  }
}

interface Case { name: string; target: number; run(port: number): Promise<number> }

const CASES: Case[] = [
  { name: 'EVALSHA 5 commands -P 1', target: 0.5, run: (port) => evalsha(port, 1) },
  { name: 'EVALSHA 5 commands -P 16', target: 0.5, run: (port) => evalsha(port, 16) },
  { name: 'MULTI/EXEC of 10 SETs', target: 0.5, run: multiExec },
  { name: 'PUBLISH to 1 subscriber', target: 0.7, run: (port) => publishFanOut(port, 1) },
  { name: 'PUBLISH to 100 subscribers', target: 0.7, run: (port) => publishFanOut(port, 100) },
];

export async function runScriptingBenchmark(): Promise<void> {
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
  const only = process.env.BENCH_CASES?.toLowerCase();
  const cases = only ? CASES.filter((testCase) => testCase.name.toLowerCase().includes(only)) : CASES;
  console.log(`Scripting, transactions and pub/sub: ${rounds} round(s), servers alternating`);
  const servers: BenchServer[] = [];
  try {
    servers.push(await startRedis(), await startRestis());
    const samples = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const testCase of cases) {
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          await command(server.port, ['FLUSHALL']);
          const key = `${server.name}|${testCase.name}`;
          samples.set(key, [...(samples.get(key) ?? []), await testCase.run(server.port)]);
        }
      }
      console.log(`  round ${round + 1}/${rounds} done`);
    }
    const rows = cases.map((testCase) => {
      const redis = median(samples.get(`Redis|${testCase.name}`)!);
      const restis = median(samples.get(`Restis|${testCase.name}`)!);
      const ratio = restis / redis;
      return [testCase.name, Math.round(redis).toString(), Math.round(restis).toString(), ratio.toFixed(2), `>= ${testCase.target}`, ratio >= testCase.target ? 'ok' : 'BELOW'];
    });
    console.log('');
    console.log(table(['test', 'Redis ops/s', 'Restis ops/s', 'Restis/Redis', 'target', ''], rows));
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawClient } from '../test/helpers/raw-client.js';
import { encodeCommand } from '../test/helpers/resp-reply.js';
import { startRestisProcess } from '../test/helpers/restis-process.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { freePort } from '../test/helpers/ports.js';
import { runProcess } from './run-process.js';
import { table } from './servers.js';

/**
 * Latency during background saves: redis-benchmark GETs (50 clients) against a server holding
 * BENCH_BGSAVE_KEYS keys (default 1,000,000), once undisturbed and once while BGSAVE runs back to
 * back; a probe client sends PING every millisecond and records the longest wait (the longest
 * event-loop stall). Restis saves without fork (copy-on-write snapshot in 2 ms slices); Redis
 * forks. Target: Restis's p99 during saves <= 3x its p99 without.
 */

interface LoadResult {
  rps: number;
  p99: number;
  max: number;
}

async function getLoad(port: number, keys: number, requests: number): Promise<LoadResult> {
  const output = await runProcess('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-t', 'get', '-r', String(keys), '-n', String(requests), '-c', '50', '--csv'], 600_000);
  const line = output.trim().split('\n').find((text) => text.startsWith('"GET"'));
  if (!line) throw new Error(`no GET line in redis-benchmark output: ${output}`);
  const fields = line.split(',').map((field) => Number(field.replace(/"/g, '')));
  return { rps: fields[1]!, p99: fields[6]!, max: fields[7]! };
}

/** Writes `keys` string keys (key:000000000000 ...) of 20 bytes, 10,000 commands per pipelined batch. */
export async function fill(port: number, keys: number): Promise<void> {
  const client = await RawClient.connect(port);
  try {
    const batch = 10_000;
    for (let start = 0; start < keys; start += batch) {
      const end = Math.min(keys, start + batch);
      let bytes = '';
      for (let i = start; i < end; i++) bytes += encodeCommand(['SET', `key:${String(i).padStart(12, '0')}`, 'x'.repeat(20)]);
      client.sendRaw(bytes);
      for (let i = start; i < end; i++) await client.readReply();
    }
  } finally {
    await client.close();
  }
}

/** BGSAVE after BGSAVE until stopped; returns how many completed. */
function saveLoop(port: number): { stop(): Promise<number> } {
  let running = true;
  const done = (async () => {
    const client = await RawClient.connect(port);
    let saves = 0;
    try {
      while (running) {
        await client.call('BGSAVE');
        for (;;) {
          const info = (await client.call('INFO', 'persistence')).raw;
          if (/rdb_bgsave_in_progress:0/.test(info)) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        saves++;
      }
    } finally {
      await client.close();
    }
    return saves;
  })();
  return { stop: async () => { running = false; return done; } };
}

/** PING every millisecond; the longest round trip seen. */
function stallProbe(port: number): { stop(): Promise<number> } {
  let running = true;
  const done = (async () => {
    const client = await RawClient.connect(port);
    let longest = 0;
    try {
      while (running) {
        const started = performance.now();
        await client.call('PING');
        longest = Math.max(longest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } finally {
      await client.close();
    }
    return longest;
  })();
  return { stop: async () => { running = false; return done; } };
}

async function measure(name: string, port: number, keys: number, requests: number): Promise<string[][]> {
  await fill(port, keys);
  const quiet = await getLoad(port, keys, requests);
  const probe = stallProbe(port);
  const saves = saveLoop(port);
  const busy = await getLoad(port, keys, requests);
  const completed = await saves.stop();
  const stall = await probe.stop();
  return [
    [name, 'no save', quiet.rps.toFixed(0), quiet.p99.toFixed(2), quiet.max.toFixed(2), '', ''],
    [name, `BGSAVE x${completed}`, busy.rps.toFixed(0), busy.p99.toFixed(2), busy.max.toFixed(2), stall.toFixed(1), `${(busy.p99 / quiet.p99).toFixed(2)}x`],
  ];
}

export async function runBgsaveBenchmark(): Promise<void> {
  const keys = Number(process.env.BENCH_BGSAVE_KEYS ?? 1_000_000);
  const requests = Number(process.env.BENCH_BGSAVE_REQUESTS ?? 1_000_000);
  console.log(`Latency during BGSAVE: ${keys} keys, redis-benchmark -t get -c 50 -n ${requests}, BGSAVE back to back during the loaded run`);
  const rows: string[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'restis-bench-bgsave-'));
  try {
    const restis = await startRestisProcess(['--port', String(await freePort()), '--no-http', '--save', '', '--dir', dir, '--loglevel', 'warning']);
    try {
      rows.push(...await measure('Restis', restis.port, keys, requests));
    } finally {
      await restis.stop();
    }
    const redis = await startRedisServer(['--dir', dir, '--dbfilename', 'redis-dump.rdb']);
    try {
      rows.push(...await measure('Redis', redis.port, keys, requests));
    } finally {
      await redis.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(table(['server', 'saves', 'GET/s', 'p99 ms', 'max ms', 'longest PING ms', 'p99 vs no save'], rows));
  console.log('Target: Restis p99 during saves <= 3x its p99 without.');
}

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawClient } from '../test/helpers/raw-client.js';
import { freePort } from '../test/helpers/ports.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startRestisProcess } from '../test/helpers/restis-process.js';
import { fill } from './bgsave.js';
import { runBenchmark } from './resp.js';
import { median, table } from './servers.js';

/**
 * Issue 5's figures, Restis vs redis-server with the same settings:
 * - SET throughput with the AOF on (appendfsync everysec and always), redis-benchmark -c 50 at -P 1
 *   and -P 16 (BENCH_AOF_REQUESTS, default 100000);
 * - the time to load one RDB file of BENCH_LOAD_KEYS keys (default 1,000,000; written by redis-server,
 *   loaded by both) and the time of a BGSAVE of the same data. BENCH_ROUNDS rounds, medians.
 */

interface Started { port: number; stop(): Promise<void> }

async function startRestis(dir: string, args: string[]): Promise<Started> {
  const restis = await startRestisProcess(['--port', String(await freePort()), '--no-http', '--dir', dir, '--loglevel', 'warning', ...args]);
  return { port: restis.port, stop: () => restis.stop() };
}

async function startRedis(dir: string, args: string[]): Promise<Started> {
  const redis = await startRedisServer(['--dir', dir, ...args]);
  return { port: redis.port, stop: () => redis.stop() };
}

async function aofThroughput(requests: number, rounds: number): Promise<string[][]> {
  const rows: string[][] = [];
  for (const fsync of ['everysec', 'always']) {
    for (const pipeline of [1, 16]) {
      const rates: Record<string, number[]> = { Redis: [], Restis: [] };
      for (let round = 0; round < rounds; round++) {
        for (const [name, start] of [['Restis', startRestis], ['Redis', startRedis]] as const) {
          const dir = mkdtempSync(join(tmpdir(), 'restis-bench-aof-'));
          const server = await start(dir, ['--appendonly', 'yes', '--appendfsync', fsync, '--save', '']);
          try {
            const results = await runBenchmark(server.port, pipeline, requests, ['-t', 'set']);
            rates[name]!.push(results.get('SET') ?? 0);
          } finally {
            await server.stop();
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
      const redis = median(rates.Redis!);
      const restis = median(rates.Restis!);
      rows.push([`SET, appendfsync ${fsync}, -P ${pipeline}`, Math.round(redis).toString(), Math.round(restis).toString(), (restis / redis).toFixed(2)]);
    }
  }
  return rows;
}

/** Polls INFO persistence until `pattern` shows; returns the milliseconds since `since`. */
async function waitForInfo(port: number, pattern: RegExp, since: number): Promise<number> {
  for (;;) {
    let client: RawClient | undefined;
    try {
      client = await RawClient.connect(port);
      if (pattern.test((await client.call('INFO', 'persistence')).raw)) return performance.now() - since;
    } catch {
      // Not listening yet.
    } finally {
      await client?.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function loadAndSave(keys: number, rounds: number): Promise<string[][]> {
  const source = mkdtempSync(join(tmpdir(), 'restis-bench-rdb-'));
  try {
    const writer = await startRedis(source, ['--save', '', '--appendonly', 'no']);
    await fill(writer.port, keys);
    const client = await RawClient.connect(writer.port);
    await client.call('SAVE');
    await client.close();
    await writer.stop();
    const load: Record<string, number[]> = { Redis: [], Restis: [] };
    const bgsave: Record<string, number[]> = { Redis: [], Restis: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [name, start] of [['Restis', startRestis], ['Redis', startRedis]] as const) {
        const dir = mkdtempSync(join(tmpdir(), 'restis-bench-load-'));
        copyFileSync(join(source, 'dump.rdb'), join(dir, 'dump.rdb'));
        const started = performance.now();
        const server = await start(dir, ['--appendonly', 'no', '--save', '']);
        try {
          load[name]!.push(await waitForInfo(server.port, /loading:0/, started));
          const saver = await RawClient.connect(server.port);
          const saveStarted = performance.now();
          await saver.call('BGSAVE');
          await saver.close();
          await waitForInfo(server.port, /rdb_bgsave_in_progress:0/, saveStarted);
          bgsave[name]!.push(performance.now() - saveStarted);
        } finally {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const row = (label: string, samples: Record<string, number[]>) => {
      const redis = median(samples.Redis!);
      const restis = median(samples.Restis!);
      return [label, `${(redis / 1000).toFixed(2)} s`, `${(restis / 1000).toFixed(2)} s`, (restis / redis).toFixed(2)];
    };
    return [row(`load an RDB of ${keys} keys (start to loading:0)`, load), row(`BGSAVE of ${keys} keys`, bgsave)];
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}

export async function runPersistenceBenchmark(): Promise<void> {
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
  const requests = Math.max(1000, Number(process.env.BENCH_AOF_REQUESTS ?? 100_000) || 100_000);
  const keys = Math.max(1000, Number(process.env.BENCH_LOAD_KEYS ?? 1_000_000) || 1_000_000);
  console.log(`Persistence: SET with the AOF on (redis-benchmark -c 50 -n ${requests}), RDB load and BGSAVE of ${keys} keys; ${rounds} round(s)`);
  const throughput = await aofThroughput(requests, rounds);
  console.log(table(['write throughput', 'Redis ops/s', 'Restis ops/s', 'Restis/Redis'], throughput));
  console.log('');
  const times = await loadAndSave(keys, rounds);
  console.log(table(['time', 'Redis', 'Restis', 'Restis/Redis'], times));
  console.log('Target: RDB load <= 3x redis-server\'s time. Redis forks for BGSAVE; Restis saves in slices on its one thread.');
}

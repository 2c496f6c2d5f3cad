import { readFileSync } from 'node:fs';
import { freePort } from '../test/helpers/ports.js';
import { startRedisServer, redisServerMissing } from '../test/helpers/redis-server.js';
import { startRestisProcess } from '../test/helpers/restis-process.js';

/** A server under benchmark, running as its own process. */
export interface BenchServer {
  name: 'Redis' | 'Restis';
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<BenchServer> {
  const missing = redisServerMissing();
  if (missing) throw new Error(missing);
  const redis = await startRedisServer();
  return { name: 'Redis', port: redis.port, pid: redis.pid, stop: () => redis.stop() };
}

/**
 * Restis through its CLI, as a user would run it. BENCH_RESTIS_NODE_ARGS adds flags for node, e.g.
 * '--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server; Restis is then stopped with SIGTERM
 * (a clean exit, so node writes the profile) instead of SIGKILL.
 */
export async function startRestis(nodeArgs: string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const extraNodeArgs = (process.env.BENCH_RESTIS_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
  const restis = await startRestisProcess(
    ['--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { nodeArgs: [...nodeArgs, ...extraNodeArgs] },
  );
  const stopSignal = extraNodeArgs.length > 0 ? 'SIGTERM' : 'SIGKILL';
  return { name: 'Restis', port: restis.port, pid: restis.pid, stop: () => restis.stop(stopSignal) };
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Renders rows as a plain-text table with right-aligned numbers. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

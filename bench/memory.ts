import net from 'node:net';
import { RawClient } from '../test/helpers/raw-client.js';
import { rssBytes, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * Memory per key: 1,000,000 keys `key:NNNNNNNNN` with 100-byte values loaded into redis-server and
 * Restis through pipelined MSETs; compares RSS growth (and each server's own used_memory).
 */

const KEY_COUNT = 1_000_000;
const VALUE_SIZE = 100;
const KEYS_PER_MSET = 1000;
/** MSETs in flight at once: enough to keep the server busy, bounded client memory. */
const WINDOW = 20;
const LOAD_TIMEOUT_MS = 300_000;
const TARGET_RATIO = 1.6;

function keyName(i: number): string {
  return `key:${String(i).padStart(9, '0')}`;
}

function valueFor(i: number): string {
  const text = `value-${i}-`;
  return text + 'x'.repeat(VALUE_SIZE - text.length);
}

function msetRequest(first: number, count: number): string {
  const parts = [`*${1 + count * 2}\r\n$4\r\nMSET\r\n`];
  for (let i = first; i < first + count; i++) {
    const key = keyName(i);
    const value = valueFor(i);
    parts.push(`$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`);
  }
  return parts.join('');
}

/** Loads every key through one socket, WINDOW MSETs in flight; each reply is one line (+OK or -ERR). */
function load(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const batches = Math.ceil(KEY_COUNT / KEYS_PER_MSET);
    let sent = 0;
    let answered = 0;
    let pending = '';
    const timer = setTimeout(() => finish(new Error(`loading did not finish within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const sendMore = () => {
      while (sent < batches && sent - answered < WINDOW) {
        const first = sent * KEYS_PER_MSET;
        socket.write(msetRequest(first, Math.min(KEYS_PER_MSET, KEY_COUNT - first)), 'latin1');
        sent++;
      }
    };
    socket.on('connect', sendMore);
    socket.on('error', (error) => finish(error));
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let lineEnd: number;
      while ((lineEnd = pending.indexOf('\r\n')) !== -1) {
        const line = pending.slice(0, lineEnd);
        pending = pending.slice(lineEnd + 2);
        if (line !== '+OK') return finish(new Error(`MSET answered ${line}`));
        answered++;
      }
      if (answered === batches) finish();
      else sendMore();
    });
  });
}

async function usedMemory(port: number): Promise<number | undefined> {
  const client = await RawClient.connect(port);
  try {
    const reply = await client.call('INFO', 'memory');
    const match = reply.kind === '$' || reply.kind === '=' ? /^used_memory:(\d+)\r?$/m.exec(reply.text ?? '') : null;
    return match ? Number(match[1]) : undefined;
  } finally {
    await client.close();
  }
}

async function dbsize(port: number): Promise<number> {
  const client = await RawClient.connect(port);
  try {
    return Number((await client.call('DBSIZE')).text);
  } finally {
    await client.close();
  }
}

interface MemoryResult {
  server: string;
  rssGrowth: number;
  usedMemoryGrowth: number | undefined;
  loadSeconds: number;
}

async function measure(server: BenchServer): Promise<MemoryResult> {
  const usedBefore = await usedMemory(server.port);
  const rssBefore = rssBytes(server.pid);
  const started = Date.now();
  await load(server.port);
  const loadSeconds = (Date.now() - started) / 1000;
  const keys = await dbsize(server.port);
  if (keys !== KEY_COUNT) throw new Error(`${server.name} holds ${keys} keys after loading ${KEY_COUNT}`);
  // Let a garbage-collected server settle before reading its footprint.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const rssAfter = rssBytes(server.pid);
  const usedAfter = await usedMemory(server.port);
  return {
    server: server.name,
    rssGrowth: rssAfter - rssBefore,
    usedMemoryGrowth: usedBefore !== undefined && usedAfter !== undefined ? usedAfter - usedBefore : undefined,
    loadSeconds,
  };
}

export async function runMemoryBenchmark(): Promise<void> {
  console.log(`Memory: ${KEY_COUNT.toLocaleString('en-US')} keys key:NNNNNNNNN with ${VALUE_SIZE}-byte values, MSET batches of ${KEYS_PER_MSET}`);
  const results: MemoryResult[] = [];
  // One server at a time, so neither competes for memory or CPU with the other.
  for (const start of [() => startRedis(), () => startRestis(['--max-old-space-size=8192'])]) {
    const server = await start();
    try {
      results.push(await measure(server));
    } finally {
      await server.stop();
    }
  }
  const perKey = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : (bytes / KEY_COUNT).toFixed(1));
  console.log('');
  console.log(table(
    ['server', 'RSS growth (MB)', 'RSS bytes/key', 'used_memory bytes/key', 'load (s)'],
    results.map((r) => [r.server, (r.rssGrowth / 1024 / 1024).toFixed(1), perKey(r.rssGrowth), perKey(r.usedMemoryGrowth), r.loadSeconds.toFixed(1)]),
  ));
  const [redis, restis] = results as [MemoryResult, MemoryResult];
  const ratio = restis.rssGrowth / redis.rssGrowth;
  console.log(`RSS growth Restis/Redis: ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'ok' : 'ABOVE TARGET'}`);
  if (restis.usedMemoryGrowth === undefined) console.log('(Restis used_memory: n/a, INFO memory did not answer a used_memory field)');
}

import { RawClient } from '../test/helpers/raw-client.js';
import { encodeCommand, loadPipelined, type Batch } from './pipeline.js';
import { rssBytes, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * Memory of collections: one 1,000,000-member hash, set and sorted set (bytes per member), and
 * 1,000,000 small hashes and small sets (bytes per key), each loaded alone into a fresh
 * redis-server and a fresh Restis, one server at a time. Redis is measured by used_memory growth
 * and MEMORY USAGE of the key; Restis by its heap growth (INFO used_memory) and RSS growth. Restis's
 * heap growth is taken as measured: a GC cannot be forced from outside, so garbage not yet
 * collected counts too. BENCH_COLLECTIONS=hash,set,... narrows; BENCH_COLLECTION_SIZE sets the count.
 */

const DEFAULT_SIZE = 1_000_000;
const ITEMS_PER_COMMAND = 1000;
const COMMANDS_PER_WRITE = 1000;
const TARGET_RATIO = 2.5;
const SETTLE_MS = 1500;

interface Collection {
  name: string;
  /** 'member' for one big collection, 'key' for many small ones. */
  per: 'member' | 'key';
  description: string;
  batches(count: number): Generator<Batch>;
  /** The key MEMORY USAGE and OBJECT ENCODING look at. */
  sampleKey: string;
  /** The command whose integer reply must equal the count once loaded. */
  countCommand: string[];
  /** Only extra information, no target. */
  informational?: boolean;
}

/** Big collections: one command adds ITEMS_PER_COMMAND members, `item(i)` gives each one's arguments. */
function* bigCollection(command: string, key: string, count: number, item: (i: number) => string[]): Generator<Batch> {
  for (let first = 0; first < count; first += ITEMS_PER_COMMAND) {
    const argv = [command, key];
    for (let i = first; i < Math.min(count, first + ITEMS_PER_COMMAND); i++) argv.push(...item(i));
    yield { text: encodeCommand(argv), replies: 1 };
  }
}

/** Many small keys: one write carries COMMANDS_PER_WRITE commands, `command(i)` builds each one. */
function* manyKeys(count: number, command: (i: number) => string[]): Generator<Batch> {
  for (let first = 0; first < count; first += COMMANDS_PER_WRITE) {
    let text = '';
    const last = Math.min(count, first + COMMANDS_PER_WRITE);
    for (let i = first; i < last; i++) text += encodeCommand(command(i));
    yield { text, replies: last - first };
  }
}

/** An 8-byte value. */
function eightBytes(i: number): string {
  return `v${String(i % 10_000_000).padStart(7, '0')}`;
}

const COLLECTIONS: Collection[] = [
  {
    name: 'hash',
    per: 'member',
    description: 'HSET big:hash field:N <8-byte value>',
    batches: (count) => bigCollection('HSET', 'big:hash', count, (i) => [`field:${i}`, eightBytes(i)]),
    sampleKey: 'big:hash',
    countCommand: ['HLEN', 'big:hash'],
  },
  {
    name: 'set',
    per: 'member',
    description: 'SADD big:set member:N',
    batches: (count) => bigCollection('SADD', 'big:set', count, (i) => [`member:${i}`]),
    sampleKey: 'big:set',
    countCommand: ['SCARD', 'big:set'],
  },
  {
    name: 'zset',
    per: 'member',
    description: 'ZADD big:zset <N or N.37> member:N (integer and fractional scores alternate)',
    batches: (count) => bigCollection('ZADD', 'big:zset', count, (i) => [i % 2 === 0 ? String(i) : `${i}.37`, `member:${i}`]),
    sampleKey: 'big:zset',
    countCommand: ['ZCARD', 'big:zset'],
  },
  {
    name: 'small-hashes',
    per: 'key',
    description: 'HSET session:N user user:N created <13 digits> (2 fields per key)',
    batches: (count) => manyKeys(count, (i) => ['HSET', `session:${i}`, 'user', `user:${i}`, 'created', String(1_700_000_000_000 + i)]),
    sampleKey: 'session:12345',
    countCommand: ['DBSIZE'],
    informational: true,
  },
  {
    name: 'small-sets',
    per: 'key',
    description: 'SADD tags:N tag:a tag:b tag:c (3 members per key)',
    batches: (count) => manyKeys(count, (i) => ['SADD', `tags:${i}`, `tag:${i % 100}`, `tag:${(i + 1) % 100}`, `tag:${(i + 2) % 100}`]),
    sampleKey: 'tags:12345',
    countCommand: ['DBSIZE'],
    informational: true,
  },
];

async function call(port: number, ...argv: string[]): Promise<string | null> {
  const client = await RawClient.connect(port);
  try {
    const reply = await client.call(...argv);
    if (reply.kind === '-') throw new Error(`${argv.join(' ')}: ${reply.text}`);
    return reply.text;
  } finally {
    await client.close();
  }
}

async function usedMemory(port: number): Promise<number> {
  const info = (await call(port, 'INFO', 'memory')) ?? '';
  const match = /^used_memory:(\d+)\r?$/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory field');
  return Number(match[1]);
}

interface Footprint {
  usedMemoryGrowth: number;
  rssGrowth: number;
  /** MEMORY USAGE of the sample key (Redis only; Restis's answer is an estimate of Redis's figure). */
  memoryUsage: number | undefined;
  encoding: string | null;
  loadSeconds: number;
}

async function measure(server: BenchServer, collection: Collection, count: number): Promise<Footprint> {
  const usedBefore = await usedMemory(server.port);
  const rssBefore = rssBytes(server.pid);
  const started = Date.now();
  await loadPipelined(server.port, collection.batches(count));
  const loadSeconds = (Date.now() - started) / 1000;
  const loaded = Number(await call(server.port, ...collection.countCommand));
  if (loaded !== count) throw new Error(`${server.name} holds ${loaded} (${collection.countCommand.join(' ')}) after loading ${count}`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rssAfter = rssBytes(server.pid);
  const usedAfter = await usedMemory(server.port);
  const memoryUsage = server.name === 'Redis' ? Number(await call(server.port, 'MEMORY', 'USAGE', collection.sampleKey)) : undefined;
  const encoding = await call(server.port, 'OBJECT', 'ENCODING', collection.sampleKey);
  return { usedMemoryGrowth: usedAfter - usedBefore, rssGrowth: rssAfter - rssBefore, memoryUsage, encoding, loadSeconds };
}

function chosenCollections(): Collection[] {
  const wanted = process.env.BENCH_COLLECTIONS;
  if (wanted === undefined || wanted.trim() === '') return COLLECTIONS;
  const names = wanted.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !COLLECTIONS.some((collection) => collection.name === name));
  if (unknown.length > 0) throw new Error(`BENCH_COLLECTIONS: unknown ${unknown.join(', ')} (known: ${COLLECTIONS.map((c) => c.name).join(',')})`);
  return COLLECTIONS.filter((collection) => names.includes(collection.name));
}

export async function runCollectionsMemoryBenchmark(): Promise<void> {
  const count = Math.max(1000, Number(process.env.BENCH_COLLECTION_SIZE ?? DEFAULT_SIZE) || DEFAULT_SIZE);
  const collections = chosenCollections();
  console.log(`Collections memory: ${count.toLocaleString('en-US')} members (or keys), each collection loaded alone into a fresh server, one server at a time`);
  for (const collection of collections) console.log(`  ${collection.name}: ${collection.description}`);
  const rows: string[][] = [];
  const loadRows: string[][] = [];
  for (const collection of collections) {
    const footprints = new Map<string, Footprint>();
    for (const start of [() => startRedis(), () => startRestis(['--max-old-space-size=8192'])]) {
      const server = await start();
      try {
        footprints.set(server.name, await measure(server, collection, count));
      } finally {
        await server.stop();
      }
    }
    const redis = footprints.get('Redis')!;
    const restis = footprints.get('Restis')!;
    const per = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : (bytes / count).toFixed(1));
    const heapRatio = restis.usedMemoryGrowth / redis.usedMemoryGrowth;
    const rssRatio = restis.rssGrowth / redis.rssGrowth;
    const verdict = (ratio: number) => (collection.informational ? 'info' : ratio <= TARGET_RATIO ? 'ok' : 'ABOVE');
    rows.push([
      `${collection.name} (per ${collection.per})`,
      per(redis.usedMemoryGrowth), per(redis.memoryUsage === undefined ? undefined : collection.per === 'member' ? redis.memoryUsage : redis.memoryUsage * count),
      per(redis.rssGrowth), per(restis.usedMemoryGrowth), per(restis.rssGrowth),
      `${heapRatio.toFixed(2)} ${verdict(heapRatio)}`, `${rssRatio.toFixed(2)} ${verdict(rssRatio)}`,
    ]);
    loadRows.push([collection.name, redis.encoding ?? 'n/a', restis.encoding ?? 'n/a', redis.loadSeconds.toFixed(1), restis.loadSeconds.toFixed(1)]);
  }
  console.log('');
  console.log(table([
    'collection', 'Redis used_memory B', 'Redis MEMORY USAGE B', 'Redis RSS B', 'Restis heap B', 'Restis RSS B',
    `heap/used_memory (<= ${TARGET_RATIO})`, `RSS/RSS (<= ${TARGET_RATIO})`,
  ], rows));
  console.log('(bytes per member, or per key for the small ones, as growth over the load; MEMORY USAGE is Redis\'s default sampled' +
    ' estimate of the one key, or of one sample key times the key count; Restis heap = INFO used_memory growth as measured,' +
    ' garbage not yet collected included, since a GC cannot be forced from outside)');
  console.log('');
  console.log(table(['collection', 'Redis encoding', 'Restis encoding', 'Redis load (s)', 'Restis load (s)'], loadRows));
}

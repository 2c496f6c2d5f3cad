// https://redis.io/commands/memory-usage/ (and MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE)
import { getHeapStatistics } from 'node:v8';
import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { replyHelp } from './help-reply.js';
import { bytesToHuman } from './human-bytes.js';
import { memoryFigures } from './info-metrics.js';
import { keyMemoryUsage } from './memory-usage.js';

const HELP_LINES = [
  'MEMORY <subcommand> [<arg> ...]. Subcommands:',
  'USAGE <key> [SAMPLES <count>]',
  '    Estimated bytes a key and its value take (as Redis would store them).',
  'STATS',
  '    A map of memory figures: totals, overheads, dataset, fragmentation.',
  'DOCTOR',
  '    A short report on anything unusual about memory.',
  'MALLOC-STATS',
  '    Statistics of the V8 heap Restis runs in.',
  'PURGE',
  '    Accepted for compatibility; V8 returns memory on its own schedule.',
  'HELP',
  '    This text.',
];

/** Per-database hash table overhead Redis reports: a pointer per bucket, buckets a power of two. */
function tableOverhead(entries: number): number {
  if (entries === 0) return 0;
  return 2 ** Math.ceil(Math.log2(entries)) * 8 + entries * 24;
}

function memoryStats(ctx: CommandContext): void {
  const { server, reply } = ctx;
  const { used, peak, startup, usage } = memoryFigures(server);
  let clientBuffers = 0;
  for (const session of server.clients.all()) {
    clientBuffers += session.transport.queryBufferLength() + session.transport.outputBufferLength();
  }
  const databases = server.keyspace.databases.filter((db) => db.size > 0);
  let overhead = startup + clientBuffers;
  for (const db of databases) overhead += tableOverhead(db.size) + tableOverhead(db.expires.size);
  overhead = Math.min(overhead, used);
  const keys = server.keyspace.totalKeys();
  const dataset = used - overhead;
  const netUsed = used - startup;
  const figures: Array<[string, number]> = [
    ['peak.allocated', peak], ['total.allocated', used], ['startup.allocated', startup],
    ['replication.backlog', 0], ['clients.slaves', 0], ['clients.normal', clientBuffers],
    ['cluster.links', 0], ['aof.buffer', 0], ['lua.caches', 0], ['functions.caches', 0],
  ];
  const pairs: Array<[string, number, boolean]> = [
    ['overhead.total', overhead, false],
    ['keys.count', keys, false],
    ['keys.bytes-per-key', keys ? Math.floor(netUsed / keys) : 0, false],
    ['dataset.bytes', dataset, false],
    ['dataset.percentage', netUsed > 0 ? (dataset * 100) / netUsed : 0, true],
    ['peak.percentage', peak > 0 ? (used * 100) / peak : 0, true],
    ['allocator.allocated', usage.heapUsed, false],
    ['allocator.active', usage.heapTotal, false],
    ['allocator.resident', usage.rss, false],
    ['allocator-fragmentation.ratio', usage.heapUsed > 0 ? usage.heapTotal / usage.heapUsed : 0, true],
    ['allocator-fragmentation.bytes', usage.heapTotal - usage.heapUsed, false],
    ['allocator-rss.ratio', usage.heapTotal > 0 ? usage.rss / usage.heapTotal : 0, true],
    ['allocator-rss.bytes', usage.rss - usage.heapTotal, false],
    ['rss-overhead.ratio', 1, true],
    ['rss-overhead.bytes', 0, false],
    ['fragmentation', used > 0 ? usage.rss / used : 0, true],
    ['fragmentation.bytes', usage.rss - used, false],
  ];
  reply.map(figures.length + databases.length + pairs.length);
  for (const [name, value] of figures) {
    reply.bulk(name);
    reply.int(value);
  }
  for (const db of databases) {
    reply.bulk(`db.${db.index}`);
    reply.map(3);
    reply.bulk('overhead.hashtable.main');
    reply.int(tableOverhead(db.size));
    reply.bulk('overhead.hashtable.expires');
    reply.int(tableOverhead(db.expires.size));
    reply.bulk('overhead.hashtable.slot-to-keys');
    reply.int(0);
  }
  for (const [name, value, isRatio] of pairs) {
    reply.bulk(name);
    if (isRatio) reply.double(value);
    else reply.int(value);
  }
}

function doctorReport(ctx: CommandContext): string {
  const { server } = ctx;
  const { used, peak, usage } = memoryFigures(server);
  if (server.keyspace.totalKeys() === 0) return 'The dataset is empty, so there is nothing to diagnose yet.\n';
  const findings: string[] = [];
  if (peak > used * 1.5) {
    findings.push(`Peak memory (${bytesToHuman(peak)}) is well above current use (${bytesToHuman(used)}): V8 keeps freed heap pages for a while before returning them.`);
  }
  if (usage.rss > used * 2 && usage.rss - used > 64 * 1024 * 1024) {
    findings.push(`The process's resident memory (${bytesToHuman(usage.rss)}) is more than twice what the data needs (${bytesToHuman(used)}).`);
  }
  const heap = getHeapStatistics();
  if (heap.used_heap_size > heap.heap_size_limit * 0.8) {
    findings.push(`The V8 heap is above 80% of its limit (${bytesToHuman(heap.heap_size_limit)}); raise it with node --max-old-space-size.`);
  }
  if (findings.length === 0) return 'No memory problems found.\n';
  return `${findings.join('\n')}\n`;
}

function mallocStats(): string {
  const heap = getHeapStatistics() as unknown as Record<string, number>;
  const lines = ['V8 heap statistics (Restis has no jemalloc):'];
  for (const [name, value] of Object.entries(heap)) lines.push(`${name}: ${value}`);
  return `${lines.join('\n')}\n`;
}

const sub = (decl: Omit<CommandDeclaration, 'group'>): CommandDeclaration => ({ group: 'server', ...decl });
const perShard = 'nondeterministic_output request_policy:all_shards response_policy:special';

export const memory = defineCommand({
  name: 'memory', arity: -2, group: 'server', since: '4.0.0', complexity: 'Depends on the subcommand',
  summary: 'Reports on memory use.',
  subcommands: [
    sub({
      name: 'usage', arity: -3, flags: 'readonly', keys: [2, 2, 1], keySpecs: [rangeKeys('RO', 2)], since: '4.0.0',
      complexity: 'O(N) for N sampled elements',
      summary: 'Estimates the bytes a key and its value take.',
      run({ argv, db, reply }) {
        for (let i = 3; i < argv.length; i++) {
          if (argv[i]!.toLowerCase() !== 'samples' || i + 1 >= argv.length) return reply.error(ERR_SYNTAX);
          const samples = parseInteger(argv[++i]!);
          if (samples === null) return reply.error(ERR_NOT_INTEGER);
          if (samples < 0) return reply.error(ERR_SYNTAX);
        }
        // Like Redis, a key past its deadline that is not deleted yet still has a size.
        const value = db.data.get(argv[2]!);
        if (value === undefined) return reply.nil();
        reply.int(keyMemoryUsage(argv[2]!, value));
      },
    }),
    sub({
      name: 'stats', arity: 2, tips: perShard, since: '4.0.0', complexity: 'O(1)',
      summary: 'Returns a map of memory figures.',
      run: memoryStats,
    }),
    sub({
      name: 'doctor', arity: 2, tips: perShard, since: '4.0.0', complexity: 'O(1)',
      summary: 'Reports memory problems, if any.',
      run: (ctx) => ctx.reply.verbatim(doctorReport(ctx)),
    }),
    sub({
      name: 'malloc-stats', arity: 2, tips: perShard, since: '4.0.0', complexity: 'O(1)',
      summary: 'Returns the memory allocator statistics (V8 heap statistics in Restis).',
      run: ({ reply }) => reply.verbatim(mallocStats()),
    }),
    sub({
      name: 'purge', arity: 2, tips: 'request_policy:all_shards response_policy:all_succeeded', since: '4.0.0',
      complexity: 'O(1)',
      summary: 'Asks the allocator to release unused memory (a no-op under V8).',
      run: ({ reply }) => reply.ok(),
    }),
    sub({
      name: 'help', arity: 2, flags: 'loading stale', since: '4.0.0', complexity: 'O(1)',
      summary: 'Lists the MEMORY subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    }),
  ],
});

/**
 * The random differential table for hash commands: HSET and friends on the shared small keyspace,
 * mixed with a few string and keyspace commands so hashes meet other types, TTLs, COPY and RENAME.
 * Run it against servers with small listpack limits (HASH_RANDOM_CONFIG) so hashes keep crossing
 * from listpack to hashtable. Unordered and random replies get the rules below.
 */
import type { RespReply } from '../helpers/resp-reply.js';
import {
  FLOAT_ARGUMENTS, INTEGER_ARGUMENTS, KEYSPACE_COMMANDS, STRING_COMMANDS, options, quoteArgument,
  type ArgumentPool, type CommandEntry, type Draw, type OptionGroup, type Probe, type ReplyRule,
} from './random-commands.js';
import { agreedContents, collectionScanReply, redisEncoding, sameBytes, wholeCollectionReply } from './random-collection-rules.js';

/** Limits low enough that a few commands convert a hash, and some values are too long for a listpack. */
export const HASH_RANDOM_CONFIG: Array<[string, string]> = [
  ['hash-max-listpack-entries', '6'],
  ['hash-max-listpack-value', '16'],
];

const FIELDS: readonly string[] = [
  'a', 'b', 'c', 'f', 'n', '1', '2', '-3', '', '\x00\xff', 'tenant:1', 'x'.repeat(17), 'field number seven',
];

const HRANDFIELD_COUNTS: ArgumentPool = {
  usual: ['0', '1', '2', '3', '5', '8', '20', '-1', '-2', '-5', '-12'],
  // Never a valid huge negative count: both servers would build a reply that large.
  odd: ['x', '1.5', '', '-9223372036854775808', '9223372036854775807', '9223372036854775808', '4611686018427387904'],
};

const SCAN_CURSORS: ArgumentPool = { usual: ['0', '0', '0', '1', '7'], odd: ['x', '-1', '', '18446744073709551616'] };
const SCAN_PATTERNS: readonly string[] = ['*', 'a*', '?', '[a-c]', '\x00*', '*1*', 'nomatch', 'x*', ''];

function field(draw: Draw): string {
  return draw.pick(FIELDS);
}

function fields(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => field(draw));
}

/** field/value pairs; sometimes one field short of a pair. */
function fieldValuePairs(draw: Draw, min: number, max: number): string[] {
  const words = Array.from({ length: draw.between(min, max) }, () => [field(draw), draw.value()]).flat();
  if (draw.chance(0.04)) words.push(field(draw));
  return words;
}

const scanOptions = (d: Draw): OptionGroup[] => [
  { chance: 0.4, choices: [['MATCH', d.pick(SCAN_PATTERNS)]] },
  { chance: 0.5, choices: [['COUNT', d.pick(['1', '2', '5', '100', '100', '0', 'x', '-1'])]] },
];

/** The hash at `key` as both servers hold it (they must agree), as field -> value. */
async function agreedHash(probe: Probe, key: string): Promise<Map<string, string> | string> {
  const read = await probe(['HGETALL', key]);
  if (read.redis.kind === '-' || read.restis.kind === '-') return read.redis.raw === read.restis.raw ? new Map() : 'HGETALL answers differ';
  const pairs = (reply: RespReply): string[] => {
    const items = reply.items ?? [];
    const out: string[] = [];
    for (let i = 0; i < items.length; i += 2) out.push(`${items[i]!.raw}${items[i + 1]!.raw}`);
    return out.sort();
  };
  if (pairs(read.redis).join('\n') !== pairs(read.restis).join('\n')) return 'the servers hold different hashes';
  const items = read.redis.items ?? [];
  const hash = new Map<string, string>();
  for (let i = 0; i < items.length; i += 2) hash.set(items[i]!.text ?? '', items[i + 1]!.text ?? '');
  return hash;
}

/** HRANDFIELD's picks from one reply: [field, value?] each, whichever protocol shaped them. */
function picks(reply: RespReply, withValues: boolean): Array<[string, string | undefined]> {
  const items = reply.items ?? [];
  const out: Array<[string, string | undefined]> = [];
  if (!withValues) {
    for (const item of items) out.push([item.text ?? '', undefined]);
  } else if (items.length > 0 && items[0]!.kind === '*') {
    for (const item of items) out.push([item.items![0]!.text ?? '', item.items![1]!.text ?? '']);
  } else {
    for (let i = 0; i < items.length; i += 2) out.push([items[i]!.text ?? '', items[i + 1]!.text ?? '']);
  }
  return out;
}

/**
 * HRANDFIELD: the same shape and count on both servers, every pick a real field (with its value),
 * no repeats for a positive count, and the exact bytes when Redis answers a whole listpack.
 */
const hrandfieldReply: ReplyRule = async (replies, argv, probe) => {
  if (sameBytes(replies) === undefined) return undefined;
  const { redis, restis } = replies;
  if (redis.kind !== restis.kind || redis.kind === '-') return 'the replies differ';
  const hash = await agreedHash(probe, argv[1]!);
  if (typeof hash === 'string') return hash;
  if (argv.length === 2) {
    if (redis.text === null || restis.text === null) return 'the replies differ';
    return hash.has(restis.text) ? undefined : `restis picked ${quoteArgument(restis.text)}, which is not a field`;
  }
  const count = BigInt(argv[2]!);
  const withValues = argv.length === 4;
  const restisPicks = picks(restis, withValues);
  const redisPicks = picks(redis, withValues);
  const expected = count < 0n ? Number(-count) : Math.min(Number(count), hash.size);
  if (hash.size === 0 && count !== 0n) return 'the replies differ';
  if (restisPicks.length !== expected || redisPicks.length !== expected) return `expected ${expected} picks, got ${restisPicks.length} (redis ${redisPicks.length})`;
  if (restis.items?.length !== redis.items?.length) return 'the reply shapes differ';
  for (const [name, value] of restisPicks) {
    if (!hash.has(name)) return `restis picked ${quoteArgument(name)}, which is not a field`;
    if (withValues && hash.get(name) !== value) return `restis paired ${quoteArgument(name)} with the wrong value`;
  }
  if (count > 0n && new Set(restisPicks.map(([name]) => name)).size !== restisPicks.length) return 'restis repeated a field for a positive count';
  if (count >= BigInt(hash.size) && (await redisEncoding(probe, argv[1]!)) === 'listpack') return 'the replies differ (a whole listpack comes in order)';
  return undefined;
};

const hscanReply = collectionScanReply('listpack', 2, (probe, key) => agreedContents(probe, ['HGETALL', key], 2));

/**
 * Some string and keyspace commands (weights chosen here), so the collections meet other types,
 * TTLs and key moves without strings taking over the keyspace.
 */
const SUPPORTING_WEIGHTS = new Map<string, number>([
  ['SET', 0.5], ['GET', 0.5], ['DEL', 5], ['EXISTS', 0.5], ['TYPE', 0.5], ['RENAME', 1], ['RENAMENX', 0.5],
  ['COPY', 1], ['EXPIRE', 0.6], ['PEXPIRE', 0.6], ['TTL', 0.5], ['PERSIST', 0.4], ['OBJECT ENCODING', 2],
  ['DBSIZE', 0.3], ['MOVE', 0.5], ['SELECT', 0.3],
]);

function supporting(): CommandEntry[] {
  return [...STRING_COMMANDS, ...KEYSPACE_COMMANDS]
    .filter((entry) => SUPPORTING_WEIGHTS.has(entry.name))
    .map((entry) => ({ ...entry, weight: SUPPORTING_WEIGHTS.get(entry.name)! }));
}

export const HASH_COMMANDS: readonly CommandEntry[] = [
  { name: 'HSET', weight: 8, build: (d) => ['HSET', d.key(), ...fieldValuePairs(d, 1, 4)] },
  { name: 'HMSET', weight: 2, build: (d) => ['HMSET', d.key(), ...fieldValuePairs(d, 1, 3)] },
  { name: 'HSETNX', weight: 2, build: (d) => ['HSETNX', d.key(), field(d), d.value()] },
  { name: 'HGET', weight: 4, build: (d) => ['HGET', d.key(), field(d)] },
  { name: 'HMGET', weight: 2, build: (d) => ['HMGET', d.key(), ...fields(d, 1, 4)] },
  { name: 'HEXISTS', weight: 1.5, build: (d) => ['HEXISTS', d.key(), field(d)] },
  { name: 'HSTRLEN', weight: 1, build: (d) => ['HSTRLEN', d.key(), field(d)] },
  { name: 'HLEN', weight: 1.5, build: (d) => ['HLEN', d.key()] },
  { name: 'HDEL', weight: 4, build: (d) => ['HDEL', d.key(), ...fields(d, 1, 3)] },
  { name: 'HGETALL', weight: 3, build: (d) => ['HGETALL', d.key()], rule: wholeCollectionReply('listpack', 2) },
  { name: 'HKEYS', weight: 1.5, build: (d) => ['HKEYS', d.key()], rule: wholeCollectionReply('listpack', 1) },
  { name: 'HVALS', weight: 1.5, build: (d) => ['HVALS', d.key()], rule: wholeCollectionReply('listpack', 1) },
  { name: 'HINCRBY', weight: 3, build: (d) => ['HINCRBY', d.key(), field(d), d.arg(INTEGER_ARGUMENTS)] },
  { name: 'HINCRBYFLOAT', weight: 3, build: (d) => ['HINCRBYFLOAT', d.key(), field(d), d.arg(FLOAT_ARGUMENTS)] },
  {
    name: 'HRANDFIELD', weight: 3, rule: hrandfieldReply,
    build: (d) => {
      const roll = d.random.next();
      if (roll < 0.25) return ['HRANDFIELD', d.key()];
      const argv = ['HRANDFIELD', d.key(), d.arg(HRANDFIELD_COUNTS)];
      if (roll < 0.6) argv.push(d.chance(0.9) ? d.casing('WITHVALUES') : d.pick(['WITHVALUE', 'x']));
      return argv;
    },
  },
  { name: 'HSCAN', weight: 2, rule: hscanReply, build: (d) => ['HSCAN', d.key(), d.arg(SCAN_CURSORS), ...options(d, scanOptions(d))] },
  ...supporting(),
];

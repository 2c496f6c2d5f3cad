/**
 * The random differential table for SORT and SORT_RO: lists, sets and sorted sets on the shared
 * small keyspace, with string and hash weights that BY and GET patterns reach (element `1` with
 * `tenant:*:hits` reads key `tenant:1:hits`). Run it against servers with small intset and
 * listpack limits (SORT_RANDOM_CONFIG) so sets and sorted sets change encoding.
 *
 * Redis sorts a hashtable set or a sorted set starting from its hash table's order, so elements
 * that compare equal (ALPHA with BY, or strings equal up to a NUL byte) and a set kept unsorted
 * (BY without `*`) come out in an order no other server can reproduce; the rule then compares
 * what can be compared and, after such a STORE, gives both servers Redis's list.
 *
 * No value here makes C's strtod report ERANGE: Redis never clears errno afterwards, so a later
 * SORT on the same connection could fail for no reason of its own.
 */
import { parseSortOptions } from '../../src/commands/sort/sort-options.js';
import type { RespReply } from '../helpers/resp-reply.js';
import type { ArgumentPool, CommandEntry, Draw, OptionGroup, Probe, ReplyRule } from './random-commands.js';
import { options } from './random-commands.js';
import { groups, redisEncoding, sameBytes, sameMultiset, texts, wholeCollectionReply } from './random-collection-rules.js';

export const SORT_RANDOM_CONFIG: Array<[string, string]> = [
  ['set-max-intset-entries', '4'],
  ['zset-max-listpack-entries', '4'],
];

/** Elements: numbers (also as C's strtod reads them), then words, key names and NUL bytes. */
const NUMERIC_ELEMENTS: readonly string[] = ['1', '2', '3', '10', '-1', '0', '1.5', '01', ' 3', '0x10', 'inf', '-inf', ''];
const OTHER_ELEMENTS: readonly string[] = [
  'a', 'b', 'n', 'k', 'x', 'B', '\x00', 'a\x00b', 'a\x00c', '\xff', 'tenant:1:hits', 'tenant:2:session',
];
/** Weights stored in strings and hash fields: numbers, then words and texts that are not numbers. */
const NUMERIC_WEIGHTS: readonly string[] = ['0', '1', '2', '3', '-1', '1.5', '10', '-0', '', ' 2', '1\x00x', 'inf'];
const OTHER_WEIGHTS: readonly string[] = ['a', 'b', 'B', '\x00z', '2 ', 'nan'];
const SCORES: readonly string[] = ['0', '1', '2', '1.5', '-1', '3', 'inf'];
const FIELDS: readonly string[] = ['f', 'g'];

/** BY patterns: weights in strings or hash fields, no `*` (no sorting), and the C-string quirks. */
const BY_PATTERNS: readonly string[] = [
  '*', 'tenant:*:hits', 'tenant:*:session', '*->f', 'tenant:*:hits->g', '*->g', 'nosort', 'nokey', '#',
  '*->', '\x00\xff *', 'tenant:*:hits->f',
];
const GET_PATTERNS: readonly string[] = ['#', '*', 'tenant:*:hits', '*->f', 'tenant:*:session->g', 'nokey', '#\x00', '*->'];
const LIMITS: ArgumentPool = {
  usual: ['0', '1', '2', '3', '5', '-1', '0', '1'],
  odd: ['-5', '100', 'x', '1.5', '9223372036854775807', '-9223372036854775808', ''],
};

/**
 * Collections mostly live in these keys and weights in the others (the shared KEY_NAMES), so
 * that most commands meet the type they want; now and then any key is used.
 */
const SOURCE_KEYS: readonly string[] = ['a', 'b', 'n', '\x00\xff k'];
const WEIGHT_KEYS: readonly string[] = ['tenant:1:session', 'tenant:1:hits', 'tenant:2:session', 'tenant:2:hits'];

function sourceKey(draw: Draw): string {
  return draw.chance(0.9) ? draw.pick(SOURCE_KEYS) : draw.key();
}

function weightKey(draw: Draw): string {
  return draw.chance(0.9) ? draw.pick(WEIGHT_KEYS) : draw.key();
}

function element(draw: Draw): string {
  return draw.pick(draw.chance(0.75) ? NUMERIC_ELEMENTS : OTHER_ELEMENTS);
}

function weight(draw: Draw): string {
  return draw.pick(draw.chance(0.85) ? NUMERIC_WEIGHTS : OTHER_WEIGHTS);
}

function elements(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => element(draw));
}

const sortOptions = (d: Draw, readonly: boolean): OptionGroup[] => [
  { chance: 0.5, choices: [['BY', d.pick(BY_PATTERNS)]] },
  { chance: 0.4, choices: [['LIMIT', d.arg(LIMITS), d.arg(LIMITS)]] },
  { chance: 0.35, choices: [['GET', d.pick(GET_PATTERNS)], ['GET', d.pick(GET_PATTERNS), 'GET', d.pick(GET_PATTERNS)]] },
  { chance: 0.4, choices: [['ASC'], ['DESC']] },
  { chance: 0.45, choices: [['ALPHA']] },
  { chance: readonly ? 0.05 : 0.3, choices: [['STORE', d.chance(0.7) ? d.pick(SOURCE_KEYS) : d.key()]] },
];

/**
 * Whether Redis may answer this SORT in an order that depends on its hash table: the key holds a
 * hashtable set or a sorted set and equal elements are possible, or the set is kept unsorted.
 */
async function orderDependsOnHashTable(probe: Probe, key: string, argv: readonly string[]): Promise<boolean> {
  const parsed = parseSortOptions(argv, argv[0]!.toLowerCase() === 'sort_ro');
  if (typeof parsed === 'string') return false;
  const type = (await probe(['TYPE', key])).redis.text;
  if (type === 'set' && (await redisEncoding(probe, key)) === 'intset') return false;
  if (type !== 'set' && type !== 'zset') return false;
  if (parsed.dontSort) {
    // A sorted set keeps its own order; a set is sorted (ALPHA, by bytes) only to be stored.
    return type === 'set' && parsed.store === undefined;
  }
  if (!parsed.alpha) return false;
  if (parsed.by !== undefined) return true;
  if (parsed.store !== undefined) return false;
  // ALPHA compares up to the first NUL byte: elements that differ only after it tie.
  const members = await probe(type === 'set' ? ['SMEMBERS', key] : ['ZRANGE', key, '0', '-1']);
  return texts(members.redis).some((member) => member.includes('\x00'));
}

/** How many items one element contributes to the reply. */
function width(argv: readonly string[]): number {
  let gets = 0;
  for (let i = 2; i < argv.length - 1; i++) if (argv[i]!.toLowerCase() === 'get') gets++;
  return Math.max(1, gets);
}

/** LIMIT may cut ties differently, so only a whole answer can be compared element by element. */
function hasLimit(argv: readonly string[]): boolean {
  return argv.some((arg) => arg.toLowerCase() === 'limit');
}

function sameUpToOrder(redis: RespReply, restis: RespReply, argv: readonly string[]): string | undefined {
  if (redis.kind !== restis.kind || redis.items === null || restis.items === null) return 'the replies differ';
  if (hasLimit(argv)) return redis.items.length === restis.items.length ? undefined : 'the replies differ in length';
  return sameMultiset(groups(redis, width(argv)), groups(restis, width(argv))) ? undefined : 'the elements differ (order ignored)';
}

/**
 * SORT: exact unless Redis's order depends on its hash table (see above). After a STORE the
 * stored lists are compared the same way, and Redis's is copied to Restis when they may differ.
 */
const sortReply: ReplyRule = async (replies, argv, probe) => {
  const { redis, restis } = replies;
  const key = argv[1]!;
  const parsed = parseSortOptions(argv, argv[0]!.toLowerCase() === 'sort_ro');
  if (typeof parsed === 'string' || redis.kind === '-' || restis.kind === '-') return sameBytes(replies);
  const store = parsed.store;
  // With STORE into the sorted key itself, the key no longer shows what was sorted.
  const free = store === key || (await orderDependsOnHashTable(probe, key, argv));
  if (sameBytes(replies) !== undefined) {
    if (!free) return 'the replies differ (the order is deterministic here)';
    const why = sameUpToOrder(redis, restis, argv);
    if (why !== undefined) return why;
  }
  if (store === undefined) return undefined;
  const stored = await probe(['LRANGE', store, '0', '-1']);
  if (stored.redis.raw === stored.restis.raw) return undefined;
  if (!free) return 'the stored lists differ (the order is deterministic here)';
  const why = sameUpToOrder(stored.redis, stored.restis, argv);
  if (why !== undefined) return `stored list: ${why}`;
  await probe(['DEL', store]);
  await probe(['RPUSH', store, ...texts(stored.redis)]);
  return undefined;
};

export const SORT_COMMANDS: readonly CommandEntry[] = [
  { name: 'SORT', weight: 14, build: (d) => ['SORT', sourceKey(d), ...options(d, sortOptions(d, false))], rule: sortReply },
  { name: 'SORT_RO', weight: 5, build: (d) => ['SORT_RO', sourceKey(d), ...options(d, sortOptions(d, true))], rule: sortReply },
  { name: 'RPUSH', weight: 6, build: (d) => ['RPUSH', sourceKey(d), ...elements(d, 1, 6)] },
  { name: 'LPUSH', weight: 2, build: (d) => ['LPUSH', sourceKey(d), ...elements(d, 1, 4)] },
  { name: 'SADD', weight: 6, build: (d) => ['SADD', sourceKey(d), ...elements(d, 1, 6)] },
  {
    name: 'ZADD', weight: 5,
    build: (d) => ['ZADD', sourceKey(d), ...Array.from({ length: d.between(1, 5) }, () => [d.pick(SCORES), element(d)]).flat()],
  },
  { name: 'SET', weight: 4, build: (d) => ['SET', weightKey(d), weight(d)] },
  { name: 'HSET', weight: 4, build: (d) => ['HSET', weightKey(d), d.pick(FIELDS), weight(d), ...(d.chance(0.4) ? [d.pick(FIELDS), weight(d)] : [])] },
  { name: 'DEL', weight: 5, build: (d) => ['DEL', ...d.keys(1, 3)] },
  { name: 'LRANGE', weight: 2, build: (d) => ['LRANGE', sourceKey(d), '0', '-1'] },
  { name: 'SMEMBERS', weight: 1.5, build: (d) => ['SMEMBERS', sourceKey(d)], rule: wholeCollectionReply('intset', 1) },
  { name: 'ZRANGE', weight: 1.5, build: (d) => ['ZRANGE', sourceKey(d), '0', '-1', 'WITHSCORES'] },
  { name: 'TYPE', weight: 0.5, build: (d) => ['TYPE', d.key()] },
  { name: 'OBJECT ENCODING', weight: 1.5, build: (d) => ['OBJECT', 'ENCODING', d.key()] },
  { name: 'RENAME', weight: 0.5, build: (d) => ['RENAME', d.key(), d.key()] },
  { name: 'COPY', weight: 0.5, build: (d) => ['COPY', d.key(), d.key(), 'REPLACE'] },
];

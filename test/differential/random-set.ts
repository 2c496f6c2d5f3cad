/**
 * The random differential table for set commands on the shared small keyspace, mixed with a few
 * string and keyspace commands. Run it against servers with a small intset limit
 * (SET_RANDOM_CONFIG) so sets keep crossing from intset to hashtable. SPOP's random removals
 * leave the two servers holding different sets; its rule checks what can be checked and then
 * makes both hold Redis's remainder again.
 */
import type { RespReply } from '../helpers/resp-reply.js';
import {
  KEYSPACE_COMMANDS, STRING_COMMANDS, options, quoteArgument,
  type ArgumentPool, type CommandEntry, type Draw, type OptionGroup, type Probe, type ReplyRule,
} from './random-commands.js';
import { agreedContents, collectionScanReply, groups, redisEncoding, sameBytes, sameMultiset, texts, wholeCollectionReply } from './random-collection-rules.js';

export const SET_RANDOM_CONFIG: Array<[string, string]> = [['set-max-intset-entries', '8']];
const INTSET_LIMIT = 8;

/** Integers keep sets in the intset encoding; the other members convert them. */
const INTEGER_MEMBERS: readonly string[] = [
  '0', '1', '2', '3', '5', '7', '10', '42', '-1', '-7', '100', '32768', '-2147483649', '9223372036854775807',
  '-9223372036854775808',
];
/** Texts that look like integers but are not canonical, and words. */
const OTHER_MEMBERS: readonly string[] = [
  '01', '-0', '+1', ' 1', '9223372036854775808', '1.5', '', 'a', 'b', 'c', 'x', '\x00\xff', 'tenant:1', 'a b',
];

const POP_COUNTS: ArgumentPool = {
  usual: ['0', '1', '1', '2', '3', '4', '6', '10', '40'],
  odd: ['-1', 'x', '1.5', '', '9223372036854775807', '9223372036854775808'],
};

const COUNTS: ArgumentPool = {
  usual: ['0', '1', '2', '3', '4', '6', '10', '40', '-1', '-2', '-5', '-12'],
  odd: ['x', '1.5', '', '-9223372036854775808', '9223372036854775807', '9223372036854775808'],
};

const SCAN_CURSORS: ArgumentPool = { usual: ['0', '0', '0', '1', '7'], odd: ['x', '-1', '', '18446744073709551616'] };
const SCAN_PATTERNS: readonly string[] = ['*', '1*', '?', '[a-c]', '\x00*', '*0*', '-*', 'nomatch', ''];

function member(draw: Draw): string {
  return draw.pick(draw.chance(0.8) ? INTEGER_MEMBERS : OTHER_MEMBERS);
}

function members(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => member(draw));
}

const scanOptions = (d: Draw): OptionGroup[] => [
  { chance: 0.4, choices: [['MATCH', d.pick(SCAN_PATTERNS)]] },
  { chance: 0.5, choices: [['COUNT', d.pick(['1', '2', '5', '100', '100', '0', 'x', '-1'])]] },
];

const agreedSet = (probe: Probe, key: string): Promise<Set<string> | string> => agreedContents(probe, ['SMEMBERS', key], 1);

const CANONICAL_INTEGER = /^(0|-?[1-9][0-9]{0,18})$/;

/** Redis would hold these members as an intset (when built from nothing by adding them). */
function intsetCapable(items: readonly string[]): boolean {
  return items.length <= INTSET_LIMIT && items.every((item) => {
    if (!CANONICAL_INTEGER.test(item)) return false;
    const value = BigInt(item);
    return value >= -(2n ** 63n) && value < 2n ** 63n;
  });
}

/**
 * SUNION and SDIFF answer a result set Redis builds from nothing: integers in ascending order
 * when it stays an intset, any order otherwise. The rule stores the same result on both servers
 * (SUNIONSTORE/SDIFFSTORE into a scratch key) to learn which encoding Redis gave it.
 */
function builtResultReply(storeCommand: string): ReplyRule {
  return async (replies, argv, probe) => {
    if (sameBytes(replies) === undefined) return undefined;
    const { redis, restis } = replies;
    if (redis.items === null || restis.items === null || redis.kind !== restis.kind) return 'the replies differ';
    const scratch = '__random_set_scratch';
    await probe([storeCommand, scratch, ...argv.slice(1)]);
    const encoding = await redisEncoding(probe, scratch);
    await probe(['DEL', scratch]);
    if (encoding === 'intset') return 'the replies differ (an intset result comes in order)';
    return sameMultiset(groups(redis, 1), groups(restis, 1)) ? undefined : 'the elements differ (order ignored)';
  };
}

/** SINTER answers in the iteration order of its smallest set: exact when those are all intsets. */
const sinterReply: ReplyRule = async (replies, argv, probe) => {
  if (sameBytes(replies) === undefined) return undefined;
  const { redis, restis } = replies;
  if (redis.items === null || restis.items === null || redis.kind !== restis.kind) return 'the replies differ';
  const sizes: Array<{ size: number; encoding: string | null }> = [];
  for (const key of argv.slice(1)) {
    const card = await probe(['SCARD', key]);
    sizes.push({ size: Number(card.redis.text ?? '0'), encoding: await redisEncoding(probe, key) });
  }
  const smallest = Math.min(...sizes.map((entry) => entry.size));
  if (sizes.filter((entry) => entry.size === smallest).every((entry) => entry.encoding === 'intset')) {
    return 'the replies differ (the smallest set is an intset)';
  }
  return sameMultiset(groups(redis, 1), groups(restis, 1)) ? undefined : 'the elements differ (order ignored)';
};

/**
 * SRANDMEMBER: the same count on both servers, members of the set, distinct for a positive
 * count, and exact bytes when Redis answers a whole intset.
 */
const srandmemberReply: ReplyRule = async (replies, argv, probe) => {
  if (sameBytes(replies) === undefined) return undefined;
  const { redis, restis } = replies;
  if (redis.kind !== restis.kind || redis.kind === '-') return 'the replies differ';
  const set = await agreedSet(probe, argv[1]!);
  if (typeof set === 'string') return set;
  if (argv.length === 2) {
    if (redis.text === null || restis.text === null) return 'the replies differ';
    return set.has(restis.raw) ? undefined : `restis picked ${quoteArgument(restis.text)}, which is not a member`;
  }
  const count = BigInt(argv[2]!);
  const expected = count < 0n ? Number(-count) : Math.min(Number(count), set.size);
  const picked = groups(restis, 1);
  if (picked.length !== expected || groups(redis, 1).length !== expected) return `expected ${expected} members, got ${picked.length}`;
  for (const item of picked) if (!set.has(item)) return `restis picked ${quoteArgument(item)}, which is not a member`;
  if (count > 0n && new Set(picked).size !== picked.length) return 'restis repeated a member for a positive count';
  if (count >= BigInt(set.size) && (await redisEncoding(probe, argv[1]!)) === 'intset') return 'the replies differ (a whole intset comes in order)';
  return undefined;
};

/**
 * SPOP: both servers popped as many distinct members, and each server's popped and remaining
 * members together make the same set. Then both are given Redis's remainder (same TTL), so the
 * sequence goes on from equal keyspaces.
 */
const spopReply: ReplyRule = async (replies, argv, probe) => {
  const { redis, restis } = replies;
  if (redis.kind === '-' || restis.kind === '-' || redis.kind !== restis.kind) return sameBytes(replies);
  const key = argv[1]!;
  const single = argv.length === 2;
  if (single && (redis.text === null || restis.text === null)) return sameBytes(replies);
  const popped = (reply: RespReply): string[] => (single ? [reply.raw] : groups(reply, 1));
  const redisPopped = popped(redis);
  const restisPopped = popped(restis);
  const remainder = await probe(['SMEMBERS', key]);
  const redisLeft = groups(remainder.redis, 1);
  const restisLeft = groups(remainder.restis, 1);
  if (redisPopped.length !== restisPopped.length) return `popped ${restisPopped.length} members, redis ${redisPopped.length}`;
  if (new Set(restisPopped).size !== restisPopped.length) return 'restis popped a member twice';
  if (!sameMultiset([...redisPopped, ...redisLeft], [...restisPopped, ...restisLeft])) return 'popped and remaining members do not add up to the same set';
  if (redisLeft.length === 0 && !single && sameBytes(replies) !== undefined) {
    // Popping everything answers the whole set, in order when it is intset-capable.
    if (intsetCapable(texts(redis))) return 'the replies differ (popping a whole integer set answers it in order)';
    if (!sameMultiset(redisPopped, restisPopped)) return 'the popped sets differ';
  }
  if (sameMultiset(redisLeft, restisLeft)) return undefined;
  const deadline = await probe(['PEXPIRETIME', key]);
  await probe(['DEL', key]);
  await probe(['SADD', key, ...texts(remainder.redis)]);
  const expireAt = Number(deadline.redis.text ?? '-1');
  if (expireAt > 0) await probe(['PEXPIREAT', key, String(expireAt)]);
  return undefined;
};

const sscanReply = collectionScanReply('intset', 1, agreedSet);

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

export const SET_COMMANDS: readonly CommandEntry[] = [
  { name: 'SADD', weight: 10, build: (d) => ['SADD', d.key(), ...members(d, 1, 5)] },
  { name: 'SREM', weight: 4, build: (d) => ['SREM', d.key(), ...members(d, 1, 3)] },
  { name: 'SCARD', weight: 1.5, build: (d) => ['SCARD', d.key()] },
  { name: 'SISMEMBER', weight: 2, build: (d) => ['SISMEMBER', d.key(), member(d)] },
  { name: 'SMISMEMBER', weight: 1.5, build: (d) => ['SMISMEMBER', d.key(), ...members(d, 1, 4)] },
  { name: 'SMEMBERS', weight: 4, build: (d) => ['SMEMBERS', d.key()], rule: wholeCollectionReply('intset', 1) },
  {
    name: 'SRANDMEMBER', weight: 2.5, rule: srandmemberReply,
    build: (d) => (d.chance(0.3) ? ['SRANDMEMBER', d.key()] : ['SRANDMEMBER', d.key(), d.arg(COUNTS)]),
  },
  {
    name: 'SPOP', weight: 2.5, rule: spopReply,
    build: (d) => (d.chance(0.4) ? ['SPOP', d.key()] : ['SPOP', d.key(), d.arg(POP_COUNTS)]),
  },
  { name: 'SMOVE', weight: 2.5, build: (d) => ['SMOVE', d.key(), d.key(), member(d)] },
  { name: 'SINTER', weight: 2, build: (d) => ['SINTER', ...d.keys(1, 3)], rule: sinterReply },
  {
    name: 'SINTERCARD', weight: 1.5,
    build: (d) => {
      const keys = d.keys(1, 3);
      const numkeys = d.chance(0.9) ? String(keys.length) : d.pick(['0', '-1', 'x', String(keys.length + 1)]);
      return ['SINTERCARD', numkeys, ...keys, ...options(d, [{ chance: 0.5, choices: [['LIMIT', d.pick(['0', '1', '2', '-1', 'x'])]] }])];
    },
  },
  { name: 'SINTERSTORE', weight: 1.5, build: (d) => ['SINTERSTORE', d.key(), ...d.keys(1, 3)] },
  { name: 'SUNION', weight: 2, build: (d) => ['SUNION', ...d.keys(1, 3)], rule: builtResultReply('SUNIONSTORE') },
  { name: 'SUNIONSTORE', weight: 1.5, build: (d) => ['SUNIONSTORE', d.key(), ...d.keys(1, 3)] },
  { name: 'SDIFF', weight: 2, build: (d) => ['SDIFF', ...d.keys(1, 3)], rule: builtResultReply('SDIFFSTORE') },
  { name: 'SDIFFSTORE', weight: 1.5, build: (d) => ['SDIFFSTORE', d.key(), ...d.keys(1, 3)] },
  { name: 'SSCAN', weight: 2, rule: sscanReply, build: (d) => ['SSCAN', d.key(), d.arg(SCAN_CURSORS), ...options(d, scanOptions(d))] },
  ...supporting(),
];

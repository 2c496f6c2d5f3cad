/**
 * The random differential tables for sorted set commands, in two phases:
 *
 * - ZSET_COMMANDS, against servers with the default limits and a member alphabet too small to
 *   leave the listpack encoding: every reply is deterministic there, even lex ranges over mixed
 *   scores (Redis scans a listpack in order), so almost everything is compared byte for byte.
 * - ZSET_SKIPLIST_COMMANDS, against servers with tiny listpack limits (ZSET_SKIPLIST_CONFIG), so
 *   sets keep crossing into the skiplist encoding. Lex ranges are left out there: over mixed
 *   scores a real skiplist's answer depends on its random node levels.
 *
 * ZRANDMEMBER and ZSCAN (over a skiplist) have rules that check what can be checked.
 */
import type { RespReply } from '../helpers/resp-reply.js';
import {
  KEY_NAMES, KEYSPACE_COMMANDS, STRING_COMMANDS, options, quoteArgument,
  type ArgumentPool, type CommandEntry, type Draw, type OptionGroup, type Probe, type ReplyRule,
} from './random-commands.js';
import { redisEncoding, sameBytes, sameMultiset } from './random-collection-rules.js';

export const ZSET_SKIPLIST_CONFIG: Array<[string, string]> = [['zset-max-listpack-entries', '4'], ['zset-max-listpack-value', '6']];

const MEMBERS: readonly string[] = ['a', 'b', 'c', 'd', 'e', 'aa', 'ab', '', '\x00', 'b\xff', 'x y', '1'];
/** Longer than the skiplist phase's 6-byte limit, shorter than the default 64. */
const LONG_MEMBERS: readonly string[] = ['member-long', 'another:member'];

const SCORES: ArgumentPool = {
  usual: ['0', '0', '0', '1', '1', '2', '3', '-1', '2.5', '0.1', '-0', '10', '1e3', 'inf', '-inf', '-2.25', '1099511627777'],
  odd: ['nan', 'x', '', ' 1', '1 ', '1e400', '0x10', '(1', '+inf'],
};

const SCORE_BOUNDS: ArgumentPool = {
  usual: ['-inf', '+inf', '0', '1', '2', '3', '(0', '(1', '(2', '-1', '2.5', '(2.5', '10', '(inf', '(-inf', '-0', ''],
  odd: ['x', 'nan', '[1', '(', ' 1', '1 ', '(x'],
};

const LEX_BOUNDS: ArgumentPool = {
  usual: ['-', '+', '[a', '(a', '[b', '(b', '[c', '(ab', '[aa', '[', '(', '[\x00', '(d', '[e', '[z'],
  odd: ['a', '', '+a', '-x', '{a'],
};

const RANKS: ArgumentPool = {
  usual: ['0', '1', '2', '-1', '-2', '-3', '3', '5', '10', '-10', '100'],
  odd: ['x', '1.5', '', '9223372036854775807', '-9223372036854775808', '9223372036854775808'],
};

const LIMIT_NUMBERS: ArgumentPool = { usual: ['0', '1', '2', '3', '-1', '5', '10'], odd: ['-2', 'x', '', '9223372036854775807'] };
const POP_COUNTS: ArgumentPool = { usual: ['0', '1', '1', '2', '3', '10'], odd: ['-1', 'x', '', '9223372036854775807'] };
const RAND_COUNTS: ArgumentPool = {
  usual: ['0', '1', '2', '3', '5', '20', '-1', '-2', '-5'],
  odd: ['x', '', '-9223372036854775808', '9223372036854775807', '4611686018427387904'],
};
const WEIGHTS: ArgumentPool = { usual: ['1', '2', '0', '-1', '0.5', 'inf', '-inf'], odd: ['x', 'nan', ''] };
const SCAN_CURSORS: ArgumentPool = { usual: ['0', '0', '0', '1', '7'], odd: ['x', '-1', '', '18446744073709551616'] };
const SCAN_PATTERNS: readonly string[] = ['*', 'a*', '?', '[a-c]', '\x00*', '*b*', 'nomatch', ''];

/** Sorted sets mostly, one plain set and one string for SET inputs and WRONGTYPE. */
const ZSET_KEYS: readonly string[] = ['z1', 'z2', 'z3', '\x00z\xff', 's1', 'str'];

function key(draw: Draw): string {
  return draw.pick(ZSET_KEYS);
}

function keys(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => key(draw));
}

function member(draw: Draw, long: boolean): string {
  return long && draw.chance(0.08) ? draw.pick(LONG_MEMBERS) : draw.pick(MEMBERS);
}

function pairs(draw: Draw, long: boolean, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => [draw.arg(SCORES, 0.05), member(draw, long)]).flat();
}

const zaddOptions: OptionGroup[] = [
  { chance: 0.25, choices: [['NX'], ['XX']] },
  { chance: 0.2, choices: [['GT'], ['LT']] },
  { chance: 0.25, choices: [['CH']] },
  { chance: 0.15, choices: [['INCR']] },
];

const rangeOptions = (d: Draw, withScores: boolean): OptionGroup[] => [
  { chance: withScores ? 0.4 : 0, choices: [['WITHSCORES']] },
  { chance: 0.35, choices: [['LIMIT', d.arg(LIMIT_NUMBERS), d.arg(LIMIT_NUMBERS)]] },
];

const zrangeOptions = (d: Draw, lex: boolean, store: boolean): OptionGroup[] => [
  { chance: 0.6, choices: lex ? [['BYSCORE'], ['BYLEX']] : [['BYSCORE']] },
  { chance: 0.35, choices: [['REV']] },
  { chance: 0.3, choices: [['LIMIT', d.arg(LIMIT_NUMBERS), d.arg(LIMIT_NUMBERS)]] },
  { chance: store ? 0 : 0.4, choices: [['WITHSCORES']] },
];

/** Bounds for ZRANGE: by rank, score or lex, picked to fit the options most of the time. */
function zrangeBounds(d: Draw, words: readonly string[], lex: boolean): string[] {
  const upper = words.map((word) => word.toUpperCase());
  const pool = upper.includes('BYLEX') && lex ? LEX_BOUNDS : upper.includes('BYSCORE') ? SCORE_BOUNDS : RANKS;
  return [d.arg(pool), d.arg(pool)];
}

function algebraOptions(d: Draw, numkeys: number, withScores: boolean): OptionGroup[] {
  return [
    { chance: 0.35, choices: [['WEIGHTS', ...Array.from({ length: numkeys }, () => d.arg(WEIGHTS, 0.05))]] },
    { chance: 0.35, choices: [['AGGREGATE', d.pick(['SUM', 'MIN', 'MAX', 'sum', 'avg'])]] },
    { chance: withScores ? 0.5 : 0, choices: [['WITHSCORES']] },
  ];
}

function numkeysAndKeys(d: Draw): string[] {
  const chosen = keys(d, 1, 3);
  const numkeys = d.chance(0.92) ? String(chosen.length) : d.pick(['0', '-1', 'x', String(chosen.length + 1)]);
  return [numkeys, ...chosen];
}

// ---------------------------------------------------------------------------------------------
// Rules

/** A protocol-neutral text of a scalar reply (a RESP3 double reads as its digits). */
function scalar(reply: RespReply): string {
  return reply.text ?? '';
}

/** member -> score text of a sorted set, read with ZRANGE WITHSCORES from both servers, which must agree. */
async function agreedZset(probe: Probe, key: string): Promise<Map<string, string> | string> {
  const read = await probe(['ZRANGE', key, '0', '-1', 'WITHSCORES']);
  if (read.redis.raw !== read.restis.raw) return `the servers hold different sorted sets at ${quoteArgument(key)}`;
  const contents = new Map<string, string>();
  if (read.redis.kind === '-') return contents;
  const flat = (read.redis.items ?? []).flatMap((item) => (item.items ? item.items : [item]));
  for (let i = 0; i + 1 < flat.length; i += 2) contents.set(scalar(flat[i]!), scalar(flat[i + 1]!));
  return contents;
}

/** [member, score?] picks of ZRANDMEMBER from a reply in either protocol. */
function picks(reply: RespReply, withScores: boolean): Array<[string, string | undefined]> {
  const items = reply.items ?? [];
  if (!withScores) return items.map((item) => [scalar(item), undefined]);
  const flat = items.flatMap((item) => (item.items ? item.items : [item]));
  const out: Array<[string, string | undefined]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([scalar(flat[i]!), scalar(flat[i + 1]!)]);
  return out;
}

/**
 * ZRANDMEMBER: the same count and shape, members of the set (with their scores), distinct for a
 * positive count. A count that covers the whole set is deterministic (the set, highest first).
 */
const zrandmemberReply: ReplyRule = async (replies, argv, probe) => {
  if (sameBytes(replies) === undefined) return undefined;
  const { redis, restis } = replies;
  if (redis.kind !== restis.kind || redis.kind === '-' || redis.kind === '_') return 'the replies differ';
  const contents = await agreedZset(probe, argv[1]!);
  if (typeof contents === 'string') return contents;
  if (argv.length === 2) {
    if (redis.text === null || restis.text === null) return 'the replies differ';
    return contents.has(restis.text) ? undefined : `restis picked ${quoteArgument(restis.text)}, which is not a member`;
  }
  const count = BigInt(argv[2]!);
  const withScores = argv.length === 4;
  if (count > 0n && count >= BigInt(contents.size)) return 'the replies differ (a count covering the set answers it whole, in order)';
  const restisPicks = picks(restis, withScores);
  const expected = count < 0n ? Number(-count) : Math.min(Number(count), contents.size);
  if (restisPicks.length !== expected || picks(redis, withScores).length !== expected) return `expected ${expected} picks, got ${restisPicks.length}`;
  if (restis.items?.length !== redis.items?.length) return 'the reply shapes differ';
  for (const [pickedMember, pickedScore] of restisPicks) {
    if (!contents.has(pickedMember)) return `restis picked ${quoteArgument(pickedMember)}, which is not a member`;
    if (pickedScore !== undefined && contents.get(pickedMember) !== pickedScore) return `restis answered score ${pickedScore} for ${quoteArgument(pickedMember)}`;
  }
  if (count > 0n && new Set(restisPicks.map(([m]) => m)).size !== restisPicks.length) return 'restis repeated a member for a positive count';
  return undefined;
};

/**
 * ZSCAN: a listpack is answered whole (exact); over a skiplist every member-score pair answered
 * must be in the set, and a scan that finished in one call from cursor 0 must have seen all.
 */
const zscanReply: ReplyRule = async (replies, argv, probe) => {
  if (sameBytes(replies) === undefined) return undefined;
  const { redis, restis } = replies;
  if (redis.kind !== '*' || restis.kind !== '*' || redis.items?.length !== 2 || restis.items?.length !== 2) return 'the replies differ';
  const key = argv[1]!;
  if ((await redisEncoding(probe, key)) !== 'skiplist') return 'the replies differ (a listpack scan is deterministic)';
  const contents = await agreedZset(probe, key);
  if (typeof contents === 'string') return contents;
  const pairsOf = (reply: RespReply): string[] => {
    const items = reply.items![1]!.items ?? [];
    const out: string[] = [];
    for (let i = 0; i + 1 < items.length; i += 2) out.push(`${scalar(items[i]!)}\n${scalar(items[i + 1]!)}`);
    return out;
  };
  const known = new Set([...contents].map(([m, s]) => `${m}\n${s}`));
  const restisPairs = pairsOf(restis);
  for (const pair of restisPairs) if (!known.has(pair)) return `restis answered ${quoteArgument(pair)}, which the set does not hold`;
  if (new Set(restisPairs).size !== restisPairs.length) return 'restis answered a member twice in one call';
  const finished = argv[2] === '0' && redis.items[0]!.text === '0' && restis.items[0]!.text === '0';
  if (finished && !sameMultiset(pairsOf(redis), restisPairs)) return 'complete scans from cursor 0 differ (order ignored)';
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// Tables

const SUPPORTING_WEIGHTS = new Map<string, number>([
  ['SET', 0.4], ['DEL', 3], ['EXISTS', 0.3], ['TYPE', 0.4], ['RENAME', 0.8], ['COPY', 0.8],
  ['EXPIRE', 0.4], ['TTL', 0.3], ['PERSIST', 0.3], ['OBJECT ENCODING', 2], ['DBSIZE', 0.2], ['MOVE', 0.4], ['SELECT', 0.2],
]);

/** Supporting commands, on this table's keys. */
function supporting(): CommandEntry[] {
  return [...STRING_COMMANDS, ...KEYSPACE_COMMANDS]
    .filter((entry) => SUPPORTING_WEIGHTS.has(entry.name))
    .map((entry) => ({
      ...entry,
      weight: SUPPORTING_WEIGHTS.get(entry.name)!,
      build: (d: Draw) => entry.build(d).map((word, index) => (index > 0 && KEY_NAMES.includes(word) ? key(d) : word)),
    }));
}

function table(lex: boolean): CommandEntry[] {
  const long = !lex;
  const entries: CommandEntry[] = [
    { name: 'ZADD', weight: 12, build: (d) => ['ZADD', key(d), ...options(d, zaddOptions), ...pairs(d, long, 1, 4)] },
    { name: 'ZINCRBY', weight: 3, build: (d) => ['ZINCRBY', key(d), d.arg(SCORES), member(d, long)] },
    { name: 'ZREM', weight: 3, build: (d) => ['ZREM', key(d), ...Array.from({ length: d.between(1, 3) }, () => member(d, long))] },
    { name: 'SADD', weight: 1, build: (d) => ['SADD', 's1', ...Array.from({ length: d.between(1, 3) }, () => member(d, long))] },
    { name: 'ZCARD', weight: 1, build: (d) => ['ZCARD', key(d)] },
    { name: 'ZSCORE', weight: 2, build: (d) => ['ZSCORE', key(d), member(d, long)] },
    { name: 'ZMSCORE', weight: 1.5, build: (d) => ['ZMSCORE', key(d), ...Array.from({ length: d.between(1, 3) }, () => member(d, long))] },
    { name: 'ZRANK', weight: 1.5, build: (d) => ['ZRANK', key(d), member(d, long)] },
    { name: 'ZREVRANK', weight: 1, build: (d) => ['ZREVRANK', key(d), member(d, long)] },
    { name: 'ZCOUNT', weight: 1.5, build: (d) => ['ZCOUNT', key(d), d.arg(SCORE_BOUNDS), d.arg(SCORE_BOUNDS)] },
    {
      name: 'ZRANGE', weight: 5,
      build: (d) => {
        const words = options(d, zrangeOptions(d, lex, false));
        return ['ZRANGE', key(d), ...zrangeBounds(d, words, lex), ...words];
      },
    },
    {
      name: 'ZRANGESTORE', weight: 2,
      build: (d) => {
        const words = options(d, zrangeOptions(d, lex, true));
        return ['ZRANGESTORE', key(d), key(d), ...zrangeBounds(d, words, lex), ...words];
      },
    },
    { name: 'ZREVRANGE', weight: 1.5, build: (d) => ['ZREVRANGE', key(d), d.arg(RANKS), d.arg(RANKS), ...options(d, [{ chance: 0.5, choices: [['WITHSCORES']] }])] },
    { name: 'ZRANGEBYSCORE', weight: 2, build: (d) => ['ZRANGEBYSCORE', key(d), d.arg(SCORE_BOUNDS), d.arg(SCORE_BOUNDS), ...options(d, rangeOptions(d, true))] },
    { name: 'ZREVRANGEBYSCORE', weight: 1.5, build: (d) => ['ZREVRANGEBYSCORE', key(d), d.arg(SCORE_BOUNDS), d.arg(SCORE_BOUNDS), ...options(d, rangeOptions(d, true))] },
    { name: 'ZREMRANGEBYRANK', weight: 1, build: (d) => ['ZREMRANGEBYRANK', key(d), d.arg(RANKS), d.arg(RANKS)] },
    { name: 'ZREMRANGEBYSCORE', weight: 1, build: (d) => ['ZREMRANGEBYSCORE', key(d), d.arg(SCORE_BOUNDS), d.arg(SCORE_BOUNDS)] },
    { name: 'ZPOPMIN', weight: 1.5, build: (d) => (d.chance(0.4) ? ['ZPOPMIN', key(d)] : ['ZPOPMIN', key(d), d.arg(POP_COUNTS)]) },
    { name: 'ZPOPMAX', weight: 1.5, build: (d) => (d.chance(0.4) ? ['ZPOPMAX', key(d)] : ['ZPOPMAX', key(d), d.arg(POP_COUNTS)]) },
    {
      name: 'ZMPOP', weight: 1.5,
      build: (d) => ['ZMPOP', ...numkeysAndKeys(d), d.pick(['MIN', 'MAX', 'min', 'foo']), ...options(d, [{ chance: 0.5, choices: [['COUNT', d.arg(POP_COUNTS)]] }])],
    },
    {
      name: 'BZPOPMIN', weight: 0.4,
      build: (d) => ['BZPOPMIN', ...keys(d, 1, 2), d.pick(['0.01', '0.001', 'x', '-1'])],
    },
    {
      name: 'BZMPOP', weight: 0.4,
      build: (d) => ['BZMPOP', d.pick(['0.01', 'x']), ...numkeysAndKeys(d), d.pick(['MIN', 'MAX']), ...options(d, [{ chance: 0.5, choices: [['COUNT', d.arg(POP_COUNTS)]] }])],
    },
    {
      name: 'ZRANDMEMBER', weight: 2, rule: zrandmemberReply,
      build: (d) => {
        if (d.chance(0.3)) return ['ZRANDMEMBER', key(d)];
        return ['ZRANDMEMBER', key(d), d.arg(RAND_COUNTS), ...options(d, [{ chance: 0.5, choices: [['WITHSCORES']] }])];
      },
    },
    ...(['ZUNION', 'ZINTER', 'ZDIFF'] as const).map((name): CommandEntry => ({
      name, weight: 2,
      build: (d) => {
        const words = numkeysAndKeys(d);
        return [name, ...words, ...options(d, algebraOptions(d, words.length - 1, true))];
      },
    })),
    ...(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE'] as const).map((name): CommandEntry => ({
      name, weight: 1.5,
      build: (d) => {
        const words = numkeysAndKeys(d);
        return [name, key(d), ...words, ...options(d, algebraOptions(d, words.length - 1, false))];
      },
    })),
    {
      name: 'ZINTERCARD', weight: 1,
      build: (d) => ['ZINTERCARD', ...numkeysAndKeys(d), ...options(d, [{ chance: 0.5, choices: [['LIMIT', d.arg(LIMIT_NUMBERS)]] }])],
    },
    {
      name: 'ZSCAN', weight: 1.5, rule: zscanReply,
      build: (d) => ['ZSCAN', key(d), d.arg(SCAN_CURSORS), ...options(d, [
        { chance: 0.4, choices: [['MATCH', d.pick(SCAN_PATTERNS)]] },
        { chance: 0.5, choices: [['COUNT', d.pick(['1', '2', '5', '100', '100', '0', 'x'])]] },
      ])],
    },
    ...supporting(),
  ];
  if (lex) {
    entries.push(
      { name: 'ZLEXCOUNT', weight: 1.5, build: (d) => ['ZLEXCOUNT', key(d), d.arg(LEX_BOUNDS), d.arg(LEX_BOUNDS)] },
      { name: 'ZRANGEBYLEX', weight: 2, build: (d) => ['ZRANGEBYLEX', key(d), d.arg(LEX_BOUNDS), d.arg(LEX_BOUNDS), ...options(d, rangeOptions(d, false))] },
      { name: 'ZREVRANGEBYLEX', weight: 1.5, build: (d) => ['ZREVRANGEBYLEX', key(d), d.arg(LEX_BOUNDS), d.arg(LEX_BOUNDS), ...options(d, rangeOptions(d, false))] },
      { name: 'ZREMRANGEBYLEX', weight: 1, build: (d) => ['ZREMRANGEBYLEX', key(d), d.arg(LEX_BOUNDS), d.arg(LEX_BOUNDS)] },
    );
  }
  return entries;
}

/** Listpack phase: default limits, every command including lex ranges. */
export const ZSET_COMMANDS: readonly CommandEntry[] = table(true);
/** Skiplist phase (ZSET_SKIPLIST_CONFIG): long members and tiny limits, no lex ranges. */
export const ZSET_SKIPLIST_COMMANDS: readonly CommandEntry[] = table(false);

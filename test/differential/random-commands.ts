/**
 * Random command sequences for the randomised differential tests: a small keyspace, a small value
 * alphabet, tables of command entries that build plausible (and sometimes invalid) argument lists,
 * per-command rules for comparing the two replies, and a runner that drives redis-server and Restis
 * side by side. A new command family is a new table of entries; nothing else changes.
 */
import { RawClient } from '../helpers/raw-client.js';
import type { RespReply } from '../helpers/resp-reply.js';
import type { SeededRandom } from '../helpers/seeded-random.js';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Few keys, so commands keep meeting each other's data. */
export const KEY_NAMES: readonly string[] = [
  'a', 'b', 'n', '\x00\xff k',
  'tenant:1:session', 'tenant:1:hits', 'tenant:2:session', 'tenant:2:hits',
];

export const KEY_PATTERNS: readonly string[] = [
  '*', '*', 'tenant:1:*', 'tenant:*:hits', 'tenant:[12]:s*', 'tenant:?:*', '?', '[a-b]', '[^a]', '\x00*',
  '*k', '*\\*', 'nomatch*', '', '[', 'a\\', '*[', '[!a]', 'T*', '*:*:*',
];

/** Arguments of one kind: mostly the usual ones, sometimes an odd one (an edge case or an error). */
export interface ArgumentPool {
  usual: readonly string[];
  odd: readonly string[];
}

/** Stored values that read as numbers, so counters meet counters. */
export const NUMBER_VALUES: readonly string[] = [
  '0', '1', '-1', '42', '9999', '10000', '-10000', '9223372036854775807', '-9223372036854775808',
  '9223372036854775806', '3.14', '-0.5', '1e3', '1.0', '0.1', '10.5', '5e-324',
];

export const TEXT_VALUES: readonly string[] = [
  '', 'x', 'hello', 'hello world', 'a\x00b', '\x00\xff k', '\r\n', 'tenant:1:session',
  '007', '-0', '+1', ' 1', '1 ', '9223372036854775808', '-9223372036854775809', '12345678901234567890',
  'inf', '-inf', 'nan', '0x10', 'a'.repeat(44), 'b'.repeat(45),
];

/** Arguments of INCRBY and DECRBY. */
export const INTEGER_ARGUMENTS: ArgumentPool = {
  usual: ['0', '1', '-1', '2', '100', '-100', '9999', '9223372036854775807', '-9223372036854775808', '9223372036854775806', '-9223372036854775807'],
  odd: ['9223372036854775808', '-9223372036854775809', '1.5', 'abc', '', ' 1', '01', '+5', '-0'],
};

/** Arguments of INCRBYFLOAT. */
export const FLOAT_ARGUMENTS: ArgumentPool = {
  usual: ['0', '1', '-1', '0.1', '-1.5', '2.5e3', '1e308', '-1e308', '1.7976931348623157e308', '5e-324', '1e-300', '3', '10.50', '9223372036854775807'],
  odd: ['inf', '-inf', 'nan', 'abc', '', ' 1.5', '1.5 ', '0x10', '1e400'],
};

/** Start/end arguments of GETRANGE and SUBSTR. */
export const RANGE_INDEXES: ArgumentPool = {
  usual: ['-100', '-10', '-2', '-1', '0', '0', '1', '2', '3', '5', '10', '100', '9223372036854775807', '-9223372036854775808'],
  odd: ['x', '1.5', '', '9223372036854775808'],
};

/**
 * SETRANGE offsets. Never a valid offset near the 512 MB limit: both servers would allocate it.
 * 536870912 is an error with a non-empty value and harmless with an empty one.
 */
export const SETRANGE_OFFSETS: ArgumentPool = {
  usual: ['0', '0', '1', '3', '5', '10', '64', '100'],
  odd: ['-1', '536870912', '9223372036854775807', 'x', ''],
};

/** Database arguments: the test keeps to databases 0 and 1; the rest are errors. */
export const DB_INDEXES: ArgumentPool = { usual: ['0', '1'], odd: ['16', '-1', 'x', ''] };

/**
 * Stray arguments for "bad option" cases. Never a valid small integer: after an option cut short
 * (SET k v PX) it would become a deadline 1 ms away, and the servers would race against it.
 */
export const JUNK_ARGUMENTS: readonly string[] = ['junk', 'EX', 'NX', '1.5', '', '\x00'];

// ---------------------------------------------------------------------------------------------
// Time arguments
//
// Nothing may expire while a run is going, and whenever GT/LT (or a TTL reply) compares two
// deadlines, the outcome must not depend on how many milliseconds passed between two commands.
// So every valid future time is a far-away bucket plus the current step number: a later command's
// deadline in the same bucket is always later by at least 1 s (minus at most 999 ms of sub-second
// noise), and buckets are so far apart that the step (< 1,000,000) and the run time cannot reorder
// them. Absolute times sit half a bucket gap past the relative ones of their bucket.

const FUTURE_BUCKETS_SECONDS = [10_000_000, 30_000_000, 100_000_000, 1_000_000_000, 1_000_000_000_000];
const ABSOLUTE_OFFSET_SECONDS = 5_000_000;

/** Times already past: EXPIRE-like commands delete the key at once, deterministically. */
const PAST_RELATIVE = ['0', '-1', '-100'];
const PAST_UNIX_SECONDS = ['0', '1', '1000000000', '-1'];
const PAST_UNIX_MS = ['0', '1', '1000000000000', '-1'];
/**
 * Not integers, or at the edges of the 64-bit range: errors for most commands, far but valid
 * deadlines for some (PEXPIREAT 9223372036854775807, PX 9223372036854775, EXPIREAT 9223372036854775).
 */
const EXTREME_TIMES = ['abc', '1.5', '', ' 1', '9223372036854775807', '-9223372036854775808', '9223372036854775', '-9223372036854775'];

/** Which values a time argument may take: EXPIRE-like commands accept the past, SET-like ones reject <= 0. */
export type TimeUse = 'expire' | 'set';
export type TimeUnit = 'seconds' | 'ms' | 'unix-seconds' | 'unix-ms';

// ---------------------------------------------------------------------------------------------
// Drawing

export class Draw {
  /** Commands generated so far in this run (future times grow with it). */
  step = 0;

  constructor(readonly random: SeededRandom, readonly startSeconds: number = Math.floor(Date.now() / 1000)) {}

  chance(probability: number): boolean {
    return this.random.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.random.below(items.length)]!;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.random.below(max - min + 1);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.random.below(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  /** Up to `max` distinct items in random order. */
  subset<T>(items: readonly T[], max: number): T[] {
    return this.shuffle(items).slice(0, this.between(0, Math.min(max, items.length)));
  }

  key(): string {
    return this.pick(KEY_NAMES);
  }

  /** Keys for variadic commands; repeats allowed, as clients send them. */
  keys(min: number, max: number): string[] {
    return Array.from({ length: this.between(min, max) }, () => this.key());
  }

  /** One argument from a pool: an odd one with probability `oddChance`. */
  arg(pool: ArgumentPool, oddChance = 0.12): string {
    return this.pick(this.chance(oddChance) ? pool.odd : pool.usual);
  }

  value(): string {
    const roll = this.random.next();
    if (roll < 0.4) return this.pick(NUMBER_VALUES);
    if (roll < 0.75) return this.pick(TEXT_VALUES);
    const alphabet = 'abc01-. \x00\xff\r\n';
    return Array.from({ length: this.between(0, 8) }, () => alphabet[this.random.below(alphabet.length)]!).join('');
  }

  time(unit: TimeUnit, use: TimeUse): string {
    const roll = this.random.next();
    if (roll < 0.12) return this.pick(EXTREME_TIMES);
    if (roll < 0.27) {
      // SET with a past EXAT/PXAT stores a key that is already expired, which DBSIZE counts until
      // active expiry removes it (timing-dependent): SET-like commands only get the erroneous <= 0.
      if (use === 'set') return this.pick(PAST_RELATIVE);
      if (unit === 'unix-seconds') return this.pick(PAST_UNIX_SECONDS);
      if (unit === 'unix-ms') return this.pick(PAST_UNIX_MS);
      return this.pick(PAST_RELATIVE);
    }
    let seconds = this.pick(FUTURE_BUCKETS_SECONDS) + this.step;
    if (unit === 'unix-seconds' || unit === 'unix-ms') seconds += this.startSeconds + ABSOLUTE_OFFSET_SECONDS;
    return unit === 'seconds' || unit === 'unix-seconds' ? String(seconds) : String(seconds * 1000 + this.random.below(1000));
  }

  /** Writes a name the way some clients do: lower, upper or mixed case. */
  casing(word: string): string {
    const roll = this.random.next();
    if (roll < 0.6) return word.toUpperCase();
    if (roll < 0.85) return word.toLowerCase();
    return [...word].map((char) => (this.chance(0.5) ? char.toUpperCase() : char.toLowerCase())).join('');
  }
}

// ---------------------------------------------------------------------------------------------
// Reply rules

export interface ReplyPair {
  redis: RespReply;
  restis: RespReply;
}

/** Sends one more command to both servers (on the same connections) to look closer at a difference. */
export type Probe = (argv: readonly string[]) => Promise<ReplyPair>;

/** undefined when the replies agree; otherwise why they do not. */
export type Verdict = string | undefined;

export type ReplyRule = (replies: ReplyPair, argv: readonly string[], probe: Probe) => Verdict | Promise<Verdict>;

function exactVerdict({ redis, restis }: ReplyPair): Verdict {
  return redis.raw === restis.raw ? undefined : 'the replies differ';
}

export const exactReply: ReplyRule = (replies) => exactVerdict(replies);

/** Arrays whose order is unspecified (KEYS): compared as sorted lists of elements. */
export const unorderedReply: ReplyRule = (replies) => {
  const { redis, restis } = replies;
  if (redis.items === null || restis.items === null || redis.kind !== restis.kind) return exactVerdict(replies);
  const sorted = (reply: RespReply): string => reply.items!.map((item) => item.raw).sort().join('\n');
  return sorted(redis) === sorted(restis) ? undefined : 'the elements differ (order ignored)';
};

/**
 * Integers that measure time against each server's own clock (TTL, PTTL, EXPIRETIME...): the
 * negative markers (-1 no expiry, -2 no key) must match exactly, real times within `tolerance`.
 * Replies of `exactFrom` or more must match exactly: the generator's relative times never reach
 * that far, so such a deadline came from a literal absolute argument and involves no clock.
 */
export function timeReply(tolerance: number, exactFrom?: bigint): ReplyRule {
  return (replies) => {
    const { redis, restis } = replies;
    if (redis.kind !== ':' || restis.kind !== ':') return exactVerdict(replies);
    const expected = BigInt(redis.text!);
    const actual = BigInt(restis.text!);
    if (expected < 0n || actual < 0n || (exactFrom !== undefined && expected >= exactFrom)) return exactVerdict(replies);
    const difference = expected > actual ? expected - actual : actual - expected;
    return difference <= BigInt(tolerance) ? undefined : `the times differ by more than ${tolerance}`;
  };
}

/**
 * Past this many milliseconds since the epoch a deadline can only come from a literal PEXPIREAT,
 * PXAT, EXPIREAT or EXAT argument: the largest relative time generated is 9223372036854775 ms.
 */
export const LITERAL_DEADLINE_MS = 2n ** 62n;

/** RANDOMKEY: both nil, or both a key; each key returned must exist on both servers. */
export const randomKeyReply: ReplyRule = async (replies, _argv, probe) => {
  const { redis, restis } = replies;
  if (redis.kind !== '$' || restis.kind !== '$' || redis.text === null || restis.text === null) return exactVerdict(replies);
  for (const key of new Set([redis.text, restis.text])) {
    const exists = await probe(['EXISTS', key]);
    if (exists.redis.raw !== ':1\r\n' || exists.restis.raw !== ':1\r\n') {
      return `RANDOMKEY returned ${quoteArgument(key)}, which does not exist on both servers (EXISTS: redis ${exists.redis.raw.trim()}, restis ${exists.restis.raw.trim()})`;
    }
  }
  return undefined;
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A string Redis would store with the int encoding if it went through its usual SET path. */
function looksLikeInt64(text: string | null): boolean {
  if (text === null || text.length > 20 || !/^(0|-?[1-9][0-9]*)$/.test(text)) return false;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX;
}

async function sameStoredValue(probe: Probe, key: string): Promise<string | undefined> {
  const value = await probe(['GET', key]);
  return value.redis.raw === value.restis.raw && value.redis.text !== null ? value.redis.text : undefined;
}

/**
 * OBJECT ENCODING, exact except for one accepted difference: Redis keeps INCRBYFLOAT's result
 * as embstr even when it reads as an integer (and COPY/RENAME/MOVE/SWAPDB carry that object
 * along), while Restis derives the encoding from the content and says int. Every other way of
 * storing an integer-looking string of <= 20 bytes gives int in Redis too, so an integer-looking
 * value reported as embstr by Redis and int by Restis is exactly that situation.
 */
export const objectEncodingReply: ReplyRule = async (replies, argv, probe) => {
  const verdict = exactVerdict(replies);
  if (verdict === undefined || replies.redis.text !== 'embstr' || replies.restis.text !== 'int') return verdict;
  const value = await sameStoredValue(probe, argv[2]!);
  return value !== undefined && looksLikeInt64(value) ? undefined : verdict;
};

/**
 * OBJECT REFCOUNT, exact except for the accepted difference: Redis shares one object per integer
 * 0..9999 (refcount 2147483647) but a COPY of it, or INCRBYFLOAT's result, is a private object
 * (refcount 1); Restis reports every small int as shared.
 */
export const objectRefcountReply: ReplyRule = async (replies, argv, probe) => {
  const verdict = exactVerdict(replies);
  if (verdict === undefined || replies.redis.raw !== ':1\r\n' || replies.restis.raw !== ':2147483647\r\n') return verdict;
  const value = await sameStoredValue(probe, argv[2]!);
  return value !== undefined && looksLikeInt64(value) && Number(value) >= 0 && Number(value) < 10000 ? undefined : verdict;
};

// ---------------------------------------------------------------------------------------------
// Command tables

export interface CommandEntry {
  /** The command (and subcommand) this entry exercises. */
  name: string;
  /** Relative frequency among all entries of the run. */
  weight: number;
  /** The whole argv, command name first. */
  build(draw: Draw): string[];
  /** How the replies are compared; exact bytes when absent. */
  rule?: ReplyRule;
}

/** Mutually exclusive options: at most one of `choices` (each a list of argv words) is used, with probability `chance`. */
export interface OptionGroup {
  chance: number;
  choices: readonly string[][];
}

/**
 * Options for a command: usually at most one choice per group, in random order; with probability
 * `mixChance` any few choices of any groups instead (conflicts, repeats). Sometimes a stray word
 * is slipped in or the last word (maybe an option's value) is dropped.
 */
export function options(draw: Draw, groups: readonly OptionGroup[], mixChance = 0.1): string[] {
  const chosen = draw.chance(mixChance)
    ? draw.subset(groups.flatMap((group) => group.choices), 3)
    : draw.shuffle(groups.filter((group) => draw.chance(group.chance)).map((group) => draw.pick(group.choices)));
  const words = chosen.flat();
  if (draw.chance(0.03)) words.splice(draw.between(0, words.length), 0, draw.pick(['FOO', 'junk', '1.5']));
  if (draw.chance(0.02) && words.length > 0) words.pop();
  return words.map((word) => (/^[A-Z]+$/.test(word) ? draw.casing(word) : word));
}

const setOptions = (d: Draw): OptionGroup[] => [
  { chance: 0.3, choices: [['NX'], ['XX']] },
  { chance: 0.25, choices: [['GET']] },
  {
    chance: 0.5,
    choices: [
      ['EX', d.time('seconds', 'set')], ['PX', d.time('ms', 'set')],
      ['EXAT', d.time('unix-seconds', 'set')], ['PXAT', d.time('unix-ms', 'set')], ['KEEPTTL'],
    ],
  },
];

const getexOptions = (d: Draw): OptionGroup[] => [
  {
    chance: 0.7,
    choices: [
      ['PERSIST'], ['EX', d.time('seconds', 'expire')], ['PX', d.time('ms', 'expire')],
      ['EXAT', d.time('unix-seconds', 'expire')], ['PXAT', d.time('unix-ms', 'expire')],
    ],
  },
];

const EXPIRE_OPTIONS: readonly OptionGroup[] = [{ chance: 0.5, choices: [['NX'], ['XX'], ['GT'], ['LT']] }];

const lcsOptions = (d: Draw): OptionGroup[] => [
  { chance: 0.6, choices: [['LEN'], ['IDX']] },
  { chance: 0.3, choices: [['MINMATCHLEN', d.pick(['0', '1', '2', '4', '-1', 'x'])]] },
  { chance: 0.3, choices: [['WITHMATCHLEN']] },
];

const copyOptions = (d: Draw): OptionGroup[] => [
  { chance: 0.4, choices: [['DB', d.arg(DB_INDEXES)]] },
  { chance: 0.4, choices: [['REPLACE']] },
];

/** Key/value pairs for MSET and MSETNX; sometimes one key short of a pair. */
function pairs(draw: Draw, min: number, max: number): string[] {
  const words = Array.from({ length: draw.between(min, max) }, () => [draw.key(), draw.value()]).flat();
  if (draw.chance(0.05)) words.push(draw.key());
  return words;
}

function expireEntry(name: string, unit: TimeUnit): CommandEntry {
  return { name, weight: 1.5, build: (d) => [name, d.key(), d.time(unit, 'expire'), ...options(d, EXPIRE_OPTIONS)] };
}

export const STRING_COMMANDS: readonly CommandEntry[] = [
  { name: 'GET', weight: 4, build: (d) => ['GET', d.key()] },
  { name: 'SET', weight: 6, build: (d) => ['SET', d.key(), d.value(), ...options(d, setOptions(d))] },
  { name: 'SETNX', weight: 1, build: (d) => ['SETNX', d.key(), d.value()] },
  { name: 'SETEX', weight: 1, build: (d) => ['SETEX', d.key(), d.time('seconds', 'set'), d.value()] },
  { name: 'PSETEX', weight: 1, build: (d) => ['PSETEX', d.key(), d.time('ms', 'set'), d.value()] },
  { name: 'GETSET', weight: 1, build: (d) => ['GETSET', d.key(), d.value()] },
  { name: 'GETDEL', weight: 1, build: (d) => ['GETDEL', d.key()] },
  { name: 'GETEX', weight: 1.5, build: (d) => ['GETEX', d.key(), ...options(d, getexOptions(d))] },
  { name: 'MGET', weight: 1.5, build: (d) => ['MGET', ...d.keys(1, 5)] },
  { name: 'MSET', weight: 1.5, build: (d) => ['MSET', ...pairs(d, 1, 3)] },
  { name: 'MSETNX', weight: 1, build: (d) => ['MSETNX', ...pairs(d, 1, 3)] },
  { name: 'APPEND', weight: 2, build: (d) => ['APPEND', d.key(), d.value()] },
  { name: 'STRLEN', weight: 1, build: (d) => ['STRLEN', d.key()] },
  { name: 'INCR', weight: 2, build: (d) => ['INCR', d.key()] },
  { name: 'DECR', weight: 1, build: (d) => ['DECR', d.key()] },
  { name: 'INCRBY', weight: 2, build: (d) => ['INCRBY', d.key(), d.arg(INTEGER_ARGUMENTS)] },
  { name: 'DECRBY', weight: 1.5, build: (d) => ['DECRBY', d.key(), d.arg(INTEGER_ARGUMENTS)] },
  { name: 'INCRBYFLOAT', weight: 2, build: (d) => ['INCRBYFLOAT', d.key(), d.arg(FLOAT_ARGUMENTS)] },
  { name: 'GETRANGE', weight: 1.5, build: (d) => ['GETRANGE', d.key(), d.arg(RANGE_INDEXES), d.arg(RANGE_INDEXES)] },
  { name: 'SUBSTR', weight: 0.5, build: (d) => ['SUBSTR', d.key(), d.arg(RANGE_INDEXES), d.arg(RANGE_INDEXES)] },
  { name: 'SETRANGE', weight: 1.5, build: (d) => ['SETRANGE', d.key(), d.arg(SETRANGE_OFFSETS), d.value()] },
  { name: 'LCS', weight: 1, build: (d) => ['LCS', d.key(), d.key(), ...options(d, lcsOptions(d))] },
];

export const KEYSPACE_COMMANDS: readonly CommandEntry[] = [
  { name: 'DEL', weight: 2, build: (d) => ['DEL', ...d.keys(1, 4)] },
  { name: 'UNLINK', weight: 1, build: (d) => ['UNLINK', ...d.keys(1, 4)] },
  { name: 'EXISTS', weight: 1.5, build: (d) => ['EXISTS', ...d.keys(1, 4)] },
  { name: 'TOUCH', weight: 0.5, build: (d) => ['TOUCH', ...d.keys(1, 4)] },
  { name: 'TYPE', weight: 1, build: (d) => ['TYPE', d.key()] },
  { name: 'RENAME', weight: 1, build: (d) => ['RENAME', d.key(), d.key()] },
  { name: 'RENAMENX', weight: 1, build: (d) => ['RENAMENX', d.key(), d.key()] },
  expireEntry('EXPIRE', 'seconds'),
  expireEntry('PEXPIRE', 'ms'),
  expireEntry('EXPIREAT', 'unix-seconds'),
  expireEntry('PEXPIREAT', 'unix-ms'),
  { name: 'TTL', weight: 2, build: (d) => ['TTL', d.key()], rule: timeReply(1) },
  { name: 'PTTL', weight: 2, build: (d) => ['PTTL', d.key()], rule: timeReply(1000) },
  { name: 'EXPIRETIME', weight: 1, build: (d) => ['EXPIRETIME', d.key()], rule: timeReply(1, LITERAL_DEADLINE_MS / 1000n) },
  { name: 'PEXPIRETIME', weight: 1, build: (d) => ['PEXPIRETIME', d.key()], rule: timeReply(1000, LITERAL_DEADLINE_MS) },
  { name: 'PERSIST', weight: 1, build: (d) => ['PERSIST', d.key()] },
  { name: 'KEYS', weight: 1.5, build: (d) => ['KEYS', d.pick(KEY_PATTERNS)], rule: unorderedReply },
  { name: 'COPY', weight: 1.5, build: (d) => ['COPY', d.key(), d.key(), ...options(d, copyOptions(d))] },
  { name: 'MOVE', weight: 1, build: (d) => ['MOVE', d.key(), d.arg(DB_INDEXES)] },
  { name: 'SWAPDB', weight: 0.3, build: (d) => ['SWAPDB', ...d.pick([['0', '1'], ['1', '0'], ['0', '0'], ['0', '16'], ['x', '1']])] },
  { name: 'SELECT', weight: 0.6, build: (d) => ['SELECT', d.arg(DB_INDEXES, 0.3)] },
  { name: 'DBSIZE', weight: 1, build: () => ['DBSIZE'] },
  { name: 'FLUSHDB', weight: 0.1, build: (d) => ['FLUSHDB', ...d.pick([[], ['ASYNC'], ['SYNC'], ['bogus']])] },
  { name: 'RANDOMKEY', weight: 1, build: () => ['RANDOMKEY'], rule: randomKeyReply },
  { name: 'OBJECT ENCODING', weight: 1.5, build: (d) => ['OBJECT', d.casing('ENCODING'), d.key()], rule: objectEncodingReply },
  { name: 'OBJECT REFCOUNT', weight: 0.5, build: (d) => ['OBJECT', d.casing('REFCOUNT'), d.key()], rule: objectRefcountReply },
  // IDLETIME and HELP answer differently by design (Restis keeps no access times; its own help text).
  { name: 'OBJECT FREQ', weight: 0.2, build: (d) => ['OBJECT', 'FREQ', d.key()] },
  { name: 'OBJECT bogus', weight: 0.1, build: (d) => ['OBJECT', d.pick(['bogus', 'encodings', '']), d.key()] },
  { name: 'unknown command', weight: 0.1, build: (d) => [d.pick(['NOSUCHCOMMAND', 'GETT', 'x']), ...d.keys(0, 2)] },
];

/** Everything Restis implements today that a random sequence can exercise. */
export const DEFAULT_COMMANDS: readonly CommandEntry[] = [...STRING_COMMANDS, ...KEYSPACE_COMMANDS];

// ---------------------------------------------------------------------------------------------
// Generation

export interface GeneratedCommand {
  /** The entry it came from. */
  name: string;
  argv: string[];
  rule: ReplyRule;
}

export interface GenerateOptions {
  /** How often the argument list is cut short (wrong arity, option without its value). */
  truncate: number;
  /** How often a stray argument is appended. */
  extend: number;
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = { truncate: 0.03, extend: 0.02 };

export function pickEntry(draw: Draw, table: readonly CommandEntry[]): CommandEntry {
  const total = table.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = draw.random.next() * total;
  for (const entry of table) {
    roll -= entry.weight;
    if (roll < 0) return entry;
  }
  return table[table.length - 1]!;
}

/** The next command of a run: depends only on the draw's random state and step, never on replies. */
export function generateCommand(draw: Draw, table: readonly CommandEntry[], settings: GenerateOptions = DEFAULT_GENERATE_OPTIONS): GeneratedCommand {
  draw.step++;
  const entry = pickEntry(draw, table);
  const argv = entry.build(draw);
  argv[0] = draw.casing(argv[0]!);
  if (draw.chance(settings.truncate) && argv.length > 1) argv.length = draw.between(1, argv.length - 1);
  else if (draw.chance(settings.extend)) argv.push(draw.pick(JUNK_ARGUMENTS));
  return { name: entry.name, argv, rule: entry.rule ?? exactReply };
}

// ---------------------------------------------------------------------------------------------
// Showing commands and replies

/** One argument the way redis-cli (and the corpus files) quote it. */
export function quoteArgument(arg: string): string {
  let out = '"';
  for (const char of arg) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else out += `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

export function showCommand(argv: readonly string[]): string {
  return argv.map((arg, index) => (index === 0 && /^[A-Za-z]+$/.test(arg) ? arg : quoteArgument(arg))).join(' ');
}

export function showRaw(raw: string, limit = 300): string {
  return quoteArgument(raw.length > limit ? raw.slice(0, limit) : raw) + (raw.length > limit ? `... (${raw.length} bytes)` : '');
}

// ---------------------------------------------------------------------------------------------
// Running

export interface RandomRunOptions {
  /** Printed in failure messages (RESTIS_SEED=...). */
  seed: number;
  /** The random source of this run; the sequence depends on nothing else. */
  random: SeededRandom;
  protocol: 2 | 3;
  ports: { redis: number; restis: number };
  /** At most this many commands... */
  commands: number;
  /** ...and none started after this time (Date.now() ms). */
  deadline: number;
  table?: readonly CommandEntry[];
  generate?: GenerateOptions;
  /** Databases whose contents are compared once the sequence is done. */
  databases?: readonly string[];
  /** How many earlier commands a failure message lists. */
  historySize?: number;
}

export interface RandomRunResult {
  /** Commands sent to both servers (the failing one included). */
  executed: number;
  /** Replies that were errors (on both servers). */
  errors: number;
  stoppedByTime: boolean;
  /** A complete description of the first difference, if any. */
  failure?: string;
}

interface HistoryItem {
  step: number;
  argv: readonly string[];
  reply: string;
}

async function connectAs(port: number, protocol: 2 | 3): Promise<RawClient> {
  const client = await RawClient.connect(port);
  if (protocol === 3) {
    const hello = await client.call('HELLO', '3');
    if (hello.kind !== '%') throw new Error(`HELLO 3 failed on port ${port}: ${hello.raw}`);
  }
  return client;
}

/**
 * Runs one random sequence against both servers, starting from FLUSHALL, and stops at the first
 * difference. Afterwards the contents of `databases` are compared key by key.
 */
export async function runRandomCommands(options: RandomRunOptions): Promise<RandomRunResult> {
  const table = options.table ?? DEFAULT_COMMANDS;
  const historySize = options.historySize ?? 20;
  const draw = new Draw(options.random);
  const [redis, restis] = await Promise.all([connectAs(options.ports.redis, options.protocol), connectAs(options.ports.restis, options.protocol)]);
  const probe: Probe = async (argv) => {
    const [redisReply, restisReply] = await Promise.all([redis.call(...argv), restis.call(...argv)]);
    return { redis: redisReply, restis: restisReply };
  };
  const history: HistoryItem[] = [];
  const result: RandomRunResult = { executed: 0, errors: 0, stoppedByTime: false };

  const describe = (where: string, argv: readonly string[], replies: ReplyPair, why: string): string => [
    `random differential mismatch: seed ${options.seed} (replay with RESTIS_SEED=${options.seed}), RESP${options.protocol}, ${where}`,
    `  command: ${showCommand(argv)}`,
    `  redis:   ${showRaw(replies.redis.raw)}`,
    `  restis:  ${showRaw(replies.restis.raw)}`,
    `  why:     ${why}`,
    `  the ${history.length} commands before it (with redis's replies):`,
    ...history.map((item) => `    #${item.step} ${showCommand(item.argv)} -> ${showRaw(item.reply, 80)}`),
  ].join('\n');

  try {
    const flushed = await probe(['FLUSHALL']);
    if (flushed.redis.raw !== '+OK\r\n' || flushed.restis.raw !== '+OK\r\n') throw new Error(`FLUSHALL failed: ${flushed.redis.raw} / ${flushed.restis.raw}`);

    for (let step = 1; step <= options.commands; step++) {
      if (Date.now() > options.deadline) {
        result.stoppedByTime = true;
        break;
      }
      const command = generateCommand(draw, table, options.generate);
      const replies = await probe(command.argv);
      result.executed++;
      const why = await command.rule(replies, command.argv, probe);
      if (why !== undefined) {
        result.failure = describe(`step ${step} (${command.name})`, command.argv, replies, why);
        return result;
      }
      if (replies.redis.kind === '-') result.errors++;
      history.push({ step, argv: command.argv, reply: replies.redis.raw });
      if (history.length > historySize) history.shift();
    }

    result.failure = await compareContents(probe, options.databases ?? ['0', '1'], (argv, replies, why) => describe('final comparison of the keyspace', argv, replies, why));
    return result;
  } finally {
    await Promise.all([redis.close(), restis.close()]);
  }
}

type Describe = (argv: readonly string[], replies: ReplyPair, why: string) => string;

/** Compares what each database holds: its keys, and each key's type, string value, TTL and encoding. */
async function compareContents(probe: Probe, databases: readonly string[], describe: Describe): Promise<string | undefined> {
  const check = async (argv: readonly string[], rule: ReplyRule): Promise<{ failure?: string; replies: ReplyPair }> => {
    const replies = await probe(argv);
    const why = await rule(replies, argv, probe);
    return { failure: why === undefined ? undefined : describe(argv, replies, why), replies };
  };
  for (const db of databases) {
    const selected = await check(['SELECT', db], exactReply);
    if (selected.failure) return selected.failure;
    const listed = await check(['KEYS', '*'], unorderedReply);
    if (listed.failure) return listed.failure;
    for (const key of (listed.replies.redis.items ?? []).map((item) => item.text ?? '')) {
      const type = await check(['TYPE', key], exactReply);
      if (type.failure) return type.failure;
      const steps: Array<[string[], ReplyRule]> = [
        [['PTTL', key], timeReply(1000)],
        [['PEXPIRETIME', key], timeReply(1000, LITERAL_DEADLINE_MS)],
        [['OBJECT', 'ENCODING', key], objectEncodingReply],
      ];
      if (type.replies.redis.text === 'string') steps.unshift([['GET', key], exactReply]);
      for (const [argv, rule] of steps) {
        const checked = await check(argv, rule);
        if (checked.failure) return checked.failure;
      }
    }
  }
  return undefined;
}

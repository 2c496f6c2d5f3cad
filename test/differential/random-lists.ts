/**
 * The random differential table for list commands on the shared small keyspace, mixed with a few
 * string and keyspace commands so lists meet other types, TTLs and key moves. Lists have one
 * deterministic order, so every reply is compared byte for byte. The blocking commands only ever
 * get short timeouts (or an invalid one): with one connection per server nothing can wake them,
 * so they either find data at once or time out, the same way on both servers.
 */
import { RawClient } from '../helpers/raw-client.js';
import {
  KEYSPACE_COMMANDS, STRING_COMMANDS, options,
  type ArgumentPool, type CommandEntry, type Draw, type OptionGroup, type ReplyRule,
} from './random-commands.js';

/** Few distinct elements, so LREM, LPOS and LINSERT keep finding their targets. */
const ELEMENTS: readonly string[] = [
  'a', 'b', 'c', 'a', 'b', '1', '2', '-1', '10', '', '\x00', '\x00\xff', 'x y', 'tenant:1', 'z'.repeat(70),
];

const INDEXES: ArgumentPool = {
  usual: ['-100', '-5', '-3', '-2', '-1', '0', '0', '1', '2', '3', '5', '100'],
  odd: ['x', '1.5', '', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-0', '01'],
};

const POP_COUNTS: ArgumentPool = {
  usual: ['0', '1', '1', '2', '3', '5', '10'],
  odd: ['-1', 'x', '1.5', '', '9223372036854775807', '9223372036854775808'],
};

const LREM_COUNTS: ArgumentPool = {
  usual: ['0', '1', '2', '-1', '-2', '5', '-5'],
  odd: ['x', '1.5', '', '-9223372036854775808', '9223372036854775807'],
};

const MPOP_COUNTS: ArgumentPool = { usual: ['1', '2', '3', '10'], odd: ['0', '-1', 'x', '9223372036854775807'] };

/**
 * Timeouts of the blocking commands: short waits or errors, never 0 (that would wait forever)
 * and nothing a rounding difference could turn into a different reply.
 */
const TIMEOUTS: ArgumentPool = { usual: ['0.01', '0.001', '.005'], odd: ['-1', 'abc', '', 'inf', 'nan', '-0.5'] };

const LIST_ENDS: ArgumentPool = { usual: ['LEFT', 'RIGHT'], odd: ['left', 'Right', 'UP', ''] };

function element(draw: Draw): string {
  return draw.pick(ELEMENTS);
}

function elements(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => element(draw));
}

const lposOptions = (d: Draw): OptionGroup[] => [
  { chance: 0.4, choices: [['RANK', d.pick(['1', '2', '3', '-1', '-2', '0', '-9223372036854775808', 'x'])]] },
  { chance: 0.4, choices: [['COUNT', d.pick(['0', '1', '2', '5', '-1', 'x'])]] },
  { chance: 0.3, choices: [['MAXLEN', d.pick(['0', '1', '2', '4', '-1', 'x'])]] },
];

/** `numkeys key ... LEFT|RIGHT [COUNT n]`; sometimes a numkeys that does not match the keys. */
function mpopArguments(d: Draw): string[] {
  const keys = d.keys(1, 3);
  let numkeys = String(keys.length);
  if (d.chance(0.08)) numkeys = d.pick(['0', '-1', 'x', String(keys.length + 1), '9223372036854775807']);
  const words = [numkeys, ...keys, d.arg(LIST_ENDS, 0.08)];
  if (d.chance(0.4)) words.push('COUNT', d.arg(MPOP_COUNTS, 0.1));
  return words;
}

/** MEMORY USAGE, compared exactly for lists only (strings edited in place are another family's business). */
const listMemoryReply: ReplyRule = async (replies, argv, probe) => {
  if (replies.redis.raw === replies.restis.raw) return undefined;
  const type = await probe(['TYPE', argv[2]!]);
  return type.redis.text === 'list' ? 'the replies differ' : undefined;
};

/** Some string and keyspace commands, with weights that keep lists the main type. */
const SUPPORTING_WEIGHTS = new Map<string, number>([
  ['SET', 0.6], ['GET', 0.3], ['DEL', 4], ['EXISTS', 0.5], ['TYPE', 0.5], ['RENAME', 1], ['RENAMENX', 0.4],
  ['COPY', 1], ['EXPIRE', 0.5], ['PEXPIRE', 0.5], ['TTL', 0.4], ['PERSIST', 0.3], ['OBJECT ENCODING', 1],
  ['DBSIZE', 0.3], ['MOVE', 0.5], ['SELECT', 0.3], ['APPEND', 0.3],
]);

function supporting(): CommandEntry[] {
  return [...STRING_COMMANDS, ...KEYSPACE_COMMANDS]
    .filter((entry) => SUPPORTING_WEIGHTS.has(entry.name))
    .map((entry) => ({ ...entry, weight: SUPPORTING_WEIGHTS.get(entry.name)! }));
}

export const LIST_COMMANDS: readonly CommandEntry[] = [
  { name: 'LPUSH', weight: 6, build: (d) => ['LPUSH', d.key(), ...elements(d, 1, 5)] },
  { name: 'RPUSH', weight: 6, build: (d) => ['RPUSH', d.key(), ...elements(d, 1, 5)] },
  { name: 'LPUSHX', weight: 1, build: (d) => ['LPUSHX', d.key(), ...elements(d, 1, 3)] },
  { name: 'RPUSHX', weight: 1, build: (d) => ['RPUSHX', d.key(), ...elements(d, 1, 3)] },
  { name: 'LPOP', weight: 3, build: (d) => ['LPOP', d.key(), ...(d.chance(0.5) ? [d.arg(POP_COUNTS)] : [])] },
  { name: 'RPOP', weight: 3, build: (d) => ['RPOP', d.key(), ...(d.chance(0.5) ? [d.arg(POP_COUNTS)] : [])] },
  { name: 'LLEN', weight: 2, build: (d) => ['LLEN', d.key()] },
  { name: 'LINDEX', weight: 2, build: (d) => ['LINDEX', d.key(), d.arg(INDEXES)] },
  { name: 'LRANGE', weight: 4, build: (d) => ['LRANGE', d.key(), d.arg(INDEXES), d.arg(INDEXES)] },
  {
    name: 'LINSERT', weight: 2,
    build: (d) => ['LINSERT', d.key(), d.pick(['BEFORE', 'AFTER', 'before', 'after', 'MIDDLE']), element(d), element(d)],
  },
  { name: 'LPOS', weight: 2.5, build: (d) => ['LPOS', d.key(), element(d), ...options(d, lposOptions(d))] },
  { name: 'LREM', weight: 2, build: (d) => ['LREM', d.key(), d.arg(LREM_COUNTS), element(d)] },
  { name: 'LSET', weight: 2, build: (d) => ['LSET', d.key(), d.arg(INDEXES), element(d)] },
  { name: 'LTRIM', weight: 1.5, build: (d) => ['LTRIM', d.key(), d.arg(INDEXES), d.arg(INDEXES)] },
  { name: 'LMOVE', weight: 2.5, build: (d) => ['LMOVE', d.key(), d.key(), d.arg(LIST_ENDS), d.arg(LIST_ENDS)] },
  { name: 'RPOPLPUSH', weight: 1, build: (d) => ['RPOPLPUSH', d.key(), d.key()] },
  { name: 'LMPOP', weight: 2, build: (d) => ['LMPOP', ...mpopArguments(d)] },
  { name: 'BLPOP', weight: 1, build: (d) => ['BLPOP', ...d.keys(1, 3), d.arg(TIMEOUTS)] },
  { name: 'BRPOP', weight: 1, build: (d) => ['BRPOP', ...d.keys(1, 3), d.arg(TIMEOUTS)] },
  { name: 'BLMOVE', weight: 1, build: (d) => ['BLMOVE', d.key(), d.key(), d.arg(LIST_ENDS), d.arg(LIST_ENDS), d.arg(TIMEOUTS)] },
  { name: 'BRPOPLPUSH', weight: 0.5, build: (d) => ['BRPOPLPUSH', d.key(), d.key(), d.arg(TIMEOUTS)] },
  { name: 'BLMPOP', weight: 1, build: (d) => ['BLMPOP', d.arg(TIMEOUTS), ...mpopArguments(d)] },
  { name: 'MEMORY USAGE', weight: 0.5, build: (d) => ['MEMORY', 'USAGE', d.key()], rule: listMemoryReply },
  ...supporting(),
];

/** The contents of every list in databases 0 and 1, as LRANGE answers them; undefined when both agree. */
export async function compareLists(ports: { redis: number; restis: number }): Promise<string | undefined> {
  const [redis, restis] = await Promise.all([RawClient.connect(ports.redis), RawClient.connect(ports.restis)]);
  try {
    for (const db of ['0', '1']) {
      await Promise.all([redis.call('SELECT', db), restis.call('SELECT', db)]);
      const keys = (await redis.call('KEYS', '*')).items?.map((item) => item.text ?? '') ?? [];
      for (const key of keys) {
        if ((await redis.call('TYPE', key)).text !== 'list') continue;
        const [expected, actual] = await Promise.all([redis.call('LRANGE', key, '0', '-1'), restis.call('LRANGE', key, '0', '-1')]);
        if (expected.raw !== actual.raw) return `db ${db} list ${JSON.stringify(key)}: redis ${JSON.stringify(expected.raw)}, restis ${JSON.stringify(actual.raw)}`;
      }
    }
    return undefined;
  } finally {
    await Promise.all([redis.close(), restis.close()]);
  }
}

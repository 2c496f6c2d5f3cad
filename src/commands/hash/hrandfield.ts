// https://redis.io/commands/hrandfield/
import { isKeyword, parseInt64 } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX, ERR_VALUE_OUT_OF_RANGE, valueOutOfRange } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { HashValue } from '../../engine/types/hash.js';
import { distinctRandomIndices } from '../../engine/types/random-picks.js';
import { readHash } from './hash-lookup.js';

const LONG_MAX = 9223372036854775807n;
/** With WITHVALUES Redis needs twice the count to fit a long. */
const HALF_LONG_MAX = LONG_MAX / 2n;

/** Pairs are flat in RESP2 and two-element arrays in RESP3. */
function replyPicks(reply: Reply, hash: HashValue, indexes: Iterable<number>, count: number, withValues: boolean): void {
  const nested = withValues && reply.protocol === 3;
  const items = hash.pairs();
  reply.array(withValues && !nested ? count * 2 : count);
  for (const index of indexes) {
    if (nested) reply.array(2);
    reply.bulk(items[index * 2]!);
    if (withValues) reply.bulk(items[index * 2 + 1]!);
  }
}

function* repeatedRandom(hash: HashValue, count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield hash.randomIndex();
}

export const hrandfield = defineCommand({
  name: 'hrandfield', arity: -2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output',
  group: 'hash', since: '6.2.0', complexity: 'O(N) in the fields answered',
  summary: 'Answers random fields of a hash (a negative count allows repeats), optionally with their values.',
  run({ argv, db, reply }) {
    if (argv.length === 2) {
      const hash = readHash(db, argv[1]!, reply);
      if (hash === null) return;
      if (hash === undefined) return reply.nil();
      return reply.bulk(hash.pairs()[hash.randomIndex() * 2]!);
    }
    const exact = parseInt64(argv[2]!);
    if (exact === null) return reply.error(ERR_NOT_INTEGER);
    if (exact < -LONG_MAX) return reply.error(valueOutOfRange(-LONG_MAX, LONG_MAX));
    if (argv.length > 4 || (argv.length === 4 && !isKeyword(argv[3]!, 'withvalues'))) return reply.error(ERR_SYNTAX);
    const withValues = argv.length === 4;
    if (withValues && (exact < -HALF_LONG_MAX || exact > HALF_LONG_MAX)) return reply.error(ERR_VALUE_OUT_OF_RANGE);
    const hash = readHash(db, argv[1]!, reply);
    if (hash === null) return;
    if (hash === undefined || exact === 0n) return reply.array(0);
    const size = hash.size;
    if (exact < 0n) {
      const count = Number(-exact);
      return replyPicks(reply, hash, repeatedRandom(hash, count), count, withValues);
    }
    if (exact >= BigInt(size)) return replyPicks(reply, hash, distinctRandomIndices(size, size), size, withValues);
    const count = Number(exact);
    const picks = distinctRandomIndices(size, count);
    // Redis answers a sample of a listpack in the listpack's order.
    if (hash.isCompact) picks.sort((a, b) => a - b);
    replyPicks(reply, hash, picks, count, withValues);
  },
});

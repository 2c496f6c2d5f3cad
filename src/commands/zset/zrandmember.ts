// https://redis.io/commands/zrandmember/
import { isKeyword, parseInt64 } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX, ERR_VALUE_OUT_OF_RANGE, valueOutOfRange } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { SortedSet } from '../../engine/types/zset.js';
import { distinctRandomIndices } from '../../engine/types/random-picks.js';
import { readZset } from './zset-lookup.js';

const LONG_MAX = 9223372036854775807n;
/** Redis refuses WITHSCORES counts beyond LONG_MAX / 2 (the reply would need twice as many items). */
const HALF_LONG_MAX = LONG_MAX / 2n;

function replyPick(reply: Reply, zset: SortedSet, rank: number, withScores: boolean): void {
  const [member, score] = zset.at(rank);
  if (withScores && reply.protocol === 3) reply.array(2);
  reply.bulk(member);
  if (withScores) reply.double(score);
}

/** The count form: distinct members for a positive count, independent picks for a negative one. */
function replyWithCount(reply: Reply, zset: SortedSet, requested: number, withScores: boolean): void {
  const size = zset.size;
  const distinct = requested >= 0;
  const count = Math.abs(requested);
  const flat = withScores && reply.protocol === 2;
  if (!distinct || count === 1) {
    reply.array(flat ? count * 2 : count);
    for (let i = 0; i < count; i++) replyPick(reply, zset, Math.floor(Math.random() * size), withScores);
    return;
  }
  if (count >= size) {
    // The whole set, highest first: the direction Redis's sorted set iterator walks.
    reply.array(flat ? size * 2 : size);
    const nested = withScores && reply.protocol === 3;
    zset.walk(size - 1, true, (member, score) => {
      if (nested) reply.array(2);
      reply.bulk(member);
      if (withScores) reply.double(score);
      return true;
    });
    return;
  }
  const ranks = distinctRandomIndices(size, count);
  reply.array(flat ? count * 2 : count);
  for (const rank of ranks) replyPick(reply, zset, rank, withScores);
}

export const zrandmember = defineCommand({
  name: 'zrandmember', arity: -2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output',
  group: 'sorted_set', since: '6.2.0', complexity: 'O(N) for N members answered',
  summary: 'Answers random members of a sorted set: distinct ones for a positive count, possibly repeated for a negative one.',
  run({ argv, db, reply }) {
    if (argv.length >= 3) {
      const exact = parseInt64(argv[2]!);
      if (exact === null) return reply.error(ERR_NOT_INTEGER);
      if (exact < -LONG_MAX) return reply.error(valueOutOfRange(-LONG_MAX, LONG_MAX));
      if (argv.length > 4 || (argv.length === 4 && !isKeyword(argv[3]!, 'withscores'))) return reply.error(ERR_SYNTAX);
      const withScores = argv.length === 4;
      if (withScores && (exact < -HALF_LONG_MAX || exact > HALF_LONG_MAX)) return reply.error(ERR_VALUE_OUT_OF_RANGE);
      const count = Number(exact);
      const zset = readZset(db, argv[1]!, reply);
      if (zset === null) return;
      if (zset === undefined || count === 0) return reply.array(0);
      return replyWithCount(reply, zset, count, withScores);
    }
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    if (zset === undefined) return reply.nil();
    reply.bulk(zset.at(Math.floor(Math.random() * zset.size))[0]);
  },
});

// https://redis.io/commands/zadd/ (also ZINCRBY)
import { keywordOf, parseDouble } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_NOT_FLOAT, ERR_SYNTAX, ERR_ZADD_GT_LT_NX, ERR_ZADD_INCR_PAIRS, ERR_ZADD_XX_NX, ERR_ZSET_SCORE_NAN,
} from '../../core/errors.js';
import { SortedSet, ZADD_GT, ZADD_INCR, ZADD_LT, ZADD_NX, ZADD_XX } from '../../engine/types/zset.js';
import { writeZset } from './zset-lookup.js';
import { notifyDb, NOTIFY_ZSET } from '../../pubsub/notifications.js';

const OPTION_BITS: Record<string, number> = { nx: ZADD_NX, xx: ZADD_XX, gt: ZADD_GT, lt: ZADD_LT, incr: ZADD_INCR };
const CH = 32;

/** ZADD's body; ZINCRBY is ZADD with INCR forced. */
function addMembers(ctx: CommandContext, forcedFlags: number): void {
  const { argv, db, reply, server } = ctx;
  let flags = forcedFlags;
  let index = 2;
  for (; index < argv.length; index++) {
    const option = keywordOf(argv[index]!);
    if (option === 'ch') flags |= CH;
    else if (Object.hasOwn(OPTION_BITS, option)) flags |= OPTION_BITS[option]!;
    else break;
  }
  const words = argv.length - index;
  if (words === 0 || words % 2 !== 0) return reply.error(ERR_SYNTAX);
  const pairs = words / 2;
  const has = (bit: number): boolean => (flags & bit) !== 0;
  if (has(ZADD_NX) && has(ZADD_XX)) return reply.error(ERR_ZADD_XX_NX);
  if ((has(ZADD_GT) && has(ZADD_NX)) || (has(ZADD_LT) && has(ZADD_NX)) || (has(ZADD_GT) && has(ZADD_LT))) return reply.error(ERR_ZADD_GT_LT_NX);
  const incr = has(ZADD_INCR);
  if (incr && pairs > 1) return reply.error(ERR_ZADD_INCR_PAIRS);
  const scores: number[] = new Array(pairs);
  for (let i = 0; i < pairs; i++) {
    const score = parseDouble(argv[index + 2 * i]!);
    if (score === null) return reply.error(ERR_NOT_FLOAT);
    scores[i] = score;
  }
  const key = argv[1]!;
  let zset = writeZset(db, key, reply);
  if (zset === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  const result = { score: 0 };
  let nanError = false;
  if (zset !== undefined || !has(ZADD_XX)) {
    if (zset === undefined) {
      zset = new SortedSet();
      db.set(key, zset);
    }
    for (let i = 0; i < pairs; i++) {
      const outcome = zset.add(argv[index + 2 * i + 1]!, scores[i]!, flags, server.encodingLimits, result);
      if (outcome === 'nan') {
        nanError = true;
        break;
      }
      if (outcome === 'added') added++;
      else if (outcome === 'updated') updated++;
      if (outcome !== 'skipped') processed++;
    }
  }
  if (added + updated > 0) {
    db.modified(key, added + updated);
    notifyDb(db, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
    if (added > 0) db.signalReady(key);
  }
  if (nanError) return reply.error(ERR_ZSET_SCORE_NAN);
  if (incr) {
    if (processed > 0) reply.double(result.score);
    else reply.nil();
  } else {
    reply.int(has(CH) ? added + updated : added);
  }
}

export const zadd = defineCommand({
  name: 'zadd', arity: -4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'sorted_set', since: '1.2.0', complexity: 'O(log(N)) per member added',
  summary: 'Adds members with scores to a sorted set, or updates their scores, with NX XX GT LT CH INCR options.',
  run: (ctx) => addMembers(ctx, 0),
});

export const zincrby = defineCommand({
  name: 'zincrby', arity: 4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'sorted_set', since: '1.2.0', complexity: 'O(log(N))',
  summary: 'Adds an increment to the score of a sorted set member (0 when it is new); answers the new score.',
  // Redis runs ZADD's parser on ZINCRBY's arguments too, so `ZINCRBY key nx member` is a syntax error.
  run: (ctx) => addMembers(ctx, ZADD_INCR),
});

// https://redis.io/commands/zremrangebyrank/ (also ZREMRANGEBYSCORE ZREMRANGEBYLEX)
import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NOT_INTEGER, ERR_ZSET_MIN_MAX_NOT_FLOAT, ERR_ZSET_MIN_MAX_NOT_LEX } from '../../core/errors.js';
import type { SortedSet } from '../../engine/types/zset.js';
import { countInScoreRange, lexRemovalSpan, scoreRangeStart } from '../../engine/types/zset-ranges.js';
import { parseLexRange, parseScoreRange } from './range-args.js';
import { writeZset } from './zset-lookup.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_ZSET } from '../../pubsub/notifications.js';

/** Which ranks to remove: [start, start + count). */
type Span = (zset: SortedSet) => { start: number; count: number };

/** Parses the range (errors come before the key is looked up), then removes what it spans. */
function removeRange(ctx: CommandContext, parse: (min: string, max: string) => Span | string): void {
  const { argv, db, reply } = ctx;
  const span = parse(argv[2]!, argv[3]!);
  if (typeof span === 'string') return reply.error(span);
  const key = argv[1]!;
  const zset = writeZset(db, key, reply);
  if (zset === null) return;
  if (zset === undefined) return reply.int(0);
  const { start, count } = span(zset);
  const removed = count > 0 ? zset.removeRange(start, start + count - 1) : 0;
  if (zset.size === 0) db.delete(key);
  if (removed > 0) {
    db.modified(key, removed);
    notifyDb(db, NOTIFY_ZSET, ctx.spec.name, key);
    if (zset.size === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
  }
  reply.int(removed);
}

const byRank = (minText: string, maxText: string): Span | string => {
  const first = parseInteger(minText);
  const last = parseInteger(maxText);
  if (first === null || last === null) return ERR_NOT_INTEGER;
  return (zset) => {
    const length = zset.size;
    let start = first < 0 ? first + length : first;
    let end = last < 0 ? last + length : last;
    if (start < 0) start = 0;
    if (start > end || start >= length) return { start: 0, count: 0 };
    if (end >= length) end = length - 1;
    return { start, count: end - start + 1 };
  };
};

const byScore = (minText: string, maxText: string): Span | string => {
  const range = parseScoreRange(minText, maxText);
  if (range === null) return ERR_ZSET_MIN_MAX_NOT_FLOAT;
  return (zset) => {
    const start = scoreRangeStart(zset, range, false);
    return start === -1 ? { start: 0, count: 0 } : { start, count: countInScoreRange(zset, range) };
  };
};

const byLex = (minText: string, maxText: string): Span | string => {
  const range = parseLexRange(minText, maxText);
  if (range === null) return ERR_ZSET_MIN_MAX_NOT_LEX;
  return (zset) => lexRemovalSpan(zset, range);
};

function removingCommand(name: string, since: string, parse: typeof byRank, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: 4, flags: 'write', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
    group: 'sorted_set', since, complexity: 'O(log(N)+M) for M members removed', summary,
    run: (ctx) => removeRange(ctx, parse),
  });
}

export const zremrangebyrank = removingCommand('zremrangebyrank', '2.0.0', byRank, 'Removes the members of a sorted set in a range of positions; answers how many.');
export const zremrangebyscore = removingCommand('zremrangebyscore', '1.2.0', byScore, 'Removes the members of a sorted set with a score in a range; answers how many.');
export const zremrangebylex = removingCommand('zremrangebylex', '2.8.9', byLex, 'Removes the members of a sorted set in a lexicographical range; answers how many.');

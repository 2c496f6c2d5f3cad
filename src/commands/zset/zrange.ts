// https://redis.io/commands/zrange/ (also ZRANGESTORE ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX)
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_NOT_INTEGER, ERR_SYNTAX, ERR_ZRANGE_LIMIT_BY_RANK, ERR_ZRANGE_WITHSCORES_BYLEX, ERR_ZSET_MIN_MAX_NOT_FLOAT,
  ERR_ZSET_MIN_MAX_NOT_LEX,
} from '../../core/errors.js';
import { SortedSet } from '../../engine/types/zset.js';
import { lexRangeStart, memberAboveMin, memberBelowMax, scoreAboveMin, scoreBelowMax, scoreRangeStart, type LexRange, type ScoreRange } from '../../engine/types/zset-ranges.js';
import { parseLexRange, parseScoreRange } from './range-args.js';
import { readZset, replyElements, storeZset } from './zset-lookup.js';

type RangeKind = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

interface Selection {
  members: string[];
  scores: number[];
}

/** Ranks start..end (negative from the end), as ZRANGE sanitises them. */
function selectByRank(zset: SortedSet, start: number, end: number, reverse: boolean): Selection {
  const length = zset.size;
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return { members: [], scores: [] };
  if (end >= length) end = length - 1;
  return reverse ? zset.slice(length - 1 - end, length - 1 - start, true) : zset.slice(start, end);
}

/**
 * Walks from `start` (a rank, -1 for none) skipping `offset` elements, then takes up to `limit`
 * (negative: no limit) while `inside` holds, as Redis's range loops do.
 */
function walkRange(zset: SortedSet, start: number, reverse: boolean, offset: number, limit: number, inside: (member: string, score: number) => boolean): Selection {
  const selection: Selection = { members: [], scores: [] };
  // A negative offset makes Redis skip past the end.
  if (start === -1 || offset < 0 || limit === 0) return selection;
  start += reverse ? -offset : offset;
  if (start < 0 || start >= zset.size) return selection;
  zset.walk(start, reverse, (member, score) => {
    if (!inside(member, score)) return false;
    selection.members.push(member);
    selection.scores.push(score);
    return --limit !== 0;
  });
  return selection;
}

function selectByScore(zset: SortedSet, range: ScoreRange, reverse: boolean, offset: number, limit: number): Selection {
  if (offset > 0 && offset >= zset.size) return { members: [], scores: [] };
  const start = scoreRangeStart(zset, range, reverse);
  return walkRange(zset, start, reverse, offset, limit, reverse ? (_, score) => scoreAboveMin(score, range) : (_, score) => scoreBelowMax(score, range));
}

function selectByLex(zset: SortedSet, range: LexRange, reverse: boolean, offset: number, limit: number): Selection {
  if (offset > 0 && offset >= zset.size) return { members: [], scores: [] };
  const start = lexRangeStart(zset, range, reverse);
  return walkRange(zset, start, reverse, offset, limit, reverse ? (member) => memberAboveMin(member, range) : (member) => memberBelowMax(member, range));
}

/**
 * Stores a range result as ZRANGESTORE builds it: a rank range longer than the listpack limit
 * starts as a skiplist; otherwise members go into a listpack (which keeps integral scores as
 * integers, so -0 turns into 0) until one of them does not fit there.
 */
function storeRange(ctx: CommandContext, destination: string, selection: Selection, kind: RangeKind, reverse: boolean): void {
  const limits = ctx.server.encodingLimits;
  const { members, scores } = selection;
  if (reverse) {
    members.reverse();
    scores.reverse();
  }
  if (!(kind === 'rank' && members.length > limits.zsetMaxListpackEntries)) {
    // Insertion order is the walk order: forward from the lowest, or from the highest when reversed.
    const count = members.length;
    let fits = count;
    for (let step = 0; step < count; step++) {
      const index = reverse ? count - 1 - step : step;
      if (step + 1 > limits.zsetMaxListpackEntries || members[index]!.length > limits.zsetMaxListpackValue) {
        fits = step;
        break;
      }
    }
    for (let step = 0; step < fits; step++) {
      const index = reverse ? count - 1 - step : step;
      if (scores[index] === 0) scores[index] = 0;
    }
  }
  storeZset(ctx.db, ctx.reply, destination, SortedSet.fromSorted(members, scores, limits), 'zrangestore');
}

/** Redis's zrangeGenericCommand: `keyIndex` is the source key; a store writes to argv[1]. */
function rangeCommand(ctx: CommandContext, keyIndex: number, store: boolean, kind: RangeKind, direction: Direction): void {
  const { argv, db, reply } = ctx;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  let limitGiven = false;
  for (let i = keyIndex + 3; i < argv.length; i++) {
    const word = argv[i]!;
    const remaining = argv.length - i - 1;
    if (!store && isKeyword(word, 'withscores')) {
      withScores = true;
    } else if (isKeyword(word, 'limit') && remaining >= 2) {
      const parsedOffset = parseInteger(argv[i + 1]!);
      if (parsedOffset === null) return reply.error(ERR_NOT_INTEGER);
      const parsedLimit = parseInteger(argv[i + 2]!);
      if (parsedLimit === null) return reply.error(ERR_NOT_INTEGER);
      offset = parsedOffset;
      limit = parsedLimit;
      limitGiven = true;
      i += 2;
    } else if (direction === 'auto' && isKeyword(word, 'rev')) {
      direction = 'reverse';
    } else if (kind === 'auto' && isKeyword(word, 'bylex')) {
      kind = 'lex';
    } else if (kind === 'auto' && isKeyword(word, 'byscore')) {
      kind = 'score';
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  if (kind === 'auto') kind = 'rank';
  const reverse = direction === 'reverse';
  // Redis tests its "no limit" value (-1), so an explicit LIMIT x -1 passes here.
  if (limitGiven && limit !== -1 && kind === 'rank') return reply.error(ERR_ZRANGE_LIMIT_BY_RANK);
  if (withScores && kind === 'lex') return reply.error(ERR_ZRANGE_WITHSCORES_BYLEX);
  // Score and lex ranges are given as max, min when reversed.
  const first = argv[keyIndex + (reverse && kind !== 'rank' ? 2 : 1)]!;
  const second = argv[keyIndex + (reverse && kind !== 'rank' ? 1 : 2)]!;
  let select: (zset: SortedSet) => Selection;
  if (kind === 'rank') {
    const start = parseInteger(first);
    const end = start === null ? null : parseInteger(second);
    if (start === null || end === null) return reply.error(ERR_NOT_INTEGER);
    select = (zset) => selectByRank(zset, start, end, reverse);
  } else if (kind === 'score') {
    const range = parseScoreRange(first, second);
    if (range === null) return reply.error(ERR_ZSET_MIN_MAX_NOT_FLOAT);
    select = (zset) => selectByScore(zset, range, reverse, offset, limit);
  } else {
    const range = parseLexRange(first, second);
    if (range === null) return reply.error(ERR_ZSET_MIN_MAX_NOT_LEX);
    select = (zset) => selectByLex(zset, range, reverse, offset, limit);
  }
  const zset = readZset(db, argv[keyIndex]!, reply);
  if (zset === null) return;
  const selection = zset === undefined ? { members: [], scores: [] } : select(zset);
  if (store) storeRange(ctx, argv[1]!, selection, kind, reverse);
  else replyElements(reply, selection.members, selection.scores, withScores);
}

function readingRange(name: string, since: string, kind: RangeKind, direction: Direction, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -4, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
    group: 'sorted_set', since, complexity: 'O(log(N)+M) for M members answered', summary,
    run: (ctx) => rangeCommand(ctx, 1, false, kind, direction),
  });
}

export const zrange = readingRange('zrange', '1.2.0', 'auto', 'auto',
  'Answers the members of a sorted set in a range of positions, scores (BYSCORE) or members (BYLEX).');
export const zrevrange = readingRange('zrevrange', '1.2.0', 'rank', 'reverse',
  'Answers the members of a sorted set in a range of positions, highest score first.');
export const zrangebyscore = readingRange('zrangebyscore', '1.0.5', 'score', 'forward',
  'Answers the members of a sorted set with a score in a range, lowest first.');
export const zrevrangebyscore = readingRange('zrevrangebyscore', '2.2.0', 'score', 'reverse',
  'Answers the members of a sorted set with a score in a range, highest first.');
export const zrangebylex = readingRange('zrangebylex', '2.8.9', 'lex', 'forward',
  'Answers the members of a sorted set in a lexicographical range, in order.');
export const zrevrangebylex = readingRange('zrevrangebylex', '2.8.9', 'lex', 'reverse',
  'Answers the members of a sorted set in a lexicographical range, in reverse order.');

export const zrangestore = defineCommand({
  name: 'zrangestore', arity: -5, flags: 'write denyoom', keys: [1, 2, 1],
  keySpecs: [rangeKeys('OW update', 1), rangeKeys('RO access', 2)],
  group: 'sorted_set', since: '6.2.0', complexity: 'O(log(N)+M) for M members stored',
  summary: 'Stores a range of a sorted set (by position, score or member) at a key; answers its size.',
  run: (ctx) => rangeCommand(ctx, 2, true, 'auto', 'auto'),
});

// https://redis.io/commands/lpos/
import { keywordOf, parseInt64, parseInteger, INT64_MIN } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_LPOS_COUNT_NEGATIVE, ERR_LPOS_MAXLEN_NEGATIVE, ERR_LPOS_RANK_ZERO, ERR_NOT_INTEGER, ERR_SYNTAX,
} from '../../core/errors.js';
import type { ListValue } from '../../engine/types/list.js';
import { readList } from './list-lookup.js';

interface LposOptions {
  /** 1 = the first match, 2 = the second...; negative counts matches from the tail. */
  rank: number;
  /**
   * RANK -9223372036854775808: Redis negates it to search from the tail and the negation wraps
   * back to itself, so every match counts as "at or past the rank" and COUNT never stops it.
   */
  wrappedRank: boolean;
  /** undefined without COUNT; 0 = all matches. */
  count: number | undefined;
  /** How many elements to look at; 0 = all. */
  maxlen: number;
}

function parseOptions(argv: readonly string[]): LposOptions | string {
  const options: LposOptions = { rank: 1, wrappedRank: false, count: undefined, maxlen: 0 };
  for (let i = 3; i < argv.length; i++) {
    const option = keywordOf(argv[i]!);
    const hasValue = i + 1 < argv.length;
    if (option === 'rank' && hasValue) {
      const rank = parseInt64(argv[++i]!);
      if (rank === null) return ERR_NOT_INTEGER;
      if (rank === 0n) return ERR_LPOS_RANK_ZERO;
      options.wrappedRank = rank === INT64_MIN;
      options.rank = Number(rank);
    } else if ((option === 'count' || option === 'maxlen') && hasValue) {
      const value = parseInteger(argv[++i]!);
      if (value === null || value < 0) return option === 'count' ? ERR_LPOS_COUNT_NEGATIVE : ERR_LPOS_MAXLEN_NEGATIVE;
      if (option === 'count') options.count = value;
      else options.maxlen = value;
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

/** Positions of `element` (counted from the head), in the order the search meets them. */
function findMatches(list: ListValue, element: string, options: LposOptions): number[] {
  const fromTail = options.rank < 0;
  const skip = options.wrappedRank ? 0 : Math.abs(options.rank) - 1;
  let wanted = 1;
  if (options.count !== undefined) wanted = options.count === 0 || options.wrappedRank ? Infinity : options.count;
  const length = list.length;
  const scan = options.maxlen === 0 ? length : Math.min(options.maxlen, length);
  const found: number[] = [];
  let matches = 0;
  for (let step = 0; step < scan && found.length < wanted; step++) {
    const position = fromTail ? length - 1 - step : step;
    if (list.at(position) !== element) continue;
    if (++matches > skip) found.push(position);
  }
  return found;
}

export const lpos = defineCommand({
  name: 'lpos', arity: -3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'list', since: '6.0.6', complexity: 'O(N) in the elements scanned (MAXLEN bounds it)',
  summary: 'Returns the index of matching elements in a list, with a rank, a count and a scan limit.',
  run({ argv, db, reply }) {
    const options = parseOptions(argv);
    if (typeof options === 'string') return reply.error(options);
    const list = readList(db, argv[1]!, reply);
    if (list === null) return;
    const found = list === undefined ? [] : findMatches(list, argv[2]!, options);
    if (options.count === undefined) {
      if (found.length === 0) reply.nil();
      else reply.int(found[0]!);
      return;
    }
    reply.array(found.length);
    for (const position of found) reply.int(position);
  },
});

/**
 * Score and lexicographic ranges over a sorted set, with Redis's rules for where a range starts.
 * Score ranges follow the order, so binary searches find them. Lex ranges only follow the order
 * when all scores are equal; for other sets Redis's answer depends on how it searches, and for the
 * listpack encoding that search is a plain scan, reproduced here so replies match byte for byte.
 */

import type { SortedSet } from './zset.js';

export interface ScoreRange {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** One end of a lex range: a member text, or '-' (below everything) / '+' (above everything). */
export interface LexBound {
  value: string;
  exclusive: boolean;
  /** -1 for '-', 1 for '+', 0 for a member text. */
  infinity: -1 | 0 | 1;
}

export interface LexRange {
  min: LexBound;
  max: LexBound;
}

export function scoreAboveMin(score: number, range: ScoreRange): boolean {
  return range.minExclusive ? score > range.min : score >= range.min;
}

export function scoreBelowMax(score: number, range: ScoreRange): boolean {
  return range.maxExclusive ? score < range.max : score <= range.max;
}

function isEmptyScoreRange(range: ScoreRange): boolean {
  return range.min > range.max || (range.min === range.max && (range.minExclusive || range.maxExclusive));
}

/**
 * The rank where a score range starts: its lowest element, or its highest when `reverse`; -1
 * when no element is in the range.
 */
export function scoreRangeStart(zset: SortedSet, range: ScoreRange, reverse: boolean): number {
  if (zset.size === 0 || isEmptyScoreRange(range)) return -1;
  if (!reverse) {
    const rank = zset.countBefore((score) => scoreAboveMin(score, range));
    return rank < zset.size && scoreBelowMax(zset.at(rank)[1], range) ? rank : -1;
  }
  const rank = zset.countBefore((score) => !scoreBelowMax(score, range)) - 1;
  return rank >= 0 && scoreAboveMin(zset.at(rank)[1], range) ? rank : -1;
}

/** ZCOUNT: how many elements have a score in the range. */
export function countInScoreRange(zset: SortedSet, range: ScoreRange): number {
  const first = scoreRangeStart(zset, range, false);
  if (first === -1) return 0;
  return scoreRangeStart(zset, range, true) - first + 1;
}

/** Redis's sdscmplex: '-' below and '+' above every text. */
function compareLexBounds(a: LexBound, b: LexBound): number {
  if (a.infinity !== 0 && a.infinity === b.infinity) return 0;
  if (a.infinity === -1 || b.infinity === 1) return -1;
  if (a.infinity === 1 || b.infinity === -1) return 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

export function memberAboveMin(member: string, range: LexRange): boolean {
  const min = range.min;
  if (min.infinity !== 0) return min.infinity < 0;
  return min.exclusive ? member > min.value : member >= min.value;
}

export function memberBelowMax(member: string, range: LexRange): boolean {
  const max = range.max;
  if (max.infinity !== 0) return max.infinity > 0;
  return max.exclusive ? member < max.value : member <= max.value;
}

/** Redis's quick rejection: an empty range, or one that the first and last members rule out. */
function mayHoldLexRange(zset: SortedSet, range: LexRange): boolean {
  const order = compareLexBounds(range.min, range.max);
  if (order > 0 || (order === 0 && (range.min.exclusive || range.max.exclusive))) return false;
  if (zset.size === 0) return false;
  return memberAboveMin(zset.at(zset.size - 1)[0], range) && memberBelowMax(zset.at(0)[0], range);
}

/**
 * The first element (in walking order) at or past the range's near end: for a forward walk the
 * first member >= min, for a reverse walk the last member <= max. -1 when there is none.
 */
function lexNearEnd(zset: SortedSet, range: LexRange, reverse: boolean): number {
  if (zset.isCompact) {
    let found = -1;
    if (!reverse) {
      zset.walk(0, false, (member) => {
        found++;
        return !memberAboveMin(member, range);
      });
      return found !== -1 && memberAboveMin(zset.at(found)[0], range) ? found : -1;
    }
    let rank = zset.size;
    let hit = false;
    zset.walk(zset.size - 1, true, (member) => {
      rank--;
      hit = memberBelowMax(member, range);
      return !hit;
    });
    return hit ? rank : -1;
  }
  if (!reverse) {
    const rank = zset.countBefore((_, member) => memberAboveMin(member, range));
    return rank < zset.size ? rank : -1;
  }
  return zset.countBefore((_, member) => !memberBelowMax(member, range)) - 1;
}

/**
 * The rank where a lex range starts: its first element, or its last when `reverse`; -1 when the
 * range holds nothing.
 */
export function lexRangeStart(zset: SortedSet, range: LexRange, reverse: boolean): number {
  if (!mayHoldLexRange(zset, range)) return -1;
  const rank = lexNearEnd(zset, range, reverse);
  if (rank === -1) return -1;
  const member = zset.at(rank)[0];
  const inside = reverse ? memberAboveMin(member, range) : memberBelowMax(member, range);
  return inside ? rank : -1;
}

/** How many elements follow `rank` (itself included) while their members stay <= max. */
function runBelowMax(zset: SortedSet, rank: number, range: LexRange): number {
  let count = 0;
  zset.walk(rank, false, (member) => {
    if (!memberBelowMax(member, range)) return false;
    count++;
    return true;
  });
  return count;
}

/** ZLEXCOUNT. */
export function countInLexRange(zset: SortedSet, range: LexRange): number {
  const first = lexRangeStart(zset, range, false);
  if (first === -1) return 0;
  if (zset.isCompact) return runBelowMax(zset, first, range);
  const last = lexRangeStart(zset, range, true);
  return last === -1 ? zset.size - first : last - first + 1;
}

/** ZREMRANGEBYLEX: the ranks [start, start + count) to remove. */
export function lexRemovalSpan(zset: SortedSet, range: LexRange): { start: number; count: number } {
  // The skiplist's removal goes straight to the first member >= min, without the quick rejection.
  const start = zset.isCompact ? lexRangeStart(zset, range, false) : lexNearEnd(zset, range, false);
  if (start === -1) return { start: 0, count: 0 };
  return { start, count: runBelowMax(zset, start, range) };
}

/**
 * Visits the elements with a score in the range, lowest first (highest first when `reverse`),
 * while `visit` answers true: what GEO searches and other modules walk a score range with.
 */
export function forEachInScoreRange(zset: SortedSet, range: ScoreRange, reverse: boolean, visit: (member: string, score: number) => boolean): void {
  const start = scoreRangeStart(zset, range, reverse);
  if (start === -1) return;
  zset.walk(start, reverse, (member, score) => (reverse ? scoreAboveMin(score, range) : scoreBelowMax(score, range)) && visit(member, score));
}

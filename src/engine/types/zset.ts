/**
 * The sorted set value. Elements are ordered by score, then by member bytes, in an order-statistic
 * B+ tree (zset-tree.ts). While it is small (at most zset-max-listpack-entries members, none longer
 * than zset-max-listpack-value bytes) it has Redis's listpack encoding: the tree alone, searched
 * linearly for a member as Redis searches its listpack, and scores kept as the listpack would keep
 * them (an integral score is stored as an integer, so -0 becomes 0). Past a threshold it switches
 * for good to the skiplist encoding, which adds a Map from member to score for O(1) lookups.
 *
 * Used by the sorted set commands, GEO (scores are geohashes), SORT and COPY.
 */

import { formatDouble } from '../../core/number-format.js';
import type { BoxedValue } from '../values.js';
import { listpackBytes, listpackEntryBytes, redisAllocation, redisDictBytes, redisSdsBytes } from './redis-sizes.js';
import { OrderTree, type ElementTest, type Leaf } from './zset-tree.js';

/** The thresholds of the compact encoding (the server's EncodingLimits satisfies this). */
export interface ZsetLimits {
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

/** ZADD's options, as bits. */
export const ZADD_NX = 1;
export const ZADD_XX = 2;
export const ZADD_GT = 4;
export const ZADD_LT = 8;
export const ZADD_INCR = 16;

/**
 * What an add did: 'added' a new member, 'updated' a score, left it 'unchanged' (same score),
 * 'skipped' it because of NX/XX/GT/LT, or refused because the score would be 'nan'.
 */
export type AddOutcome = 'added' | 'updated' | 'unchanged' | 'skipped' | 'nan';

/** Integral scores up to 2^62 in magnitude are integers inside a listpack. */
const LISTPACK_INTEGER_LIMIT = 2 ** 62;

function isListpackInteger(score: number): boolean {
  return Number.isInteger(score) && score >= -LISTPACK_INTEGER_LIMIT && score <= LISTPACK_INTEGER_LIMIT;
}

/** The score a listpack gives back after storing `score` (-0 is stored as the integer 0). */
function listpackScore(score: number): number {
  return score === 0 ? 0 : score;
}

/** A score as the listpack holds it as text (ZSCAN): integers in full, other values as %.17g. */
export function listpackScoreText(score: number): string {
  if (!isListpackInteger(score)) return formatDouble(score);
  return Math.abs(score) < 2 ** 53 ? String(score + 0) : BigInt(score).toString();
}

/** Parallel member and score arrays put in sorted set order: by score, then member bytes. */
export function sortElements(members: readonly string[], scores: readonly number[]): { members: string[]; scores: number[] } {
  const order = Array.from({ length: members.length }, (_, i) => i);
  order.sort((a, b) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa < sb ? -1 : 1;
    const ma = members[a]!;
    const mb = members[b]!;
    return ma < mb ? -1 : ma > mb ? 1 : 0;
  });
  return { members: order.map((i) => members[i]!), scores: order.map((i) => scores[i]!) };
}

export class SortedSet implements BoxedValue {
  readonly type = 'zset' as const;
  /** Member -> score; only in the skiplist encoding. */
  private dict: Map<string, number> | undefined;

  constructor(private tree: OrderTree = new OrderTree()) {}

  /**
   * A sorted set from elements already in order and distinct (a store command's result), in the
   * encoding Redis gives such a result: listpack when it fits the limits.
   */
  static fromSorted(members: string[], scores: number[], limits: ZsetLimits): SortedSet {
    let longest = 0;
    for (const member of members) if (member.length > longest) longest = member.length;
    const compact = members.length <= limits.zsetMaxListpackEntries && longest <= limits.zsetMaxListpackValue;
    if (compact) for (let i = 0; i < scores.length; i++) scores[i] = listpackScore(scores[i]!);
    const zset = new SortedSet(OrderTree.fromSorted(members, scores));
    if (!compact) zset.convertToSkiplist();
    return zset;
  }

  /** fromSorted for elements in any order (members distinct). */
  static fromUnsorted(members: string[], scores: number[], limits: ZsetLimits): SortedSet {
    const sorted = sortElements(members, scores);
    return SortedSet.fromSorted(sorted.members, sorted.scores, limits);
  }

  get size(): number {
    return this.tree.size;
  }

  /** True in the listpack encoding. */
  get isCompact(): boolean {
    return this.dict === undefined;
  }

  encoding(): string {
    return this.dict === undefined ? 'listpack' : 'skiplist';
  }

  /** Switches to the skiplist encoding for good (no-op when already there); SORT does this too. */
  convertToSkiplist(): void {
    if (this.dict !== undefined) return;
    const dict = new Map<string, number>();
    for (const [member, score] of this.tree.entries()) dict.set(member, score);
    this.dict = dict;
  }

  score(member: string): number | undefined {
    if (this.dict !== undefined) return this.dict.get(member);
    for (let leaf: Leaf | null = this.tree.head; leaf !== null; leaf = leaf.next) {
      const index = leaf.members.indexOf(member);
      if (index !== -1) return leaf.scores[index];
    }
    return undefined;
  }

  has(member: string): boolean {
    return this.score(member) !== undefined;
  }

  /** The 0-based rank of a member in ascending order, or undefined. */
  rank(member: string): number | undefined {
    const score = this.score(member);
    return score === undefined ? undefined : this.tree.rankOf(score, member);
  }

  /** Inserts a member that is not in the set, converting the encoding first when it outgrows it. */
  private insertNew(member: string, score: number, limits: ZsetLimits): void {
    if (this.dict === undefined) {
      if (this.tree.size + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue) {
        this.convertToSkiplist();
      } else {
        this.tree.insert(listpackScore(score), member);
        return;
      }
    }
    this.tree.insert(score, member);
    this.dict!.set(member, score);
  }

  private move(member: string, from: number, to: number): void {
    this.tree.delete(from, member);
    if (this.dict === undefined) {
      this.tree.insert(listpackScore(to), member);
    } else {
      this.tree.insert(to, member);
      this.dict.set(member, to);
    }
  }

  /**
   * ZADD's rules for one member with the ZADD_* option bits. `result.score` receives the new
   * score (the increment applied for ZADD_INCR) unless the member was skipped or NaN came out.
   */
  add(member: string, score: number, flags: number, limits: ZsetLimits, result: { score: number }): AddOutcome {
    if (Number.isNaN(score)) return 'nan';
    const current = this.score(member);
    if (current === undefined) {
      if ((flags & ZADD_XX) !== 0) return 'skipped';
      this.insertNew(member, score, limits);
      result.score = score;
      return 'added';
    }
    if ((flags & ZADD_NX) !== 0) return 'skipped';
    if ((flags & ZADD_INCR) !== 0) {
      score += current;
      if (Number.isNaN(score)) return 'nan';
    }
    if (((flags & ZADD_LT) !== 0 && score >= current) || ((flags & ZADD_GT) !== 0 && score <= current)) return 'skipped';
    result.score = score;
    if (score === current) return 'unchanged';
    this.move(member, current, score);
    return 'updated';
  }

  /** Sets a member's score whatever it was (GEOADD without options, RESTORE-like loaders). */
  set(member: string, score: number, limits: ZsetLimits): void {
    const current = this.score(member);
    if (current === undefined) this.insertNew(member, score, limits);
    else if (current !== score) this.move(member, current, score);
  }

  remove(member: string): boolean {
    const score = this.score(member);
    if (score === undefined) return false;
    this.tree.delete(score, member);
    this.dict?.delete(member);
    return true;
  }

  /** The member and score at a rank (0 <= rank < size). */
  at(rank: number): [member: string, score: number] {
    const { leaf, index } = this.tree.positionAt(rank);
    return [leaf.members[index]!, leaf.scores[index]!];
  }

  /** Visits elements from `rank` towards the end (or the start when `reverse`) while `visit` answers true. */
  walk(rank: number, reverse: boolean, visit: (member: string, score: number) => boolean): void {
    this.tree.walk(rank, reverse, visit);
  }

  /** The elements from rank `start` to `end` inclusive, in that order (reversed when `reverse`). */
  slice(start: number, end: number, reverse = false): { members: string[]; scores: number[] } {
    const members: string[] = [];
    const scores: number[] = [];
    let left = end - start + 1;
    if (left > 0) {
      this.tree.walk(reverse ? end : start, reverse, (member, score) => {
        members.push(member);
        scores.push(score);
        return --left > 0;
      });
    }
    return { members, scores };
  }

  /** How many elements fail `test`, which must fail for a prefix of the order and hold after it. */
  countBefore(test: ElementTest): number {
    return this.tree.countBefore(test);
  }

  /** Removes the elements of ranks `start` to `end` inclusive; answers how many went. */
  removeRange(start: number, end: number): number {
    const count = end - start + 1;
    if (count <= 0) return 0;
    if (count > 64 && count * 4 > this.size) {
      // Removing much of the set: rebuilding from what stays is O(n) instead of O(m log n).
      const { members, scores } = this.tree.toArrays();
      const doomed = members.splice(start, count);
      scores.splice(start, count);
      this.tree = OrderTree.fromSorted(members, scores);
      if (this.dict !== undefined) for (const member of doomed) this.dict.delete(member);
      return count;
    }
    const { members, scores } = this.slice(start, end);
    for (let i = 0; i < members.length; i++) {
      this.tree.delete(scores[i]!, members[i]!);
      this.dict?.delete(members[i]!);
    }
    return count;
  }

  /** Every element in ascending order. */
  entries(): IterableIterator<[member: string, score: number]> {
    return this.tree.entries();
  }

  /** The member -> score table of the skiplist encoding (ZSCAN cursors walk it); undefined in a listpack. */
  get table(): ReadonlyMap<string, number> | undefined {
    return this.dict;
  }

  clone(): SortedSet {
    const copy = new SortedSet(this.tree.clone());
    if (this.dict !== undefined) copy.dict = new Map(this.dict);
    return copy;
  }

  /** What Redis would allocate for this sorted set (MEMORY USAGE), without the key. */
  memoryUsage(): number {
    const count = this.size;
    if (this.dict === undefined) {
      let bytes = 0;
      for (const [member, score] of this.tree.entries()) bytes += listpackEntryBytes(member) + listpackEntryBytes(listpackScoreText(score));
      return 16 + redisAllocation(listpackBytes(bytes));
    }
    // A dict entry, an sds member and a skiplist node (about 1.33 levels) per element; sampled.
    // Fixed parts: the object, the zset and zskiplist structs, the dict, and the skiplist's
    // header node, allocated with all 32 levels.
    const sample = Math.min(count, 5);
    let sampled = 0;
    for (let rank = 0; rank < sample; rank++) sampled += redisSdsBytes(this.at(rank)[0].length) + 24 + redisAllocation(24 + 16 * 1.33);
    return 16 + 16 + 32 + redisDictBytes(count) + redisAllocation(24 + 32 * 16) + (sample === 0 ? 0 : Math.floor((sampled / sample) * count));
  }
}

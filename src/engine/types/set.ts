/**
 * The set value. While every member is an integer Redis's string2ll accepts and there are at most
 * set-max-intset-entries of them, it has Redis's intset encoding: the members packed 8 bytes each
 * in one sorted flat string (packed-integers.ts), so they come out in ascending numeric order as
 * Redis's do, at a few bytes per member. Any other member, or one member too many, switches it for
 * good to the hashtable encoding: a dense array of members plus a Map from member to index (a
 * delete moves the last member into the hole), which gives O(1) membership and O(1) uniformly
 * random picks (SRANDMEMBER, SPOP).
 */

import { parseInteger } from '../../core/args.js';
import type { BoxedValue } from '../values.js';
import { KEY_BYTES, integerKey, integerTextAt, searchKey, spliceBytes } from './packed-integers.js';
import { redisAllocation, redisDictBytes, redisSdsBytes } from './redis-sizes.js';

/** Redis caps the intset size at 2^30 entries whatever the configuration says. */
const INTSET_HARD_LIMIT = 2 ** 30;

/** The member is an integer the intset can hold (canonical text within the int64 range). */
export function isIntsetMember(member: string): boolean {
  return member.length <= 20 && parseInteger(member) !== null;
}

/** Bytes per element of an intset holding this value (Redis widens, never narrows). */
function intsetWidth(member: string): number {
  const value = Number(member);
  if (value >= -32768 && value <= 32767) return 2;
  if (value >= -2147483648 && value <= 2147483647) return 4;
  return 8;
}

export class SetValue implements BoxedValue {
  /** intset encoding: the members' 8-byte keys in ascending order; undefined once a hashtable. */
  private packed: string | undefined = '';
  /** hashtable encoding: the members, densely. */
  private list: string[] | undefined;
  /** hashtable encoding: member -> index in `list`. */
  private positions: Map<string, number> | undefined;
  /** The intset's element width in bytes, for MEMORY USAGE. */
  private width = 2;

  get type(): 'set' {
    return 'set';
  }

  get size(): number {
    return this.packed !== undefined ? this.packed.length / KEY_BYTES : this.list!.length;
  }

  /** True while the set has Redis's intset encoding. */
  get isCompact(): boolean {
    return this.packed !== undefined;
  }

  /** Bytes per element of the intset (2, 4 or 8; it widens, never narrows), for persistence. */
  get intsetWidth(): number {
    return this.width;
  }

  /** Widens the intset's element size (an intset loaded from RDB keeps the width it was saved with). */
  widenIntset(width: number): void {
    if (this.packed !== undefined && width > this.width) this.width = width;
  }

  encoding(): string {
    return this.packed !== undefined ? 'intset' : 'hashtable';
  }

  private indexOf(member: string): number {
    if (this.packed === undefined) {
      const position = this.positions!.get(member);
      return position === undefined ? -1 : position;
    }
    if (!isIntsetMember(member)) return -1;
    const found = searchKey(this.packed, integerKey(member));
    return found < 0 ? -1 : found;
  }

  has(member: string): boolean {
    return this.indexOf(member) !== -1;
  }

  /**
   * Adds a member; answers true when it was not there. A non-integer member, or one entry past
   * `maxIntsetEntries`, converts an intset to a hashtable, as Redis does.
   */
  add(member: string, maxIntsetEntries: number): boolean {
    const packed = this.packed;
    if (packed !== undefined) {
      if (isIntsetMember(member)) {
        const key = integerKey(member);
        const found = searchKey(packed, key);
        if (found >= 0) return false;
        const insertAt = (-found - 1) * KEY_BYTES;
        this.packed = spliceBytes(packed, insertAt, 0, key);
        this.width = Math.max(this.width, intsetWidth(member));
        if (this.size > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) this.convertToHashtable();
        return true;
      }
      this.convertToHashtable();
    }
    const positions = this.positions!;
    if (positions.has(member)) return false;
    positions.set(member, this.list!.length);
    this.list!.push(member);
    return true;
  }

  delete(member: string): boolean {
    const position = this.indexOf(member);
    if (position === -1) return false;
    this.deleteAt(position);
    return true;
  }

  /** Removes the member at `position` (intset: closes the gap; hashtable: last member fills it). */
  deleteAt(position: number): void {
    if (this.packed !== undefined) {
      this.packed = spliceBytes(this.packed, position * KEY_BYTES, KEY_BYTES, '');
      return;
    }
    const list = this.list!;
    const positions = this.positions!;
    positions.delete(list[position]!);
    const last = list.length - 1;
    if (position !== last) {
      const moved = list[last]!;
      list[position] = moved;
      positions.set(moved, position);
    }
    list.pop();
  }

  /** The member at `index` in iteration order (intset: ascending; hashtable: unspecified). */
  memberAt(index: number): string {
    return this.packed !== undefined ? integerTextAt(this.packed, index * KEY_BYTES) : this.list![index]!;
  }

  /** A uniformly random position in [0, size). */
  randomIndex(): number {
    return Math.floor(Math.random() * this.size);
  }

  /** Removes and answers a uniformly random member (the set must not be empty). */
  popRandom(): string {
    const position = this.randomIndex();
    const member = this.memberAt(position);
    this.deleteAt(position);
    return member;
  }

  /** A copy of the members in iteration order. */
  toArray(): string[] {
    if (this.packed === undefined) return this.list!.slice();
    const members = new Array<string>(this.size);
    for (let i = 0; i < members.length; i++) members[i] = integerTextAt(this.packed, i * KEY_BYTES);
    return members;
  }

  /**
   * The members as a live iterator that tolerates changes while it runs (SSCAN cursors): every
   * member present for the whole iteration is seen once. Hashtable encoding only.
   */
  liveMemberIterator(): Iterator<string> {
    if (this.positions === undefined) throw new Error('liveMemberIterator needs the hashtable encoding');
    return this.positions.keys();
  }

  private convertToHashtable(): void {
    const list = this.toArray();
    const positions = new Map<string, number>();
    for (let i = 0; i < list.length; i++) positions.set(list[i]!, i);
    this.list = list;
    this.positions = positions;
    this.packed = undefined;
  }

  clone(): SetValue {
    const copy = new SetValue();
    copy.packed = this.packed;
    copy.width = this.width;
    if (this.list !== undefined) {
      copy.list = this.list.slice();
      copy.positions = new Map(this.positions);
    }
    return copy;
  }

  /** What Redis would allocate for this set (MEMORY USAGE), without the key. */
  memoryUsage(): number {
    const count = this.size;
    if (this.packed !== undefined) return 16 + redisAllocation(8 + this.width * count);
    const sample = Math.min(count, 5);
    let sampled = 0;
    for (let i = 0; i < sample; i++) sampled += redisSdsBytes(this.list![i]!.length) + 24;
    return 16 + redisDictBytes(count) + (sample === 0 ? 0 : Math.floor((sampled / sample) * count));
  }
}

/**
 * The hash value: one array of fields and values interleaved, [f0, v0, f1, v1, ...]. While the
 * hash is small (Redis's listpack encoding) the array keeps insertion order and exactly its own
 * size (V8 would otherwise keep spare room in every small hash), lookups scan it, and a delete
 * closes the gap, so HGETALL answers in the order Redis's listpack does. Past the limits
 * (hash-max-listpack-entries / -value) it switches for good to the hashtable encoding: a Map from
 * field to array index makes lookups O(1), and a delete moves the last pair into the hole, so a
 * uniformly random pair (HRANDFIELD) is one random index away.
 */

import type { BoxedValue } from '../values.js';
import { listpackBytes, listpackEntryBytes, redisAllocation, redisDictBytes, redisSdsBytes } from './redis-sizes.js';

/** The two limits of the compact encoding (the engine's EncodingLimits has both). */
export interface HashLimits {
  readonly hashMaxListpackEntries: number;
  readonly hashMaxListpackValue: number;
}

/** Below this many items a listpack hash keeps its array at exactly its size. */
const EXACT_SIZE_LIMIT = 128;

export class HashValue implements BoxedValue {
  private items: string[] = [];
  /** Field -> index of the field in `items`; only in the hashtable encoding. */
  private positions: Map<string, number> | undefined;

  get type(): 'hash' {
    return 'hash';
  }

  get size(): number {
    return this.items.length >>> 1;
  }

  /** True while the hash has Redis's compact (listpack) encoding. */
  get isCompact(): boolean {
    return this.positions === undefined;
  }

  encoding(): string {
    return this.positions === undefined ? 'listpack' : 'hashtable';
  }

  /** Index of the field in `items`, or -1. */
  private find(field: string): number {
    if (this.positions !== undefined) {
      const position = this.positions.get(field);
      return position === undefined ? -1 : position;
    }
    const items = this.items;
    for (let i = 0; i < items.length; i += 2) {
      if (items[i] === field) return i;
    }
    return -1;
  }

  has(field: string): boolean {
    return this.find(field) !== -1;
  }

  get(field: string): string | undefined {
    const position = this.find(field);
    return position === -1 ? undefined : this.items[position + 1];
  }

  /**
   * Stores a pair; answers true when the field is new. A field or value longer than the value
   * limit, or one entry too many, converts the hash to the hashtable encoding, as Redis does.
   */
  set(field: string, value: string, limits: HashLimits): boolean {
    if (this.positions === undefined && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      this.convertToHashtable();
    }
    const position = this.find(field);
    if (position !== -1) {
      this.items[position + 1] = value;
      // Redis checks the entry count after an update too: a lowered limit converts on any write.
      if (this.positions === undefined && this.size > limits.hashMaxListpackEntries) this.convertToHashtable();
      return false;
    }
    if (this.positions !== undefined) {
      this.positions.set(field, this.items.length);
      this.items.push(field, value);
      return true;
    }
    // concat allocates exactly the new length where push would leave spare room in every small
    // hash; a large listpack (raised limits) grows by push, so appends stay amortised O(1).
    if (this.items.length < EXACT_SIZE_LIMIT) this.items = this.items.concat(field, value);
    else this.items.push(field, value);
    if (this.size > limits.hashMaxListpackEntries) this.convertToHashtable();
    return true;
  }

  delete(field: string): boolean {
    const position = this.find(field);
    if (position === -1) return false;
    const items = this.items;
    if (this.positions === undefined) {
      items.splice(position, 2);
      return true;
    }
    this.positions.delete(field);
    const last = items.length - 2;
    if (position !== last) {
      const moved = items[last]!;
      items[position] = moved;
      items[position + 1] = items[last + 1]!;
      this.positions.set(moved, position);
    }
    items.length = last;
    return true;
  }

  /**
   * The pairs, interleaved [f0, v0, f1, v1, ...], in iteration order (listpack: insertion order;
   * hashtable: unspecified). The hash's own array: read it, do not keep it across changes.
   */
  pairs(): readonly string[] {
    return this.items;
  }

  /** A uniformly random pair number in [0, size): its field is pairs()[2i], its value pairs()[2i + 1]. */
  randomIndex(): number {
    return Math.floor(Math.random() * this.size);
  }

  /**
   * The fields as a live iterator that tolerates changes while it runs (HSCAN cursors): every
   * field present for the whole iteration is seen once. Hashtable encoding only.
   */
  liveFieldIterator(): Iterator<string> {
    if (this.positions === undefined) throw new Error('liveFieldIterator needs the hashtable encoding');
    return this.positions.keys();
  }

  private convertToHashtable(): void {
    const positions = new Map<string, number>();
    for (let i = 0; i < this.items.length; i += 2) positions.set(this.items[i]!, i);
    this.positions = positions;
  }

  clone(): HashValue {
    const copy = new HashValue();
    copy.items = this.items.slice();
    if (this.positions !== undefined) copy.positions = new Map(this.positions);
    return copy;
  }

  /** What Redis would allocate for this hash (MEMORY USAGE), without the key. */
  memoryUsage(): number {
    const items = this.items;
    if (this.positions === undefined) {
      let bytes = 0;
      for (const item of items) bytes += listpackEntryBytes(item);
      return 16 + redisAllocation(listpackBytes(bytes));
    }
    // Redis samples a few entries and scales up; the average over a small sample is as good.
    const sample = Math.min(this.size, 5);
    let sampled = 0;
    for (let i = 0; i < sample * 2; i += 2) sampled += redisSdsBytes(items[i]!.length) + redisSdsBytes(items[i + 1]!.length) + 24;
    return 16 + redisDictBytes(this.size) + (sample === 0 ? 0 : Math.floor((sampled / sample) * this.size));
  }
}

/**
 * The hash value: one array of fields and values interleaved, [f0, v0, f1, v1, ...]. While the
 * hash is small (Redis's listpack encoding) the array keeps insertion order and exactly its own
 * size (V8 would otherwise keep spare room in every small hash), lookups scan it, and a delete
 * closes the gap, so HGETALL answers in the order Redis's listpack does. Past the limits
 * (hash-max-listpack-entries / -value) it switches for good to the hashtable encoding: a Map from
 * field to array index makes lookups O(1), and a delete moves the last pair into the hole, so a
 * uniformly random pair (HRANDFIELD) is one random index away.
 *
 * Field TTLs (HEXPIRE and friends) live in a FieldTtls that only hashes touched by such a
 * command carry (Redis reports a compact one as `listpackex`). Callers see only live fields: the
 * database expires due fields whenever it hands the hash out, and its active cycle in between.
 */

import { DeadlineHeap } from '../deadline-heap.js';
import type { BoxedValue } from '../values.js';
import { FieldTtls, listpackexPosition } from './hash-field-ttls.js';
import { listpackBytes, listpackEntryBytes, redisAllocation, redisDictBytes, redisSdsBytes } from './redis-sizes.js';

/** The two limits of the compact encoding (the engine's EncodingLimits has both). */
export interface HashLimits {
  readonly hashMaxListpackEntries: number;
  readonly hashMaxListpackValue: number;
}

/** Below this many items a listpack hash keeps its array at exactly its size. */
const EXACT_SIZE_LIMIT = 128;

/** Redis's listpackex struct (expiry metadata and the listpack pointer), in its allocation. */
const LISTPACKEX_HEADER_BYTES = 32;
/** The expiry metadata Redis attaches to a field with a TTL, and once to the dict. */
const FIELD_EXPIRY_META_BYTES = 16;

/** `items` plus one pair, in a new array of exactly that length (5x faster than concat for small arrays). */
function withPair(items: readonly string[], field: string, value: string): string[] {
  const length = items.length;
  const next = new Array<string>(length + 2);
  for (let i = 0; i < length; i++) next[i] = items[i]!;
  next[length] = field;
  next[length + 1] = value;
  return next;
}

export class HashValue implements BoxedValue {
  private items: string[] = [];
  /** Field -> index of the field in `items`; only in the hashtable encoding. */
  private positions: Map<string, number> | undefined;
  /** Not even a slot on hashes that never had a field TTL: `declare` emits no field. */
  declare private ttls: FieldTtls | undefined;

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
    if (this.positions !== undefined) return 'hashtable';
    return this.ttls === undefined ? 'listpack' : 'listpackex';
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
   * Overwriting a field drops its TTL unless `keepTtl` (HINCRBY, HSETEX KEEPTTL).
   */
  set(field: string, value: string, limits: HashLimits, keepTtl = false): boolean {
    if (this.positions === undefined && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      this.convertToHashtable();
    }
    const position = this.find(field);
    if (position !== -1) {
      this.items[position + 1] = value;
      const ttls = this.ttls;
      if (!keepTtl && ttls !== undefined && ttls.deadlines[position >> 1] !== 0) this.clearDeadline(position);
      // Redis checks the entry count after an update too: a lowered limit converts on any write.
      if (this.positions === undefined && this.size > limits.hashMaxListpackEntries) this.convertToHashtable();
      return false;
    }
    this.ttls?.deadlines.push(0);
    if (this.positions !== undefined) {
      this.positions.set(field, this.items.length);
      this.items.push(field, value);
      return true;
    }
    // A copy of exactly the new length where push would leave spare room in every small hash; a
    // large listpack (raised limits) grows by push, so appends stay amortised O(1).
    if (this.items.length < EXACT_SIZE_LIMIT) this.items = withPair(this.items, field, value);
    else this.items.push(field, value);
    if (this.size > limits.hashMaxListpackEntries) this.convertToHashtable();
    return true;
  }

  delete(field: string): boolean {
    const position = this.find(field);
    if (position === -1) return false;
    const items = this.items;
    const ttls = this.ttls;
    if (ttls !== undefined && ttls.deadlines[position >> 1] !== 0) ttls.count--;
    if (this.positions === undefined) {
      items.splice(position, 2);
      ttls?.deadlines.splice(position >> 1, 1);
      return true;
    }
    this.positions.delete(field);
    const last = items.length - 2;
    if (position !== last) {
      const moved = items[last]!;
      items[position] = moved;
      items[position + 1] = items[last + 1]!;
      this.positions.set(moved, position);
      if (ttls !== undefined) ttls.deadlines[position >> 1] = ttls.deadlines[last >> 1]!;
    }
    items.length = last;
    if (ttls !== undefined) ttls.deadlines.length = last >> 1;
    return true;
  }

  /** True once a field-TTL command has touched the hash (a compact one is then `listpackex`). */
  get tracksFieldTtls(): boolean {
    return this.ttls !== undefined;
  }

  /** True while some field has a TTL. */
  get hasFieldTtls(): boolean {
    return this.ttls !== undefined && this.ttls.count !== 0;
  }

  /** Prepares the hash for field TTLs (Redis converts a listpack to listpackex here). */
  enableFieldTtls(): void {
    if (this.ttls !== undefined) return;
    const ttls = new FieldTtls(this.size);
    if (this.positions !== undefined) ttls.heap = new DeadlineHeap();
    this.ttls = ttls;
  }

  /** The field's absolute deadline in ms: 0 when it has none, undefined when the field is missing. */
  fieldDeadline(field: string): number | undefined {
    const position = this.find(field);
    if (position === -1) return undefined;
    return this.ttls === undefined ? 0 : this.ttls.deadlines[position >> 1]!;
  }

  /** Gives an existing field a deadline (ms, > 0). Call enableFieldTtls() first. */
  setFieldDeadline(field: string, deadline: number): void {
    const ttls = this.ttls!;
    const position = this.find(field);
    if (ttls.deadlines[position >> 1] === 0) ttls.count++;
    if (this.positions === undefined) {
      this.placeCompact(position, deadline);
      return;
    }
    ttls.deadlines[position >> 1] = deadline;
    const heap = ttls.heap!;
    heap.push(deadline, field);
    if (heap.size > 2 * ttls.count + 64) ttls.rebuildHeap((pair) => this.items[2 * pair]!);
  }

  /** Removes a field's TTL; answers false when the field is missing or has none. */
  persistField(field: string): boolean {
    if (this.ttls === undefined) return false;
    const position = this.find(field);
    if (position === -1 || this.ttls.deadlines[position >> 1] === 0) return false;
    this.clearDeadline(position);
    return true;
  }

  private clearDeadline(position: number): void {
    const ttls = this.ttls!;
    ttls.count--;
    // In listpackex order a field without a TTL goes to the end.
    if (this.positions === undefined) this.placeCompact(position, 0);
    else ttls.deadlines[position >> 1] = 0;
  }

  /** Compact encoding: moves the pair at `position` to its listpackex place for `deadline` (0: none). */
  private placeCompact(position: number, deadline: number): void {
    const items = this.items;
    const deadlines = this.ttls!.deadlines;
    const [field, value] = items.splice(position, 2);
    deadlines.splice(position >> 1, 1);
    const target = deadline === 0 ? deadlines.length : listpackexPosition(deadlines, deadline);
    items.splice(2 * target, 0, field!, value!);
    deadlines.splice(target, 0, deadline);
  }

  /** The earliest field deadline, or Infinity when no field has one. */
  nextFieldDeadline(): number {
    const ttls = this.ttls;
    if (ttls === undefined || ttls.count === 0) return Infinity;
    // listpackex order puts the earliest deadline first.
    if (this.positions === undefined) return ttls.deadlines[0]!;
    const heap = ttls.heap!;
    const positions = this.positions;
    while (heap.size !== 0) {
      const deadline = heap.peekDeadline();
      const position = positions.get(heap.peekName()!);
      if (position !== undefined && ttls.deadlines[position >> 1] === deadline) return deadline;
      heap.pop();
    }
    return Infinity;
  }

  /**
   * Deletes up to `limit` fields whose deadline is before `now` (Redis keeps a field through
   * its deadline's own millisecond); answers how many. The caller deletes the key if it empties.
   */
  expireFields(now: number, limit: number): number {
    const ttls = this.ttls;
    if (ttls === undefined || ttls.count === 0) return 0;
    if (this.positions === undefined) {
      const deadlines = ttls.deadlines;
      let due = 0;
      while (due < deadlines.length && due < limit && deadlines[due] !== 0 && deadlines[due]! < now) due++;
      if (due !== 0) {
        this.items.splice(0, 2 * due);
        deadlines.splice(0, due);
        ttls.count -= due;
      }
      return due;
    }
    let expired = 0;
    while (expired < limit && this.nextFieldDeadline() < now) {
      const field = ttls.heap!.peekName()!;
      ttls.heap!.pop();
      this.delete(field);
      expired++;
    }
    return expired;
  }

  /** The deadline under which the hash waits in its database's field-expiry queue (Infinity: none). */
  get queuedFieldExpiry(): number {
    return this.ttls === undefined ? Infinity : this.ttls.queuedAt;
  }

  set queuedFieldExpiry(deadline: number) {
    if (this.ttls !== undefined) this.ttls.queuedAt = deadline;
  }

  /**
   * The pairs, interleaved [f0, v0, f1, v1, ...], in iteration order (listpack: insertion order;
   * hashtable: unspecified). The hash's own array: read it, do not keep it across changes.
   */
  pairs(): readonly string[] {
    return this.items;
  }

  /** The deadline of pair `pair` (pairs() order) in ms, 0 when it has none (persistence). */
  pairDeadline(pair: number): number {
    return this.ttls === undefined ? 0 : this.ttls.deadlines[pair]!;
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
    this.ttls?.rebuildHeap((pair) => this.items[2 * pair]!);
  }

  clone(): HashValue {
    const copy = new HashValue();
    copy.items = this.items.slice();
    if (this.positions !== undefined) copy.positions = new Map(this.positions);
    if (this.ttls !== undefined) copy.ttls = this.ttls.clone();
    return copy;
  }

  /** What Redis would allocate for this hash (MEMORY USAGE), without the key. */
  memoryUsage(): number {
    const items = this.items;
    const ttls = this.ttls;
    if (this.positions === undefined) {
      let bytes = 0;
      for (const item of items) bytes += listpackEntryBytes(item);
      if (ttls === undefined) return 16 + redisAllocation(listpackBytes(bytes));
      // listpackex: a TTL entry after every pair, and a small header struct.
      for (const deadline of ttls.deadlines) bytes += listpackEntryBytes(String(deadline));
      return 16 + LISTPACKEX_HEADER_BYTES + redisAllocation(listpackBytes(bytes));
    }
    // Redis samples a few entries and scales up; the average over a small sample is as good.
    const sample = Math.min(this.size, 5);
    let sampled = 0;
    for (let i = 0; i < sample * 2; i += 2) sampled += redisSdsBytes(items[i]!.length) + redisSdsBytes(items[i + 1]!.length) + 24;
    const expiryMetadata = ttls === undefined ? 0 : FIELD_EXPIRY_META_BYTES * (ttls.count + 1);
    return 16 + redisDictBytes(this.size) + (sample === 0 ? 0 : Math.floor((sampled / sample) * this.size)) + expiryMetadata;
  }
}

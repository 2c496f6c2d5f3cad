import type { StreamId } from './stream-id.js';
import { compareIds } from './stream-id.js';

/**
 * A signed 64-bit counter (delivery counts, entries-read, entries-added): a number while it is
 * safe, a bigint beyond, wrapping as Redis's C integers do.
 */
export type Int64 = number | bigint;

export function int64(value: bigint): Int64 {
  const wrapped = BigInt.asIntN(64, value);
  return wrapped >= BigInt(Number.MIN_SAFE_INTEGER) && wrapped <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(wrapped) : wrapped;
}

export function addInt64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return int64(BigInt(a) + BigInt(b));
}

export function subtractInt64(a: Int64, b: Int64): Int64 {
  return typeof b === 'number' ? addInt64(a, -b) : addInt64(a, -b);
}

/** Who a pending entry was delivered to (a consumer of the group). */
export interface PendingOwner {
  readonly name: string;
  readonly pending: PendingList;
}

/** A delivered, not yet acknowledged entry: shared by the group's list and its consumer's. */
export class PendingEntry {
  constructor(
    readonly id: StreamId,
    /** Null only for an entry XCLAIM FORCE has just created. */
    public consumer: PendingOwner | null,
    public deliveryTime: number,
    public deliveryCount: Int64,
  ) {}
}

/** Chunks stay between these sizes, so inserts and deletes move few elements. */
const CHUNK_MAX = 256;

/**
 * Pending entries ordered by ID (Redis keeps them in a radix tree): lookups, inserts, deletes
 * and seeks in O(log n) plus a chunk-sized move.
 */
export class PendingList {
  private chunks: PendingEntry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Index of the first chunk whose last ID is >= id, or chunks.length. */
  private chunkFor(id: StreamId): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid]!;
      if (compareIds(chunk[chunk.length - 1]!.id, id) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private static lowerBound(chunk: readonly PendingEntry[], id: StreamId): number {
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareIds(chunk[mid]!.id, id) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  get(id: StreamId): PendingEntry | undefined {
    const c = this.chunkFor(id);
    if (c === this.chunks.length) return undefined;
    const chunk = this.chunks[c]!;
    const entry = chunk[PendingList.lowerBound(chunk, id)];
    return entry !== undefined && compareIds(entry.id, id) === 0 ? entry : undefined;
  }

  /** Adds an entry; false (and no change) when its ID is already there. */
  insert(entry: PendingEntry): boolean {
    let c = this.chunkFor(entry.id);
    if (c === this.chunks.length) {
      // Past the end: the common case of delivering new entries in order.
      const last = this.chunks[this.chunks.length - 1];
      if (last === undefined || last.length >= CHUNK_MAX) this.chunks.push([entry]);
      else last.push(entry);
      this.count++;
      return true;
    }
    const chunk = this.chunks[c]!;
    const at = PendingList.lowerBound(chunk, entry.id);
    if (at < chunk.length && compareIds(chunk[at]!.id, entry.id) === 0) return false;
    chunk.splice(at, 0, entry);
    if (chunk.length > CHUNK_MAX) this.chunks.splice(++c, 0, chunk.splice(chunk.length >>> 1));
    this.count++;
    return true;
  }

  delete(id: StreamId): boolean {
    const c = this.chunkFor(id);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c]!;
    const at = PendingList.lowerBound(chunk, id);
    if (at === chunk.length || compareIds(chunk[at]!.id, id) !== 0) return false;
    chunk.splice(at, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
    this.count--;
    return true;
  }

  first(): PendingEntry | undefined {
    return this.chunks[0]?.[0];
  }

  last(): PendingEntry | undefined {
    const chunk = this.chunks[this.chunks.length - 1];
    return chunk?.[chunk.length - 1];
  }

  /** The first entry whose ID is >= id. */
  ceiling(id: StreamId): PendingEntry | undefined {
    const c = this.chunkFor(id);
    if (c === this.chunks.length) return undefined;
    const chunk = this.chunks[c]!;
    return chunk[PendingList.lowerBound(chunk, id)];
  }

  /** The first entry whose ID is > id. */
  higher(id: StreamId): PendingEntry | undefined {
    const found = this.ceiling(id);
    if (found === undefined || compareIds(found.id, id) !== 0) return found;
    const c = this.chunkFor(id);
    const chunk = this.chunks[c]!;
    const at = PendingList.lowerBound(chunk, id) + 1;
    return at < chunk.length ? chunk[at] : this.chunks[c + 1]?.[0];
  }

  *[Symbol.iterator](): IterableIterator<PendingEntry> {
    for (const chunk of this.chunks) yield* chunk;
  }
}

import type { StreamId, U64 } from './stream-id.js';
import { compareU64, signedDifference } from './stream-id.js';

/**
 * Redis keeps a stream as a radix tree of listpack "nodes" of up to stream-node-max-entries
 * entries and stream-node-max-bytes bytes. Where one node ends and the next begins is visible:
 * approximate trimming (MAXLEN ~, MINID ~) only drops whole nodes, and XINFO STREAM counts them.
 * So Restis cuts its entries into the same nodes, and keeps the byte size each listpack would
 * have, computed from Redis's listpack encoding of the same entries.
 */

/** Bytes of one listpack element holding a 64-bit integer (encoding, payload, back length). */
export function listpackIntBytes(value: U64): number {
  if (value >= 0 && value <= 127) return 2;
  if (value >= -4096 && value <= 4095) return 3;
  if (value >= -32768 && value <= 32767) return 4;
  if (value >= -8388608 && value <= 8388607) return 5;
  if (value >= -2147483648 && value <= 2147483647) return 6;
  return 10;
}

/**
 * The value of a text Redis's listpack would store as an integer (string2ll: no sign on zero, no
 * leading zeros, within 64 bits), or undefined. Called for every field and value XADD stores.
 */
function int64TextValue(text: string): number | bigint | undefined {
  const length = text.length;
  if (length === 0 || length > 20) return undefined;
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  if (start === length) return undefined;
  const first = text.charCodeAt(start);
  if (first === 48) return length === 1 ? 0 : undefined;
  if (first < 49 || first > 57) return undefined;
  for (let i = start + 1; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  // Up to 15 digits a double holds the value exactly.
  if (length - start <= 15) return Number(text);
  const value = BigInt(text);
  return value <= 9223372036854775807n && value >= -9223372036854775808n ? value : undefined;
}

/** Bytes of one listpack element holding a string; texts that read as integers are stored as such. */
export function listpackStringBytes(text: string): number {
  const integer = int64TextValue(text);
  if (integer !== undefined) return listpackIntBytes(integer);
  const length = text.length;
  const body = length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;
  const back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  return body + back;
}

/** Listpack header (total bytes, element count) and end marker. */
const LISTPACK_OVERHEAD = 7;
/** Entry flags: the fields are those of the node's master entry. */
const FLAG_SAME_FIELDS = 2;

export class StreamNode {
  /** IDs of every entry the node holds, tombstones included, in order (parallel arrays). */
  ms: U64[] = [];
  seq: U64[] = [];
  /**
   * Field/value pairs of each entry, flattened; null once the entry is deleted. An entry with just
   * the master's single field keeps only its value (the commonest shape, at half the memory).
   */
  entries: Array<string[] | string | null> = [];
  /** Entries not deleted. */
  live = 0;
  /** Entries deleted but still in the node (tombstones). */
  deleted = 0;
  /**
   * False once an entry was appended below one already in the node, which XSETID makes possible
   * (moving the last ID back below deleted entries). Lookups then scan the node in storage order,
   * as Redis's iterator does, instead of bisecting it.
   */
  ordered = true;
  /** The field/value data of deleted entries, by index (for persistence); undefined when none. */
  tombstones: Map<number, string[] | string> | undefined;
  /** Listpack bytes apart from the live and deleted counters. */
  private fixedBytes: number;

  /** The first entry added to the node gives it its ID and its "master" field names. */
  constructor(readonly masterId: StreamId, readonly masterFields: readonly string[]) {
    let bytes = LISTPACK_OVERHEAD + listpackIntBytes(masterFields.length) + listpackIntBytes(0);
    for (const field of masterFields) bytes += listpackStringBytes(field);
    this.fixedBytes = bytes;
  }

  /** What lpBytes() of Redis's listpack for this node would answer. */
  get bytes(): number {
    return this.fixedBytes + listpackIntBytes(this.live) + listpackIntBytes(this.deleted);
  }

  get size(): number {
    return this.ms.length;
  }

  /** Appends an entry (its ID is above every ID already there). */
  append(ms: U64, seq: U64, pairs: string[]): void {
    const fieldCount = pairs.length / 2;
    const master = this.masterFields;
    let sameFields = fieldCount === master.length;
    for (let i = 0; sameFields && i < fieldCount; i++) sameFields = pairs[i * 2] === master[i];
    let bytes = listpackIntBytes(sameFields ? FLAG_SAME_FIELDS : 0)
      + listpackIntBytes(signedDifference(ms, this.masterId.ms))
      + listpackIntBytes(signedDifference(seq, this.masterId.seq));
    if (!sameFields) bytes += listpackIntBytes(fieldCount);
    for (let i = 0; i < pairs.length; i += 2) {
      if (!sameFields) bytes += listpackStringBytes(pairs[i]!);
      bytes += listpackStringBytes(pairs[i + 1]!);
    }
    bytes += listpackIntBytes(fieldCount + 3 + (sameFields ? 0 : fieldCount + 1));
    // Entries repeating the master's field names share its strings rather than keep copies.
    if (sameFields) for (let i = 0; i < fieldCount; i++) pairs[i * 2] = master[i]!;
    const stored = sameFields && fieldCount === 1 ? pairs[1]! : pairs;
    this.fixedBytes += bytes;
    const last = this.ms.length - 1;
    if (last >= 0 && (compareU64(ms, this.ms[last]!) || compareU64(seq, this.seq[last]!)) <= 0) this.ordered = false;
    this.ms.push(ms);
    this.seq.push(seq);
    this.entries.push(stored);
    this.live++;
  }

  /** The flattened field/value pairs of entry `index`, or null for a deleted one. */
  pairsAt(index: number): string[] | null {
    const stored = this.entries[index];
    if (stored === undefined || stored === null) return null;
    return typeof stored === 'string' ? [this.masterFields[0]!, stored] : stored;
  }

  /** Marks entry `index` deleted (flags keep their size, so only the counters change). */
  markDeleted(index: number): void {
    const stored = this.entries[index];
    // Redis keeps a deleted entry's bytes in the listpack (only its flag changes); RDB and DUMP
    // write them back, so they are kept aside.
    if (stored !== undefined && stored !== null) (this.tombstones ??= new Map()).set(index, stored);
    this.entries[index] = null;
    this.live--;
    this.deleted++;
  }

  /** The first index whose ID is >= (ms, seq), or size. */
  lowerBound(ms: U64, seq: U64): number {
    let low = 0;
    let high = this.ms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = compareU64(this.ms[mid]!, ms) || compareU64(this.seq[mid]!, seq);
      if (order < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The last index whose ID is <= (ms, seq), or -1. */
  upperIndex(ms: U64, seq: U64): number {
    let low = 0;
    let high = this.ms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = compareU64(this.ms[mid]!, ms) || compareU64(this.seq[mid]!, seq);
      if (order <= 0) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  /** The pairs entry `index` held, deleted or not. */
  storedPairsAt(index: number): string[] | null {
    const stored = this.entries[index] ?? this.tombstones?.get(index);
    if (stored === undefined || stored === null) return null;
    return typeof stored === 'string' ? [this.masterFields[0]!, stored] : stored;
  }

  /** The ID at `index` as an object. */
  idAt(index: number): StreamId {
    return { ms: this.ms[index]!, seq: this.seq[index]! };
  }

  lastId(): StreamId {
    return this.idAt(this.ms.length - 1);
  }

  clone(): StreamNode {
    const copy = new StreamNode(this.masterId, this.masterFields);
    // Pair arrays are never edited in place, so the copy can share them.
    copy.ms = this.ms.slice();
    copy.seq = this.seq.slice();
    copy.entries = this.entries.slice();
    if (this.tombstones !== undefined) copy.tombstones = new Map(this.tombstones);
    copy.ordered = this.ordered;
    copy.live = this.live;
    copy.deleted = this.deleted;
    copy.fixedBytes = this.fixedBytes;
    return copy;
  }
}

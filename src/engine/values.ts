/**
 * How values are stored. A plain string value is a JavaScript one-byte ("latin1") string: one
 * character per byte, compact in V8 and fast as a Map value. Every other value is an object with
 * a `type`; strings that are edited in place (APPEND, SETRANGE) become a RawString so repeated
 * edits do not copy the whole value.
 */

import { parseInteger } from '../core/args.js';

export type ValueType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export interface BoxedValue {
  readonly type: ValueType;
  /** The name OBJECT ENCODING answers. */
  encoding(): string;
  /** Approximate bytes held, for MEMORY USAGE. */
  memoryUsage(): number;
  /** An independent deep copy (COPY), with the same encoding. */
  clone(): BoxedValue;
}

export type StoredValue = string | BoxedValue;

/** A string value that grows in place, like an sds string with free space. */
export class RawString implements BoxedValue {
  readonly type = 'string' as const;
  private bytes: Buffer;
  length: number;
  /**
   * The byte Redis's string would hold just past its end: its terminator, 0, except after a
   * HyperLogLog split that wrote one byte there (engine/hyperloglog/sparse.ts reads and sets
   * it). Any change of length, and APPEND even of nothing, writes the terminator again.
   */
  declare pastEnd?: number;

  constructor(initial: string, extraCapacity = 0) {
    this.length = initial.length;
    this.bytes = Buffer.allocUnsafe(Math.max(16, initial.length + extraCapacity));
    this.bytes.latin1Write(initial, 0);
  }

  encoding(): string {
    return 'raw';
  }

  clone(): RawString {
    return new RawString(this.toString());
  }

  memoryUsage(): number {
    return this.bytes.length + 48;
  }

  /** Bytes allocated, spare room included (sds's alloc). */
  get capacity(): number {
    return this.bytes.length;
  }

  private reserve(total: number): void {
    if (total <= this.bytes.length) return;
    // Grow like sds: double small strings, add 1 MB to large ones.
    const capacity = total < 1024 * 1024 ? total * 2 : total + 1024 * 1024;
    const grown = Buffer.allocUnsafe(capacity);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /** What Redis's sds functions do on every length change: the byte past the end is 0 again. */
  private rewriteTerminator(): void {
    // Checked first so that strings which never had the field do not all gain it.
    if (this.pastEnd !== undefined) this.pastEnd = undefined;
  }

  append(text: string): void {
    this.rewriteTerminator();
    this.reserve(this.length + text.length);
    this.bytes.latin1Write(text, this.length);
    this.length += text.length;
  }

  /** Overwrites bytes at `offset`, zero-padding any gap first. */
  setRange(offset: number, text: string): void {
    const end = offset + text.length;
    if (end > this.length) {
      this.rewriteTerminator();
      this.reserve(end);
      this.bytes.fill(0, this.length, offset > this.length ? offset : this.length);
      this.length = end;
    }
    this.bytes.latin1Write(text, offset);
  }

  toString(): string {
    return this.bytes.latin1Slice(0, this.length);
  }

  slice(start: number, end: number): string {
    return this.bytes.latin1Slice(start, end);
  }

  /** The byte at `offset`; 0 past the end, as if the string were zero-padded. */
  getByte(offset: number): number {
    return offset < this.length ? this.bytes[offset]! : 0;
  }

  /** Overwrites one byte inside the current length. */
  setByte(offset: number, value: number): void {
    this.bytes[offset] = value;
  }

  /** Grows the string to at least `total` bytes, zero-padding the new ones (bit commands). */
  ensureLength(total: number): void {
    if (total <= this.length) return;
    this.rewriteTerminator();
    this.reserve(total);
    this.bytes.fill(0, this.length, total);
    this.length = total;
  }

  /** Shortens the string to `total` bytes (no-op when it is not longer). */
  truncate(total: number): void {
    if (total >= this.length) return;
    this.length = total;
    this.rewriteTerminator();
  }

  /** Replaces the whole content with a copy of `content`, in a buffer of exactly that size. */
  setBytes(content: Uint8Array): void {
    this.rewriteTerminator();
    this.bytes = Buffer.allocUnsafe(Math.max(16, content.length));
    this.bytes.set(content);
    this.length = content.length;
  }

  /**
   * The current content as bytes, without copying: for reading in bulk and for in-place edits
   * of existing bytes. The view is only valid until the next call that may grow the string.
   */
  bytesView(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

export function typeOfValue(value: StoredValue): ValueType {
  return typeof value === 'string' ? 'string' : value.type;
}

/** The string content of a string value (plain or raw); callers check the type first. */
export function stringContent(value: string | RawString): string {
  return typeof value === 'string' ? value : value.toString();
}

export function isStringValue(value: StoredValue): value is string | RawString {
  return typeof value === 'string' || value.type === 'string';
}

/** OBJECT ENCODING for a plain string value, by Redis's rules for a freshly set value. */
export function plainStringEncoding(text: string): 'int' | 'embstr' | 'raw' {
  // Redis keeps integers that fit in a C long (at most 20 characters) as `int`.
  if (text.length <= 20 && parseInteger(text) !== null) return 'int';
  return text.length <= 44 ? 'embstr' : 'raw';
}

export function valueEncoding(value: StoredValue): string {
  return typeof value === 'string' ? plainStringEncoding(value) : value.encoding();
}

/**
 * An independent copy of a value (COPY). Plain strings are immutable and can be shared; a
 * RawString is edited in place, so it gets its own bytes (and stays `raw`, as Redis's copy does).
 */
export function cloneValue(value: StoredValue): StoredValue {
  return typeof value === 'string' ? value : value.clone();
}

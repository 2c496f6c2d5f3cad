/**
 * Redis's listpack: a 6-byte header (total bytes u32 LE, element count u16 LE, 65535 when
 * unknown), the elements, and an 0xFF end mark. Each element is its encoding (integers in the
 * smallest of 7/13/16/24/32/64 bits, strings with a 6/12/32-bit length) followed by its
 * back-length. Strings that read as canonical int64 integers are stored as integers, as Redis does.
 */

import { RdbError } from './rdb-error.js';

const INT_TEXT = /^(?:0|-?[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The integer a listpack would store `text` as, or undefined when it is stored as a string. */
export function listpackInteger(text: string): number | bigint | undefined {
  if (text.length === 0 || text.length > 20 || !INT_TEXT.test(text)) return undefined;
  if (text.length < 16) return Number(text);
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return undefined;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

export class ListpackBuilder {
  private buffer: Buffer;
  private used = 6;
  count = 0;

  constructor(capacity = 256) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 16));
  }

  get bytes(): number {
    return this.used + 1;
  }

  /** Empties the builder (keeps its buffer). */
  reset(): void {
    this.used = 6;
    this.count = 0;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes + 1 <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.used + bytes + 1) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  private backLength(entryBytes: number): void {
    const b = this.buffer;
    if (entryBytes <= 127) {
      b[this.used++] = entryBytes;
    } else if (entryBytes < 16383) {
      b[this.used++] = entryBytes >>> 7;
      b[this.used++] = (entryBytes & 127) | 128;
    } else if (entryBytes < 2097151) {
      b[this.used++] = entryBytes >>> 14;
      b[this.used++] = ((entryBytes >>> 7) & 127) | 128;
      b[this.used++] = (entryBytes & 127) | 128;
    } else if (entryBytes < 268435455) {
      b[this.used++] = entryBytes >>> 21;
      b[this.used++] = ((entryBytes >>> 14) & 127) | 128;
      b[this.used++] = ((entryBytes >>> 7) & 127) | 128;
      b[this.used++] = (entryBytes & 127) | 128;
    } else {
      b[this.used++] = Math.floor(entryBytes / 2 ** 28);
      b[this.used++] = ((entryBytes >>> 21) & 127) | 128;
      b[this.used++] = ((entryBytes >>> 14) & 127) | 128;
      b[this.used++] = ((entryBytes >>> 7) & 127) | 128;
      b[this.used++] = (entryBytes & 127) | 128;
    }
  }

  integer(value: number | bigint): void {
    this.reserve(14);
    const b = this.buffer;
    const start = this.used;
    const small = typeof value === 'number' ? value : Number(value);
    if (small >= 0 && small <= 127) {
      b[this.used++] = small;
    } else if (small >= -4096 && small <= 4095) {
      const unsigned = small < 0 ? (1 << 13) + small : small;
      b[this.used++] = 0xc0 | (unsigned >>> 8);
      b[this.used++] = unsigned & 0xff;
    } else if (small >= -32768 && small <= 32767) {
      b[this.used++] = 0xf1;
      b.writeInt16LE(small, this.used);
      this.used += 2;
    } else if (small >= -8388608 && small <= 8388607) {
      b[this.used++] = 0xf2;
      b.writeIntLE(small, this.used, 3);
      this.used += 3;
    } else if (small >= -2147483648 && small <= 2147483647) {
      b[this.used++] = 0xf3;
      b.writeInt32LE(small, this.used);
      this.used += 4;
    } else {
      b[this.used++] = 0xf4;
      b.writeBigInt64LE(BigInt(value), this.used);
      this.used += 8;
    }
    this.backLength(this.used - start);
    this.count++;
  }

  /** An element given as text: an integer when it reads as one, else a string. */
  text(text: string): void {
    const integer = listpackInteger(text);
    if (integer !== undefined) return this.integer(integer);
    this.string(text);
  }

  /** An element always stored as a string. */
  string(text: string): void {
    const length = text.length;
    this.reserve(length + 10);
    const b = this.buffer;
    const start = this.used;
    if (length < 64) {
      b[this.used++] = 0x80 | length;
    } else if (length < 4096) {
      b[this.used++] = 0xe0 | (length >>> 8);
      b[this.used++] = length & 0xff;
    } else {
      b[this.used++] = 0xf0;
      b.writeUInt32LE(length, this.used);
      this.used += 4;
    }
    b.latin1Write(text, this.used);
    this.used += length;
    this.backLength(this.used - start);
    this.count++;
  }

  /** The finished listpack (a view of the builder's buffer). */
  finish(): Buffer {
    const b = this.buffer;
    b[this.used] = 0xff;
    const total = this.used + 1;
    b.writeUInt32LE(total, 0);
    b.writeUInt16LE(this.count < 65535 ? this.count : 65535, 4);
    return b.subarray(0, total);
  }
}

/** Bytes an element's back-length takes. */
function backLengthBytes(entryBytes: number): number {
  return entryBytes <= 127 ? 1 : entryBytes < 16383 ? 2 : entryBytes < 2097151 ? 3 : entryBytes < 268435455 ? 4 : 5;
}

/**
 * Reads a listpack's elements as text (integers in decimal), validating every length against
 * the blob; `base` is the blob's offset in the file, for error messages.
 */
export function readListpack(blob: Buffer, base: number): string[] {
  if (blob.length < 7) throw new RdbError('listpack too short', base);
  const total = blob.readUInt32LE(0);
  if (total !== blob.length) throw new RdbError('listpack total bytes do not match its length', base);
  const declared = blob.readUInt16LE(4);
  const out: string[] = [];
  let p = 6;
  const end = blob.length - 1;
  while (p < end) {
    const start = p;
    const first = blob[p]!;
    let text: string;
    if (first < 0x80) {
      text = String(first);
      p += 1;
    } else if (first < 0xc0) {
      const length = first & 0x3f;
      if (p + 1 + length > end) throw new RdbError('listpack string past its end', base + p);
      text = blob.latin1Slice(p + 1, p + 1 + length);
      p += 1 + length;
    } else if (first < 0xe0) {
      if (p + 2 > end) throw new RdbError('listpack integer past its end', base + p);
      let value = ((first & 0x1f) << 8) | blob[p + 1]!;
      if (value >= 1 << 12) value -= 1 << 13;
      text = String(value);
      p += 2;
    } else if (first < 0xf0) {
      if (p + 2 > end) throw new RdbError('listpack string past its end', base + p);
      const length = ((first & 0x0f) << 8) | blob[p + 1]!;
      if (p + 2 + length > end) throw new RdbError('listpack string past its end', base + p);
      text = blob.latin1Slice(p + 2, p + 2 + length);
      p += 2 + length;
    } else {
      const need = first === 0xf0 ? 5 : first === 0xf1 ? 3 : first === 0xf2 ? 4 : first === 0xf3 ? 5 : first === 0xf4 ? 9 : 0;
      if (need === 0) throw new RdbError(`invalid listpack element encoding 0x${first.toString(16)}`, base + p);
      if (p + need > end) throw new RdbError('listpack element past its end', base + p);
      if (first === 0xf0) {
        const length = blob.readUInt32LE(p + 1);
        if (p + 5 + length > end) throw new RdbError('listpack string past its end', base + p);
        text = blob.latin1Slice(p + 5, p + 5 + length);
        p += 5 + length;
      } else {
        text = first === 0xf1 ? String(blob.readInt16LE(p + 1))
          : first === 0xf2 ? String(blob.readIntLE(p + 1, 3))
            : first === 0xf3 ? String(blob.readInt32LE(p + 1))
              : blob.readBigInt64LE(p + 1).toString();
        p += need;
      }
    }
    const entryBytes = p - start;
    p += backLengthBytes(entryBytes);
    if (p > end) throw new RdbError('listpack element past its end', base + start);
    out.push(text);
  }
  if (blob[end] !== 0xff) throw new RdbError('listpack without its end mark', base + end);
  if (declared !== 65535 && declared !== out.length) throw new RdbError('listpack element count does not match its header', base);
  return out;
}

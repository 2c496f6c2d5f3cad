import { ENCODED, ENC_INT16, ENC_INT32, ENC_INT8, ENC_LZF, LENGTH_32, LENGTH_64 } from './format.js';
import { lzfDecompress } from './lzf.js';
import { RdbError } from './rdb-error.js';

const TWO_32 = 4294967296;

/** Reads RDB primitives from one Buffer by offset; every read is bounds-checked. */
export class ByteReader {
  offset = 0;

  constructor(readonly buffer: Buffer, readonly base = 0) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  fail(problem: string, at = this.offset): never {
    throw new RdbError(problem, this.base + at);
  }

  need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) this.fail(`unexpected end of data (${bytes} more bytes needed)`);
  }

  byte(): number {
    this.need(1);
    return this.buffer[this.offset++]!;
  }

  raw(bytes: number): Buffer {
    this.need(bytes);
    const slice = this.buffer.subarray(this.offset, this.offset + bytes);
    this.offset += bytes;
    return slice;
  }

  int32LE(): number {
    this.need(4);
    const value = this.buffer.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A signed 64-bit little-endian integer, as a number when exact, else a bigint. */
  int64LE(): number | bigint {
    this.need(8);
    const low = this.buffer.readUInt32LE(this.offset);
    const high = this.buffer.readInt32LE(this.offset + 4);
    this.offset += 8;
    if (high >= -0x200000 && high < 0x200000) return high * TWO_32 + low;
    return (BigInt(high) << 32n) + BigInt(low);
  }

  doubleLE(): number {
    this.need(8);
    const value = this.buffer.readDoubleLE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A length that may be up to 2^64 - 1: a number when exact, else a bigint. */
  lengthU64(): number | bigint {
    const at = this.offset;
    const first = this.byte();
    const kind = first >>> 6;
    if (kind === 0) return first & 0x3f;
    if (kind === 1) return ((first & 0x3f) << 8) | this.byte();
    if (first === LENGTH_32) {
      this.need(4);
      const value = this.buffer.readUInt32BE(this.offset);
      this.offset += 4;
      return value;
    }
    if (first === LENGTH_64) {
      this.need(8);
      const high = this.buffer.readUInt32BE(this.offset);
      const low = this.buffer.readUInt32BE(this.offset + 4);
      this.offset += 8;
      if (high < 0x200000) return high * TWO_32 + low;
      return (BigInt(high) << 32n) + BigInt(low);
    }
    return this.fail(`invalid length encoding 0x${first.toString(16)}`, at);
  }

  /** A length that must be a safe number (counts, sizes). */
  length(): number {
    const at = this.offset;
    const value = this.lengthU64();
    if (typeof value !== 'number') this.fail('length too large', at);
    return value;
  }

  /** A count of items each taking at least `minBytes`: rejects counts the remaining data cannot hold. */
  count(minBytes = 1): number {
    const at = this.offset;
    const value = this.length();
    if (value * minBytes > this.remaining) this.fail(`count ${value} exceeds the remaining data`, at);
    return value;
  }

  /** A string in any of its encodings, as a binary string. */
  string(): string {
    const first = this.peekEncoding();
    if (first === undefined) {
      const length = this.length();
      this.need(length);
      const text = this.buffer.latin1Slice(this.offset, this.offset + length);
      this.offset += length;
      return text;
    }
    if (first === ENC_LZF) {
      const bytes = this.lzf();
      return bytes.latin1Slice(0, bytes.length);
    }
    return String(this.encodedInteger(first));
  }

  /** A string's bytes (listpacks, intsets, IDs): a view into the file, or decompressed bytes. */
  blob(): Buffer {
    const first = this.peekEncoding();
    if (first === undefined) return this.raw(this.length());
    if (first === ENC_LZF) return this.lzf();
    return Buffer.from(String(this.encodedInteger(first)), 'latin1');
  }

  /** The special encoding of the next string (consumed), or undefined for a plain one (not consumed). */
  private peekEncoding(): number | undefined {
    this.need(1);
    const first = this.buffer[this.offset]!;
    if ((first & 0xc0) !== ENCODED) return undefined;
    this.offset++;
    const kind = first & 0x3f;
    if (kind > ENC_LZF) this.fail(`unknown string encoding ${kind}`, this.offset - 1);
    return kind;
  }

  private encodedInteger(kind: number): number {
    if (kind === ENC_INT8) {
      this.need(1);
      return this.buffer.readInt8(this.offset++);
    }
    if (kind === ENC_INT16) {
      this.need(2);
      const value = this.buffer.readInt16LE(this.offset);
      this.offset += 2;
      return value;
    }
    if (kind !== ENC_INT32) this.fail(`unknown string encoding ${kind}`);
    return this.int32LE();
  }

  private lzf(): Buffer {
    const at = this.offset;
    const compressedLength = this.length();
    const length = this.length();
    if (length > 512 * 1024 * 1024 || length > compressedLength * 256 + 1024) this.fail('implausible LZF string length', at);
    const compressed = this.raw(compressedLength);
    const out = lzfDecompress(compressed, length);
    if (out === undefined) this.fail('invalid LZF compressed string', at);
    return out;
  }
}

import { Crc64 } from './crc64.js';
import { ENCODED, ENC_INT16, ENC_INT32, ENC_INT8, ENC_LZF, LENGTH_32, LENGTH_64 } from './format.js';
import { lzfCompress } from './lzf.js';

const SLAB_BYTES = 64 * 1024;
/** Redis compresses strings longer than this (rdbcompression yes). */
const COMPRESS_ABOVE = 20;
const INT_TEXT = /^(?:0|-?[1-9][0-9]*)$/;

/**
 * Writes RDB primitives into 64 KB slabs handed to `sink` in order, with a running CRC-64 over
 * everything handed out.
 */
export class ByteWriter {
  private slab = Buffer.allocUnsafe(SLAB_BYTES);
  private used = 0;
  readonly crc = new Crc64();
  /** Bytes written so far. */
  written = 0;

  constructor(private readonly sink: (chunk: Buffer) => void, readonly compress = true) {}

  flush(): void {
    if (this.used === 0) return;
    const chunk = this.slab.subarray(0, this.used);
    this.crc.update(chunk);
    this.sink(chunk);
    this.slab = Buffer.allocUnsafe(SLAB_BYTES);
    this.used = 0;
  }

  private room(bytes: number): void {
    if (this.used + bytes > SLAB_BYTES) this.flush();
  }

  byte(value: number): void {
    this.room(1);
    this.slab[this.used++] = value;
    this.written++;
  }

  bytes(data: Uint8Array): void {
    if (data.length > SLAB_BYTES / 2) {
      this.flush();
      this.crc.update(data);
      this.sink(Buffer.from(data));
      this.written += data.length;
      return;
    }
    this.room(data.length);
    this.slab.set(data, this.used);
    this.used += data.length;
    this.written += data.length;
  }

  /** Bytes of a binary string, unprefixed. */
  latin1(text: string): void {
    if (text.length > SLAB_BYTES / 2) {
      this.bytes(Buffer.from(text, 'latin1'));
      return;
    }
    this.room(text.length);
    this.slab.latin1Write(text, this.used);
    this.used += text.length;
    this.written += text.length;
  }

  uint32LE(value: number): void {
    this.room(4);
    this.slab.writeUInt32LE(value >>> 0, this.used);
    this.used += 4;
    this.written += 4;
  }

  /** 8 bytes little-endian (Redis's millisecond times). */
  int64LE(value: number | bigint): void {
    this.room(8);
    this.slab.writeBigInt64LE(BigInt.asIntN(64, BigInt(value)), this.used);
    this.used += 8;
    this.written += 8;
  }

  doubleLE(value: number): void {
    this.room(8);
    this.slab.writeDoubleLE(value, this.used);
    this.used += 8;
    this.written += 8;
  }

  /** A length in Redis's variable-size form; bigints and negatives are taken modulo 2^64. */
  length(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value <= 0xffffffff) {
      if (value < 64) return this.byte(value);
      if (value < 16384) {
        this.byte(0x40 | (value >>> 8));
        return this.byte(value & 0xff);
      }
      this.room(5);
      this.slab[this.used] = LENGTH_32;
      this.slab.writeUInt32BE(value, this.used + 1);
      this.used += 5;
      this.written += 5;
      return;
    }
    this.room(9);
    this.slab[this.used] = LENGTH_64;
    this.slab.writeBigUInt64BE(BigInt.asUintN(64, BigInt(value)), this.used + 1);
    this.used += 9;
    this.written += 9;
  }

  /** An integer in the special int8/16/32 string encodings; false when it does not fit 32 bits. */
  encodedInteger(value: number): boolean {
    if (value >= -128 && value <= 127) {
      this.byte(ENCODED | ENC_INT8);
      this.byte(value & 0xff);
    } else if (value >= -32768 && value <= 32767) {
      this.room(3);
      this.slab[this.used] = ENCODED | ENC_INT16;
      this.slab.writeInt16LE(value, this.used + 1);
      this.used += 3;
      this.written += 3;
    } else if (value >= -2147483648 && value <= 2147483647) {
      this.room(5);
      this.slab[this.used] = ENCODED | ENC_INT32;
      this.slab.writeInt32LE(value, this.used + 1);
      this.used += 5;
      this.written += 5;
    } else {
      return false;
    }
    return true;
  }

  /**
   * A string as Redis's rdbSaveRawString writes it: short canonical integers in 32 bits as
   * integers, long ones LZF-compressed when that saves at least four bytes, the rest plain.
   */
  string(text: string): void {
    const length = text.length;
    if (length <= 11 && length > 0 && INT_TEXT.test(text) && this.encodedInteger(Number(text))) return;
    if (this.compress && length > COMPRESS_ABOVE) {
      const raw = Buffer.from(text, 'latin1');
      if (this.lzf(raw)) return;
      this.length(length);
      this.bytes(raw);
      return;
    }
    this.length(length);
    this.latin1(text);
  }

  /** Bytes (a listpack, an intset) as rdbSaveRawString writes them. */
  blob(data: Uint8Array): void {
    if (this.compress && data.length > COMPRESS_ABOVE && this.lzf(data)) return;
    this.length(data.length);
    this.bytes(data);
  }

  private lzf(data: Uint8Array): boolean {
    const compressed = lzfCompress(data, data.length - 4);
    if (compressed === undefined) return false;
    this.byte(ENCODED | ENC_LZF);
    this.length(compressed.length);
    this.length(data.length);
    this.bytes(compressed);
    return true;
  }
}

/** Collects a ByteWriter's output in memory (DUMP payloads, listpacks). */
export function collectingWriter(compress = true): { writer: ByteWriter; result: () => Buffer } {
  const chunks: Buffer[] = [];
  const writer = new ByteWriter((chunk) => chunks.push(chunk), compress);
  return {
    writer,
    result: () => {
      writer.flush();
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    },
  };
}

/**
 * Redis's ziplist (RDB versions before 10): header (total bytes u32, tail offset u32, count u16),
 * entries (previous entry length, encoding, payload), 0xFF end mark. Read only.
 */

import { RdbError } from './rdb-error.js';

export function readZiplist(blob: Buffer, base: number): string[] {
  if (blob.length < 11) throw new RdbError('ziplist too short', base);
  if (blob.readUInt32LE(0) !== blob.length) throw new RdbError('ziplist total bytes do not match its length', base);
  const declared = blob.readUInt16LE(8);
  const end = blob.length - 1;
  const out: string[] = [];
  let p = 10;
  while (p < end) {
    const start = p;
    p += blob[p] === 0xfe ? 5 : 1;
    if (p >= end) throw new RdbError('ziplist entry past its end', base + start);
    const encoding = blob[p]!;
    let text: string;
    const top = encoding >>> 6;
    if (top === 0 || top === 1 || encoding === 0x80) {
      let length: number;
      if (top === 0) {
        length = encoding & 0x3f;
        p += 1;
      } else if (top === 1) {
        if (p + 2 > end) throw new RdbError('ziplist entry past its end', base + start);
        length = ((encoding & 0x3f) << 8) | blob[p + 1]!;
        p += 2;
      } else {
        if (p + 5 > end) throw new RdbError('ziplist entry past its end', base + start);
        length = blob.readUInt32BE(p + 1);
        p += 5;
      }
      if (p + length > end) throw new RdbError('ziplist string past its end', base + start);
      text = blob.latin1Slice(p, p + length);
      p += length;
    } else {
      const size = encoding === 0xc0 ? 2 : encoding === 0xd0 ? 4 : encoding === 0xe0 ? 8 : encoding === 0xf0 ? 3 : encoding === 0xfe ? 1
        : encoding >= 0xf1 && encoding <= 0xfd ? 0 : -1;
      if (size < 0) throw new RdbError(`invalid ziplist entry encoding 0x${encoding.toString(16)}`, base + p);
      if (p + 1 + size > end) throw new RdbError('ziplist entry past its end', base + start);
      const at = p + 1;
      text = size === 0 ? String((encoding & 0x0f) - 1)
        : size === 1 ? String(blob.readInt8(at))
          : size === 2 ? String(blob.readInt16LE(at))
            : size === 3 ? String(blob.readIntLE(at, 3))
              : size === 4 ? String(blob.readInt32LE(at))
                : blob.readBigInt64LE(at).toString();
      p = at + size;
    }
    out.push(text);
  }
  if (blob[end] !== 0xff) throw new RdbError('ziplist without its end mark', base + end);
  if (declared !== 65535 && declared !== out.length) throw new RdbError('ziplist entry count does not match its header', base);
  return out;
}

/** Redis's zipmap (hashes in RDB files of Redis before 2.6): pairs of length-prefixed strings. */
export function readZipmap(blob: Buffer, base: number): string[] {
  const out: string[] = [];
  let p = 1;
  const readLength = (): number => {
    if (p >= blob.length) throw new RdbError('zipmap past its end', base + p);
    const first = blob[p]!;
    if (first < 254) {
      p += 1;
      return first;
    }
    if (first === 254) {
      if (p + 5 > blob.length) throw new RdbError('zipmap past its end', base + p);
      const length = blob.readUInt32LE(p + 1);
      p += 5;
      return length;
    }
    return -1;
  };
  for (;;) {
    const keyLength = readLength();
    if (keyLength < 0) break;
    if (p + keyLength > blob.length) throw new RdbError('zipmap key past its end', base + p);
    const key = blob.latin1Slice(p, p + keyLength);
    p += keyLength;
    const valueLength = readLength();
    if (valueLength < 0 || p >= blob.length) throw new RdbError('zipmap value missing', base + p);
    const free = blob[p++]!;
    if (p + valueLength + free > blob.length) throw new RdbError('zipmap value past its end', base + p);
    out.push(key, blob.latin1Slice(p, p + valueLength));
    p += valueLength + free;
  }
  return out;
}

/** Redis's intset: encoding width u32 LE (2, 4 or 8), count u32 LE, the integers sorted, LE. */
export function readIntset(blob: Buffer, base: number): string[] {
  if (blob.length < 8) throw new RdbError('intset too short', base);
  const width = blob.readUInt32LE(0);
  const count = blob.readUInt32LE(4);
  if ((width !== 2 && width !== 4 && width !== 8) || 8 + width * count !== blob.length) {
    throw new RdbError('intset header does not match its length', base);
  }
  const out = new Array<string>(count);
  for (let i = 0, at = 8; i < count; i++, at += width) {
    out[i] = width === 2 ? String(blob.readInt16LE(at)) : width === 4 ? String(blob.readInt32LE(at)) : blob.readBigInt64LE(at).toString();
  }
  return out;
}

/** An intset of canonical integer texts already in ascending order. */
export function buildIntset(members: readonly string[], minimumWidth = 2): Buffer {
  let width = minimumWidth;
  const values = members.map((member) => BigInt(member));
  for (const value of values) {
    if (value < -2147483648n || value > 2147483647n) width = 8;
    else if ((value < -32768n || value > 32767n) && width < 4) width = 4;
  }
  const blob = Buffer.allocUnsafe(8 + width * values.length);
  blob.writeUInt32LE(width, 0);
  blob.writeUInt32LE(values.length, 4);
  for (let i = 0, at = 8; i < values.length; i++, at += width) {
    if (width === 2) blob.writeInt16LE(Number(values[i]), at);
    else if (width === 4) blob.writeInt32LE(Number(values[i]), at);
    else blob.writeBigInt64LE(values[i]!, at);
  }
  return blob;
}

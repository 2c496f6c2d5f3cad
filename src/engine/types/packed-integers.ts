/**
 * Signed 64-bit integers packed in a binary string, 8 bytes each: big-endian with the sign bit
 * flipped, so comparing two packed keys as strings orders them as numbers. The intset encoding of
 * sets keeps its members this way, sorted, in one flat string.
 */

const TWO_32 = 4294967296;
/** Texts this short are integers below 2^53 in magnitude: exact as doubles. */
const SAFE_TEXT_LENGTH = 15;
const BIAS = 1n << 63n;

export const KEY_BYTES = 8;

/** The 8-byte key of a canonical int64 text (the caller checked it with string2ll rules). */
export function integerKey(text: string): string {
  let high: number;
  let low: number;
  if (text.length <= SAFE_TEXT_LENGTH) {
    const value = Number(text);
    const signedHigh = Math.floor(value / TWO_32);
    low = value - signedHigh * TWO_32;
    high = (signedHigh + 0x80000000) >>> 0;
  } else {
    const biased = BigInt(text) + BIAS;
    high = Number(biased >> 32n);
    low = Number(biased & 0xffffffffn);
  }
  return String.fromCharCode(high >>> 24, (high >>> 16) & 255, (high >>> 8) & 255, high & 255, low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255);
}

function readUint32(packed: string, offset: number): number {
  return ((packed.charCodeAt(offset) << 24) | (packed.charCodeAt(offset + 1) << 16) | (packed.charCodeAt(offset + 2) << 8) | packed.charCodeAt(offset + 3)) >>> 0;
}

/** The decimal text of the key at byte `offset`. */
export function integerTextAt(packed: string, offset: number): string {
  const high = readUint32(packed, offset);
  const low = readUint32(packed, offset + 4);
  const signedHigh = high - 0x80000000;
  if (signedHigh >= -0x200000 && signedHigh < 0x200000) return String(signedHigh * TWO_32 + low);
  return ((BigInt(high) << 32n) + BigInt(low) - BIAS).toString();
}

/** Compares the key at byte `offset` of `packed` with `key`: negative, zero or positive. */
export function compareKeyAt(packed: string, offset: number, key: string): number {
  for (let i = 0; i < KEY_BYTES; i++) {
    const difference = packed.charCodeAt(offset + i) - key.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Binary search for `key` among the sorted keys: its index when present, otherwise
 * -(insertion index) - 1.
 */
export function searchKey(packed: string, key: string): number {
  let low = 0;
  let high = packed.length / KEY_BYTES - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareKeyAt(packed, middle * KEY_BYTES, key);
    if (order < 0) low = middle + 1;
    else if (order > 0) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}

/**
 * `text` with `deleteCount` bytes at `start` replaced by `insert`, as a new flat string (built in
 * a buffer, so it never holds on to the old string as a rope or a slice would).
 */
export function spliceBytes(text: string, start: number, deleteCount: number, insert: string): string {
  const total = text.length - deleteCount + insert.length;
  const buffer = Buffer.allocUnsafe(total);
  buffer.latin1Write(text, 0, start);
  buffer.latin1Write(insert, start);
  const tailStart = start + deleteCount;
  if (tailStart < text.length) buffer.latin1Write(text.slice(tailStart), start + insert.length);
  return buffer.latin1Slice(0, total);
}

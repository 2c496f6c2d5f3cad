/** Bit counting and searching over bytes; bit 0 is the most significant bit of the first byte. */

const BITS_IN_BYTE = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS_IN_BYTE[i] = (i & 1) + BITS_IN_BYTE[i >> 1]!;

/** Bytes [from, to) of `bytes` that start on a 4-byte boundary of the underlying memory, as words. */
function alignedWords(bytes: Uint8Array, from: number): { words: Uint32Array; start: number } {
  const misalignment = (bytes.byteOffset + from) & 3;
  const start = Math.min(bytes.length, from + (misalignment === 0 ? 0 : 4 - misalignment));
  const count = (bytes.length - start) >>> 2;
  return { words: new Uint32Array(bytes.buffer, bytes.byteOffset + start, count), start };
}

function popcountWord(word: number): number {
  word -= (word >>> 1) & 0x55555555;
  word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
  return Math.imul((word + (word >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export function popcount(bytes: Uint8Array): number {
  if (bytes.length < 64) {
    let count = 0;
    for (let i = 0; i < bytes.length; i++) count += BITS_IN_BYTE[bytes[i]!]!;
    return count;
  }
  const { words, start } = alignedWords(bytes, 0);
  let count = 0;
  for (let i = 0; i < start; i++) count += BITS_IN_BYTE[bytes[i]!]!;
  for (let i = 0; i < words.length; i++) count += popcountWord(words[i]!);
  for (let i = start + words.length * 4; i < bytes.length; i++) count += BITS_IN_BYTE[bytes[i]!]!;
  return count;
}

const CHUNK = 4096;
const ZERO_CHUNK = new Uint8Array(CHUNK);
const ONES_CHUNK = new Uint8Array(CHUNK).fill(0xff);

/**
 * Index of the first byte that is not `skip`, or bytes.length. Long runs are skipped a chunk at
 * a time with a native comparison, then word by word.
 */
function firstByteOtherThan(bytes: Uint8Array, skip: number): number {
  const length = bytes.length;
  let from = 0;
  if (length >= CHUNK) {
    const chunk = skip === 0 ? ZERO_CHUNK : ONES_CHUNK;
    while (from + CHUNK <= length && Buffer.compare(bytes.subarray(from, from + CHUNK), chunk) === 0) from += CHUNK;
    if (from > 0) return from + firstByteOtherThan(bytes.subarray(from, Math.min(length, from + CHUNK)), skip);
  }
  if (length >= 64) {
    const { words, start } = alignedWords(bytes, 0);
    for (let i = 0; i < start; i++) if (bytes[i] !== skip) return i;
    const skipWord = skip === 0 ? 0 : 0xffffffff;
    let w = 0;
    // Four words per step while all of them can be skipped.
    const groups = words.length - 3;
    if (skipWord === 0) while (w < groups && (words[w]! | words[w + 1]! | words[w + 2]! | words[w + 3]!) === 0) w += 4;
    else while (w < groups && (words[w]! & words[w + 1]! & words[w + 2]! & words[w + 3]!) === -1) w += 4;
    while (w < words.length && words[w] === skipWord) w++;
    for (let i = start + w * 4; i < length; i++) if (bytes[i] !== skip) return i;
    return length;
  }
  let i = 0;
  while (i < length && bytes[i] === skip) i++;
  return i;
}

/**
 * Position of the first bit equal to `bit` in `bytes`. When looking for a 0 in bytes that are all
 * ones, the answer is the bit just past the end (the string counts as zero-padded); when looking
 * for a 1 in bytes that are all zeros, -1.
 */
export function firstBit(bytes: Uint8Array, bit: 0 | 1): number {
  const i = firstByteOtherThan(bytes, bit ? 0 : 0xff);
  if (i === bytes.length) return bit ? -1 : bytes.length * 8;
  const byte = bytes[i]!;
  for (let b = 0; b < 8; b++) {
    if (((byte >> (7 - b)) & 1) === bit) return i * 8 + b;
  }
  return -1;
}

/** 32-bit words over `bytes` when its memory is 4-byte aligned and whole words fit, for bulk ops. */
export function wordsIfAligned(bytes: Uint8Array, length: number): Uint32Array | undefined {
  if ((bytes.byteOffset & 3) !== 0 || length < 4) return undefined;
  return new Uint32Array(bytes.buffer, bytes.byteOffset, length >>> 2);
}

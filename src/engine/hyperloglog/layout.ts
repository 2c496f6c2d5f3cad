/**
 * The byte layout of a Redis HyperLogLog string, which GET exposes and clients may store and
 * restore, so it is kept bit for bit:
 *
 *   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | cached cardinality (8 bytes, LE)
 *
 * followed by the registers: 16384 six-bit registers packed LSB first (dense, 12288 bytes) or a
 * run-length encoding of them (sparse, see sparse.ts). The top bit of the cached cardinality set
 * means "stale: recount".
 */

/** log2 of the number of registers. */
export const HLL_P = 14;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_P_MASK = HLL_REGISTERS - 1;
/** Hash bits left for the run of zeroes once the register index is taken. */
export const HLL_Q = 64 - HLL_P;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HEADER_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HEADER_SIZE + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;

const ENCODING_OFFSET = 4;
const CARDINALITY_OFFSET = 8;
const STALE_BIT = 0x80;

/**
 * What PFADD, PFCOUNT and PFMERGE accept as a HyperLogLog (the registers are checked later).
 * `bytes` may be just the start of a value whose full size is `length`.
 */
export function isHyperLogLog(bytes: Uint8Array, length = bytes.length): boolean {
  if (length < HLL_HEADER_SIZE || bytes.length < HLL_HEADER_SIZE) return false;
  if (bytes[0] !== 0x48 || bytes[1] !== 0x59 || bytes[2] !== 0x4c || bytes[3] !== 0x4c) return false;
  const encoding = bytes[ENCODING_OFFSET]!;
  if (encoding > HLL_SPARSE) return false;
  return encoding !== HLL_DENSE || length === HLL_DENSE_SIZE;
}

export function encodingOf(bytes: Uint8Array): number {
  return bytes[ENCODING_OFFSET]!;
}

export function setEncoding(bytes: Uint8Array, encoding: number): void {
  bytes[ENCODING_OFFSET] = encoding;
}

export function markCardinalityStale(bytes: Uint8Array): void {
  bytes[CARDINALITY_OFFSET + 7] |= STALE_BIT;
}

/** The cached cardinality, or undefined when it is stale. */
export function cachedCardinality(bytes: Uint8Array): number | bigint | undefined {
  const top = bytes[CARDINALITY_OFFSET + 7]!;
  if (top & STALE_BIT) return undefined;
  const lo = (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24)) >>> 0;
  const hi = (bytes[12]! | (bytes[13]! << 8) | (bytes[14]! << 16) | (top << 24)) >>> 0;
  if (hi < 0x200000) return hi * 0x100000000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Stores a cardinality (an unsigned 64-bit value) in the header. */
export function storeCardinality(bytes: Uint8Array, cardinality: bigint): void {
  let rest = BigInt.asUintN(64, cardinality);
  for (let i = 0; i < 8; i++) {
    bytes[CARDINALITY_OFFSET + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/**
 * MurmurHash64A (Austin Appleby's 64-bit MurmurHash2), reading the input as little-endian 64-bit
 * words whatever the host, as Redis's HyperLogLog does. The 64-bit arithmetic is done on two
 * unsigned 32-bit halves: BigInt would cost too much per PFADD element.
 */

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO_LOW16 = M_LO & 0xffff;
const M_LO_HIGH16 = M_LO >>> 16;

/** A 64-bit value as two unsigned 32-bit halves. */
export interface Hash64 {
  hi: number;
  lo: number;
}

// Result registers of multiplyByM (no allocation per step).
let productHi = 0;
let productLo = 0;

/** (hi:lo) * M modulo 2^64, left in productHi/productLo. */
function multiplyByM(hi: number, lo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const p00 = a0 * M_LO_LOW16;
  const p01 = a0 * M_LO_HIGH16;
  const p10 = a1 * M_LO_LOW16;
  const p11 = a1 * M_LO_HIGH16;
  const middle = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (middle >>> 16);
  productLo = ((middle << 16) | (p00 & 0xffff)) >>> 0;
  productHi = (carry + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
}

/** Hashes a binary string (one byte per character) into `out`. */
export function murmurHash64A(data: string, seed: number, out: Hash64): Hash64 {
  const length = data.length;
  multiplyByM(0, length);
  let hHi = productHi;
  let hLo = (productLo ^ seed) >>> 0;
  const blocksEnd = length - (length & 7);
  let i = 0;
  for (; i < blocksEnd; i += 8) {
    const kLo = (data.charCodeAt(i) | (data.charCodeAt(i + 1) << 8) | (data.charCodeAt(i + 2) << 16) | (data.charCodeAt(i + 3) << 24)) >>> 0;
    const kHi = (data.charCodeAt(i + 4) | (data.charCodeAt(i + 5) << 8) | (data.charCodeAt(i + 6) << 16) | (data.charCodeAt(i + 7) << 24)) >>> 0;
    multiplyByM(kHi, kLo);
    // k ^= k >> 47 touches only the low half.
    multiplyByM(productHi, (productLo ^ (productHi >>> 15)) >>> 0);
    multiplyByM((hHi ^ productHi) >>> 0, (hLo ^ productLo) >>> 0);
    hHi = productHi;
    hLo = productLo;
  }
  const rest = length & 7;
  if (rest > 0) {
    // Up to 7 trailing bytes, byte j going to bits 8j..8j+7.
    for (let j = rest - 1; j >= 0; j--) {
      const byte = data.charCodeAt(i + j);
      if (j >= 4) hHi = (hHi ^ (byte << (8 * (j - 4)))) >>> 0;
      else hLo = (hLo ^ (byte << (8 * j))) >>> 0;
    }
    multiplyByM(hHi, hLo);
    hHi = productHi;
    hLo = productLo;
  }
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  multiplyByM(hHi, hLo);
  hHi = productHi;
  hLo = (productLo ^ (productHi >>> 15)) >>> 0;
  out.hi = hHi;
  out.lo = hLo;
  return out;
}

/** The same hash as one unsigned 64-bit BigInt (tests, debugging). */
export function murmurHash64ABigInt(data: string, seed: number): bigint {
  const { hi, lo } = murmurHash64A(data, seed, { hi: 0, lo: 0 });
  return (BigInt(hi) << 32n) | BigInt(lo);
}

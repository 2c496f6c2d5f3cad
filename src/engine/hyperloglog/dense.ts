/**
 * The dense encoding: 16384 six-bit registers packed from the least significant bit of each byte
 * upwards, right after the 16-byte header. A register may straddle two bytes; the last one reads
 * one byte past the end, which is treated as zero (Redis reads the sds terminator there).
 */
import { HLL_HEADER_SIZE, HLL_REGISTERS, HLL_REGISTER_MAX } from './layout.js';

export function denseGet(bytes: Uint8Array, register: number): number {
  const bit = register * 6;
  const at = HLL_HEADER_SIZE + (bit >>> 3);
  const shift = bit & 7;
  const next = at + 1 < bytes.length ? bytes[at + 1]! : 0;
  return ((bytes[at]! >>> shift) | (next << (8 - shift))) & HLL_REGISTER_MAX;
}

export function denseSet(bytes: Uint8Array, register: number, value: number): void {
  const bit = register * 6;
  const at = HLL_HEADER_SIZE + (bit >>> 3);
  const shift = bit & 7;
  bytes[at] = (bytes[at]! & ~(HLL_REGISTER_MAX << shift)) | ((value << shift) & 0xff);
  if (shift > 2 && at + 1 < bytes.length) {
    bytes[at + 1] = (bytes[at + 1]! & ~(HLL_REGISTER_MAX >>> (8 - shift))) | (value >>> (8 - shift));
  }
}

/** Raises a register to `count` if it is lower; 1 when it changed, else 0. */
export function denseRaise(bytes: Uint8Array, register: number, count: number): 0 | 1 {
  if (count <= denseGet(bytes, register)) return 0;
  denseSet(bytes, register, count);
  return 1;
}

/** Adds each register's value to `histogram` (indexed by register value, 64 slots). */
export function denseHistogram(bytes: Uint8Array, histogram: Int32Array): void {
  // Four registers fill three bytes exactly.
  let at = HLL_HEADER_SIZE;
  for (let group = 0; group < HLL_REGISTERS / 4; group++, at += 3) {
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    const b2 = bytes[at + 2]!;
    histogram[b0 & 63]!++;
    histogram[((b0 >>> 6) | (b1 << 2)) & 63]!++;
    histogram[((b1 >>> 4) | (b2 << 4)) & 63]!++;
    histogram[b2 >>> 2]!++;
  }
}

/** max[i] = max(max[i], register i) for every register. */
export function denseMergeInto(bytes: Uint8Array, max: Uint8Array): void {
  let at = HLL_HEADER_SIZE;
  for (let register = 0; register < HLL_REGISTERS; register += 4, at += 3) {
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    const b2 = bytes[at + 2]!;
    const r0 = b0 & 63;
    const r1 = ((b0 >>> 6) | (b1 << 2)) & 63;
    const r2 = ((b1 >>> 4) | (b2 << 4)) & 63;
    const r3 = b2 >>> 2;
    if (r0 > max[register]!) max[register] = r0;
    if (r1 > max[register + 1]!) max[register + 1] = r1;
    if (r2 > max[register + 2]!) max[register + 2] = r2;
    if (r3 > max[register + 3]!) max[register + 3] = r3;
  }
}

/** Raises every register to at least max[i], four registers (three bytes) at a time. */
export function denseRaiseAll(bytes: Uint8Array, max: Uint8Array): void {
  let at = HLL_HEADER_SIZE;
  for (let register = 0; register < HLL_REGISTERS; register += 4, at += 3) {
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    const b2 = bytes[at + 2]!;
    const r0 = Math.max(b0 & 63, max[register]!);
    const r1 = Math.max(((b0 >>> 6) | (b1 << 2)) & 63, max[register + 1]!);
    const r2 = Math.max(((b1 >>> 4) | (b2 << 4)) & 63, max[register + 2]!);
    const r3 = Math.max(b2 >>> 2, max[register + 3]!);
    bytes[at] = r0 | (r1 << 6);
    bytes[at + 1] = (r1 >>> 2) | (r2 << 4);
    bytes[at + 2] = (r2 >>> 4) | (r3 << 2);
  }
}

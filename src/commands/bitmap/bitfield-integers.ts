/**
 * Integer fields of 1..64 bits at any bit offset of a string (BITFIELD), read and written most
 * significant bit first, with Redis's three overflow behaviours. Arithmetic is in BigInt and
 * follows Redis's 64-bit rules exactly, including where its own intermediate values wrap.
 */
import type { RawString } from '../../engine/values.js';
import { byteAt, type StringValue } from './bit-strings.js';

export type OverflowMode = 'wrap' | 'sat' | 'fail';

export interface FieldType {
  signed: boolean;
  bits: number;
}

/** The unsigned value of the field; bytes past the end of the string read as zeros. */
export function readUnsigned(value: StringValue | undefined, offset: number, bits: number): bigint {
  if (value === undefined) return 0n;
  const firstByte = Math.floor(offset / 8);
  const lastByte = Math.floor((offset + bits - 1) / 8);
  let word = 0n;
  for (let i = firstByte; i <= lastByte; i++) word = (word << 8n) | BigInt(byteAt(value, i));
  const trailing = BigInt((lastByte + 1) * 8 - (offset + bits));
  return (word >> trailing) & ((1n << BigInt(bits)) - 1n);
}

export function readField(value: StringValue | undefined, offset: number, type: FieldType): bigint {
  const raw = readUnsigned(value, offset, type.bits);
  return type.signed ? BigInt.asIntN(type.bits, raw) : raw;
}

/** Writes the low `bits` bits of `field` at `offset`; the string is already long enough. */
export function writeField(target: RawString, offset: number, bits: number, field: bigint): void {
  const firstByte = Math.floor(offset / 8);
  const lastByte = Math.floor((offset + bits - 1) / 8);
  const trailing = BigInt((lastByte + 1) * 8 - (offset + bits));
  let word = 0n;
  for (let i = firstByte; i <= lastByte; i++) word = (word << 8n) | BigInt(target.getByte(i));
  const mask = ((1n << BigInt(bits)) - 1n) << trailing;
  word = (word & ~mask) | ((BigInt.asUintN(bits, field) << trailing) & mask);
  for (let i = lastByte; i >= firstByte; i--) {
    target.setByte(i, Number(word & 0xffn));
    word >>= 8n;
  }
}

/** The outcome of adding `increment` to a field value: the value to store, or undefined (FAIL). */
export interface Adjusted {
  overflowed: boolean;
  result: bigint;
}

const UINT64 = (value: bigint): bigint => BigInt.asUintN(64, value);
const INT64 = (value: bigint): bigint => BigInt.asIntN(64, value);

/** `current` (as an unsigned 64-bit value) plus `increment` in an unsigned field of `bits` bits. */
export function adjustUnsigned(current: bigint, increment: bigint, bits: number, mode: OverflowMode): Adjusted {
  const max = (1n << BigInt(bits)) - 1n;
  const wrapped = (): bigint => UINT64(current + increment) & max;
  if (current > max || (increment > 0n && increment > INT64(max - current))) {
    return { overflowed: true, result: mode === 'sat' ? max : wrapped() };
  }
  if (increment < 0n && increment < INT64(-current)) {
    return { overflowed: true, result: mode === 'sat' ? 0n : wrapped() };
  }
  return { overflowed: false, result: UINT64(current + increment) };
}

/** `current` plus `increment` in a signed field of `bits` bits. */
export function adjustSigned(current: bigint, increment: bigint, bits: number, mode: OverflowMode): Adjusted {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxIncrement = INT64(UINT64(max) - UINT64(current));
  const minIncrement = INT64(min - current);
  const wrapped = (): bigint => BigInt.asIntN(bits, UINT64(current + increment));
  if (current > max || (bits !== 64 && increment > maxIncrement) || (current >= 0n && increment > 0n && increment > maxIncrement)) {
    return { overflowed: true, result: mode === 'sat' ? max : wrapped() };
  }
  if (current < min || (bits !== 64 && increment < minIncrement) || (current < 0n && increment < 0n && increment < minIncrement)) {
    return { overflowed: true, result: mode === 'sat' ? min : wrapped() };
  }
  return { overflowed: false, result: current + increment };
}

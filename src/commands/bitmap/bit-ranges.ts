import { parseInt64, parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { cKeyword } from './c-keyword.js';

/**
 * A byte range of a string after BITCOUNT/BITPOS index rules, with the bits of the first and last
 * byte that lie outside a BIT-unit range (masks of bits to ignore, MSB = bit 0).
 */
export interface BitRange {
  start: number;
  end: number;
  firstByteIgnored: number;
  lastByteIgnored: number;
}

/** Parses an integer argument, replying "not an integer" when it is not one. */
export function integerArgument(reply: Reply, text: string): number | undefined {
  const value = parseInteger(text);
  if (value === null) {
    reply.error(ERR_NOT_INTEGER);
    return undefined;
  }
  return value;
}

/** The BYTE|BIT unit argument: true for BIT; undefined after replying a syntax error. */
export function unitArgument(reply: Reply, text: string): boolean | undefined {
  const unit = cKeyword(text);
  if (unit === 'bit') return true;
  if (unit === 'byte') return false;
  reply.error(ERR_SYNTAX);
  return undefined;
}

/** start > end for two negative indexes, exact even where doubles cannot tell them apart. */
export function negativeRangeIsEmpty(start: number, end: number, startText: string, endText: string): boolean {
  if (start !== end || Number.isSafeInteger(start)) return start > end;
  return parseInt64(startText)! > parseInt64(endText)!;
}

/**
 * Resolves inclusive start/end indexes (negative ones count from the end) over a string of
 * `byteLength` bytes, in bytes or bits, to a byte range. start > end means empty.
 */
export function resolveRange(byteLength: number, start: number, end: number, inBits: boolean): BitRange {
  const total = inBits ? byteLength * 8 : byteLength;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  let firstByteIgnored = 0;
  let lastByteIgnored = 0;
  if (inBits && start <= end) {
    firstByteIgnored = ~((1 << (8 - (start % 8))) - 1) & 0xff;
    lastByteIgnored = (1 << (7 - (end % 8))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstByteIgnored, lastByteIgnored };
}

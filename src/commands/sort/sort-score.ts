import { strtod } from '../../core/args.js';

/** The part of a binary string a C string function sees: everything before the first NUL byte. */
export function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

function isCSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const PLAIN_DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;
const INFINITY_WORD = /^[+-]?inf(?:inity)?$/i;
const DECIMAL_PARTS = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_PARTS = /^[+-]?0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/** 2^1074: a subnormal double times this is the integer count of its smallest units. */
const SUBNORMAL_SCALE = 2n ** 1074n;

/**
 * Whether `text` (which strtod read whole) denotes exactly the subnormal `value`: C's strtod
 * reports ERANGE for an inexact result in the subnormal range, and SORT treats that as an error.
 */
function isExactSubnormal(text: string, value: number): boolean {
  // |value| * 2^1074 is an integer below 2^52; two exact multiplications, as 2^1074 overflows.
  const units = BigInt(Math.abs(value) * 2 ** 537 * 2 ** 537);
  const hex = HEX_PARTS.exec(text);
  if (hex) {
    const digits = (hex[1] ?? '') + (hex[2] ?? '');
    const exponent = Number(hex[3] ?? 0) - 4 * (hex[2] ?? '').length + 1074;
    const mantissa = BigInt('0x' + (digits || '0'));
    // mantissa * 2^exponent must equal units.
    return exponent >= 0 ? mantissa << BigInt(exponent) === units : mantissa === units << BigInt(-exponent);
  }
  const decimal = DECIMAL_PARTS.exec(text);
  if (!decimal) return false;
  const digits = (decimal[1] ?? '') + (decimal[2] ?? '');
  const exponent = Number(decimal[3] ?? 0) - (decimal[2] ?? '').length;
  const mantissa = BigInt(digits || '0');
  // mantissa * 10^exponent * 2^1074 must equal units; subnormal texts have a negative exponent.
  if (exponent >= 0) return false;
  return mantissa * SUBNORMAL_SCALE === units * 10n ** BigInt(-exponent);
}

/**
 * A SORT weight as Redis computes it: C's strtod over the value as a C string (it stops at a NUL
 * byte), which must reach that end; leading white space is skipped, an empty text counts as 0.
 * Answers null where Redis reports "One or more scores can't be converted into double": text
 * left over, NaN, or ERANGE (overflow, or an inexact result at or below the subnormal range).
 */
export function sortWeight(value: string): number | null {
  // Plain decimals (most weights) read the same everywhere: skip the general path.
  if (value.length < 16 && PLAIN_DECIMAL.test(value)) return Number(value);
  const text = cString(value);
  if (text.length === 0) return 0;
  let start = 0;
  while (start < text.length && isCSpace(text.charCodeAt(start))) start++;
  const body = text.slice(start);
  const weight = body.length === 0 ? null : strtod(body);
  if (weight === null || Number.isNaN(weight)) return null;
  if (!Number.isFinite(weight)) return INFINITY_WORD.test(body) ? weight : null;
  const magnitude = Math.abs(weight);
  if (magnitude === 0) return /[1-9a-fA-F]/.test(body.replace(/^[+-]?0[xX]/, '').replace(/[eEpP].*$/, '')) ? null : weight;
  if (magnitude < 2 ** -1022 && !isExactSubnormal(body, weight)) return null;
  return weight;
}

/** Argument parsing with Redis's exact rules (string2ll, strtod). Arguments are binary strings. */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** True when `text` is an integer Redis's string2ll accepts (no '+', no leading zeros, no spaces). */
function isInt64Syntax(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 20) return false;
  if (length === 1) return text.charCodeAt(0) >= 48 && text.charCodeAt(0) <= 57;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (i === length) return false;
  const first = text.charCodeAt(i);
  if (first < 49 || first > 57) return false;
  for (i++; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Parses a signed 64-bit integer. Returns null when Redis would answer "not an integer". Values
 * beyond +-2^53 come back as the nearest double: exact enough for range checks, not for
 * arithmetic (use parseInt64 there).
 */
export function parseInteger(text: string): number | null {
  const length = text.length;
  if (length < 16) {
    if (!isInt64Syntax(text)) return null;
    return Number(text);
  }
  const exact = parseInt64(text);
  return exact === null ? null : Number(exact);
}

/** Exact signed 64-bit parse. */
export function parseInt64(text: string): bigint | null {
  if (!isInt64Syntax(text)) return null;
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) return null;
  return value;
}

export function isInt64(value: bigint): boolean {
  return value <= INT64_MAX && value >= INT64_MIN;
}

export { INT64_MAX, INT64_MIN };

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_WORD = /^[+-]?(?:inf|infinity)$/i;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

const NAN_WORD = /^[+-]?nan$/i;

/** C's strtod reading a whole text (decimal, hex, inf, nan), or null where it would stop short. */
export function strtod(text: string): number | null {
  if (DECIMAL_FLOAT.test(text)) return Number(text);
  if (INFINITY_WORD.test(text)) return text.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (NAN_WORD.test(text)) return NaN;
  const hex = HEX_FLOAT.exec(text);
  if (hex && (hex[2] || hex[3])) {
    const fraction = hex[3] ?? '';
    let value = parseInt((hex[2] || '0') + fraction, 16) / 16 ** fraction.length;
    if (hex[4]) value *= 2 ** Number(hex[4]);
    return hex[1] === '-' ? -value : value;
  }
  return null;
}

/**
 * Redis's string2d: strtod that must consume the whole text, with no leading space, no NaN,
 * and no overflow to infinity or underflow to zero from a non-zero text. Accepts "inf".
 */
export function parseDouble(text: string): number | null {
  if (text.length === 0 || text.length > 5 * 1024) return null;
  const first = text.charCodeAt(0);
  if (first === 32 || (first >= 9 && first <= 13)) return null;
  const value = strtod(text);
  if (value === null || Number.isNaN(value)) return null;
  if (!Number.isFinite(value) && !INFINITY_WORD.test(text)) return null;
  if (value === 0 && /[1-9]/.test(text.replace(/[eEpP].*$/, ''))) return null;
  return value;
}

/** ASCII case-insensitive comparison of an argument with a lower-case keyword. */
export function isKeyword(arg: string, lowerKeyword: string): boolean {
  return arg.length === lowerKeyword.length && (arg === lowerKeyword || arg.toLowerCase() === lowerKeyword);
}

/** Lower-cases an option argument for a switch statement; long arguments cannot be options. */
export function keywordOf(arg: string): string {
  return arg.length > 32 ? '' : arg.toLowerCase();
}

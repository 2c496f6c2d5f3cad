/**
 * x87 80-bit extended precision ("long double" on x86-64 Linux), emulated exactly with BigInt.
 *
 * Redis's INCRBYFLOAT parses with strtold, adds two long doubles and prints the sum with
 * "%.17Lf". A JavaScript double has 11 fewer mantissa bits, so its results differ (10000000000 +
 * 0.1 prints as "10000000000.09999999962747097" in Redis). This module reproduces each step:
 * correctly rounded parsing, one correctly rounded addition, exact printing.
 *
 * Format facts: 64-bit significand with an explicit leading bit, largest finite value just under
 * 2^16384, and no value (normal or subnormal) has a bit below 2^-16445, the smallest subnormal.
 */

const MANTISSA_BITS = 64;
const MANTISSA_LIMIT = 1n << 64n;
/** Exponent of the least significant mantissa bit of the smallest subnormal. */
const MIN_LSB_EXPONENT = -16445;
/** Exponent of the highest bit of the largest finite value. */
const MAX_TOP_EXPONENT = 16383;
/** strtold reads texts shorter than this (Redis copies them into a buffer of this size). */
const MAX_TEXT_LENGTH = 5 * 1024;
/** Decimal exponents beyond these bounds cannot round to a finite, non-zero long double. */
const DECIMAL_OVERFLOW_EXPONENT = 4933;
const DECIMAL_UNDERFLOW_EXPONENT = -4952;

/** A finite value: (-1)^negative * mantissa * 2^exponent, mantissa < 2^64. Zero has mantissa 0. */
export interface FiniteLongDouble {
  readonly kind: 'finite';
  readonly negative: boolean;
  readonly mantissa: bigint;
  readonly exponent: number;
}

export interface InfiniteLongDouble {
  readonly kind: 'infinite';
  readonly negative: boolean;
}

export type LongDouble = FiniteLongDouble | InfiniteLongDouble;

export function finite(negative: boolean, mantissa: bigint, exponent: number): FiniteLongDouble {
  return { kind: 'finite', negative, mantissa, exponent };
}

const POSITIVE_ZERO = finite(false, 0n, 0);

function infinite(negative: boolean): InfiniteLongDouble {
  return { kind: 'infinite', negative };
}

/** A non-zero text whose value overflows to infinity or underflows to zero (strtold's ERANGE). */
const OUT_OF_RANGE = 'out-of-range' as const;
type ReadResult = LongDouble | typeof OUT_OF_RANGE | undefined;

function checkRange(value: LongDouble): LongDouble | typeof OUT_OF_RANGE {
  return value.kind === 'infinite' || value.mantissa === 0n ? OUT_OF_RANGE : value;
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/**
 * Rounds the exact value (-1)^negative * numerator / denominator * 2^exponent to the nearest long
 * double, ties to even, as the FPU does in its default mode. Overflow gives an infinity and
 * underflow a (signed) zero.
 */
export function roundToLongDouble(negative: boolean, numerator: bigint, denominator: bigint, exponent: number): LongDouble {
  if (numerator === 0n) return finite(negative, 0n, 0);
  // Scale so the integer quotient has 66 or 67 bits: 64 to keep, at least two to round with.
  const shift = MANTISSA_BITS + 2 - (bitLength(numerator) - bitLength(denominator));
  const scaledNumerator = shift >= 0 ? numerator << BigInt(shift) : numerator;
  const scaledDenominator = shift >= 0 ? denominator : denominator << BigInt(-shift);
  const quotient = scaledNumerator / scaledDenominator;
  const remainderNonZero = quotient * scaledDenominator !== scaledNumerator;
  const quotientExponent = exponent - shift;
  let lsbExponent = quotientExponent + bitLength(quotient) - MANTISSA_BITS;
  if (lsbExponent < MIN_LSB_EXPONENT) lsbExponent = MIN_LSB_EXPONENT;
  const dropped = BigInt(lsbExponent - quotientExponent);
  let mantissa = quotient >> dropped;
  const rest = quotient - (mantissa << dropped);
  const half = 1n << (dropped - 1n);
  if (rest > half || (rest === half && (remainderNonZero || (mantissa & 1n) === 1n))) {
    mantissa += 1n;
    if (mantissa === MANTISSA_LIMIT) {
      mantissa >>= 1n;
      lsbExponent += 1;
    }
  }
  if (mantissa === 0n) return finite(negative, 0n, 0);
  if (lsbExponent + bitLength(mantissa) - 1 > MAX_TOP_EXPONENT) return infinite(negative);
  return finite(negative, mantissa, lsbExponent);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function hexDigitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Reads [+-]?digits at `start`, saturating huge exponents; undefined when no digit follows. */
function readExponent(text: string, start: number): { value: number; end: number } | undefined {
  let i = start;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  const firstDigit = i;
  let value = 0;
  while (i < text.length && isDigit(text.charCodeAt(i))) {
    if (value < 1e9) value = value * 10 + (text.charCodeAt(i) - 48);
    i++;
  }
  if (i === firstDigit) return undefined;
  return { value: negative ? -value : value, end: i };
}

/** The value of a decimal text; undefined when it is not entirely a decimal number. */
function parseDecimal(negative: boolean, text: string, start: number): ReadResult {
  let i = start;
  let digits = '';
  let fractionDigits = 0;
  let sawDigit = false;
  while (i < text.length && isDigit(text.charCodeAt(i))) { digits += text[i++]; sawDigit = true; }
  if (text[i] === '.') {
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) { digits += text[i++]; fractionDigits++; sawDigit = true; }
  }
  if (!sawDigit) return undefined;
  let exponent10 = -fractionDigits;
  if (i < text.length && (text[i] === 'e' || text[i] === 'E')) {
    const exponent = readExponent(text, i + 1);
    if (exponent === undefined) return undefined;
    exponent10 += exponent.value;
    i = exponent.end;
  }
  if (i !== text.length) return undefined;
  // Only the significant digits matter: drop leading zeros, fold trailing zeros into the exponent.
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 48) first++;
  if (first === digits.length) return finite(negative, 0n, 0);
  let last = digits.length;
  while (digits.charCodeAt(last - 1) === 48) last--;
  exponent10 += digits.length - last;
  const significant = digits.slice(first, last);
  const leadingExponent = exponent10 + significant.length - 1;
  if (leadingExponent > DECIMAL_OVERFLOW_EXPONENT || leadingExponent < DECIMAL_UNDERFLOW_EXPONENT) return OUT_OF_RANGE;
  const coefficient = BigInt(significant);
  if (exponent10 >= 0) return checkRange(roundToLongDouble(negative, coefficient * 10n ** BigInt(exponent10), 1n, 0));
  return checkRange(roundToLongDouble(negative, coefficient, 10n ** BigInt(-exponent10), 0));
}

/** The value of a hexadecimal text after its "0x"; undefined when it is not entirely one. */
function parseHex(negative: boolean, text: string, start: number): ReadResult {
  let i = start;
  let coefficient = 0n;
  let fractionDigits = 0;
  let sawDigit = false;
  let digit: number;
  while (i < text.length && (digit = hexDigitValue(text.charCodeAt(i))) >= 0) {
    coefficient = coefficient * 16n + BigInt(digit);
    sawDigit = true;
    i++;
  }
  if (text[i] === '.') {
    i++;
    while (i < text.length && (digit = hexDigitValue(text.charCodeAt(i))) >= 0) {
      coefficient = coefficient * 16n + BigInt(digit);
      fractionDigits++;
      sawDigit = true;
      i++;
    }
  }
  if (!sawDigit) return undefined;
  let exponent2 = -4 * fractionDigits;
  if (i < text.length && (text[i] === 'p' || text[i] === 'P')) {
    const exponent = readExponent(text, i + 1);
    if (exponent === undefined) return undefined;
    exponent2 += exponent.value;
    i = exponent.end;
  }
  if (i !== text.length) return undefined;
  if (coefficient === 0n) return finite(negative, 0n, 0);
  const topExponent = exponent2 + bitLength(coefficient) - 1;
  if (topExponent > MAX_TOP_EXPONENT + 1 || topExponent < MIN_LSB_EXPONENT - 2) return OUT_OF_RANGE;
  return checkRange(roundToLongDouble(negative, coefficient, 1n, exponent2));
}

function matchesWordAt(text: string, start: number, lowerWord: string): boolean {
  return text.length - start === lowerWord.length && text.slice(start).toLowerCase() === lowerWord;
}

/**
 * strtold over the whole text: decimal, hexadecimal ("0x1.8p3") and "inf"/"infinity" forms with
 * an optional sign. Undefined when any character is left over (strtold would stop early) or for
 * "nan", which Redis refuses; OUT_OF_RANGE where strtold reports ERANGE with an infinity or zero.
 */
function readLongDouble(text: string): ReadResult {
  let i = 0;
  let negative = false;
  if (text[0] === '+' || text[0] === '-') { negative = text[0] === '-'; i = 1; }
  if ((text.charCodeAt(i) | 0x20) === 0x69 /* i */) {
    return matchesWordAt(text, i, 'inf') || matchesWordAt(text, i, 'infinity') ? infinite(negative) : undefined;
  }
  // Without a hex digit after "0x", strtold reads only the "0": characters are left over.
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) return parseHex(negative, text, i + 2);
  return parseDecimal(negative, text, i);
}

/**
 * Redis's string2ld: the whole text must be one long double, with no leading whitespace and no
 * overflow or underflow to zero; "inf" itself is accepted (the sum then fails). Undefined means
 * "value is not a valid float".
 */
export function parseLongDouble(text: string): LongDouble | undefined {
  if (text.length === 0 || text.length >= MAX_TEXT_LENGTH) return undefined;
  const first = text.charCodeAt(0);
  if (first === 32 || (first >= 9 && first <= 13)) return undefined;
  const value = readLongDouble(text);
  return value === OUT_OF_RANGE ? undefined : value;
}

/** The exactly rounded sum, as an FPU adds two long doubles. NaN (inf - inf) is undefined. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | undefined {
  if (a.kind === 'infinite' || b.kind === 'infinite') {
    if (a.kind === 'infinite' && b.kind === 'infinite' && a.negative !== b.negative) return undefined;
    return a.kind === 'infinite' ? a : b;
  }
  if (a.mantissa === 0n && b.mantissa === 0n) return a.negative && b.negative ? a : POSITIVE_ZERO;
  if (a.mantissa === 0n) return b;
  if (b.mantissa === 0n) return a;
  const exponent = Math.min(a.exponent, b.exponent);
  const left = a.mantissa << BigInt(a.exponent - exponent);
  const right = b.mantissa << BigInt(b.exponent - exponent);
  const sum = (a.negative ? -left : left) + (b.negative ? -right : right);
  if (sum === 0n) return POSITIVE_ZERO;
  return roundToLongDouble(sum < 0n, sum < 0n ? -sum : sum, 1n, exponent);
}

/**
 * printf("%.17Lf") followed by Redis's trimming: trailing fraction zeros and a bare '.' go, and
 * a negative value that prints as zero becomes "0". Rounding of the 17th decimal is exact, ties
 * to even, as glibc does.
 */
export function formatLongDoubleHuman(value: FiniteLongDouble): string {
  const { mantissa, exponent } = value;
  if (mantissa === 0n) return '0';
  if (exponent >= 0) return (value.negative ? '-' : '') + (mantissa << BigInt(exponent)).toString();
  const shift = BigInt(-exponent);
  const scaled = mantissa * 10n ** 17n;
  let units = scaled >> shift;
  const rest = scaled - (units << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (units & 1n) === 1n)) units += 1n;
  if (units === 0n) return '0';
  const digits = units.toString().padStart(18, '0');
  const whole = digits.slice(0, -17);
  let fractionEnd = 17;
  const fraction = digits.slice(-17);
  while (fractionEnd > 0 && fraction.charCodeAt(fractionEnd - 1) === 48) fractionEnd--;
  const text = fractionEnd === 0 ? whole : `${whole}.${fraction.slice(0, fractionEnd)}`;
  return value.negative ? `-${text}` : text;
}

export type IncrementResult = { value: string } | { error: 'not-float' | 'not-finite' };

/**
 * INCRBYFLOAT's arithmetic on texts: `current` (undefined for a missing key, counting as 0) plus
 * `increment`, printed as Redis stores it.
 */
export function incrementByFloat(current: string | undefined, increment: string): IncrementResult {
  const base = current === undefined ? POSITIVE_ZERO : parseLongDouble(current);
  if (base === undefined) return { error: 'not-float' };
  const delta = parseLongDouble(increment);
  if (delta === undefined) return { error: 'not-float' };
  const sum = addLongDouble(base, delta);
  if (sum === undefined || sum.kind === 'infinite') return { error: 'not-finite' };
  return { value: formatLongDoubleHuman(sum) };
}

/** The exactly rounded product of a finite long double and an integer, as the FPU computes it. */
export function multiplyLongDouble(value: FiniteLongDouble, factor: bigint): LongDouble {
  const negative = value.negative !== factor < 0n;
  const magnitude = factor < 0n ? -factor : factor;
  return roundToLongDouble(negative, value.mantissa * magnitude, 1n, value.exponent);
}

/** C's ceill of a finite long double, as an exact integer. */
export function ceilLongDouble(value: FiniteLongDouble): bigint {
  if (value.exponent >= 0) {
    const whole = value.mantissa << BigInt(value.exponent);
    return value.negative ? -whole : whole;
  }
  const shift = BigInt(-value.exponent);
  const truncated = value.mantissa >> shift;
  const fractional = (truncated << shift) !== value.mantissa;
  // Rounding up moves positive values away from zero and negative ones toward it.
  return value.negative ? -truncated : truncated + (fractional ? 1n : 0n);
}

/**
 * How GEO replies print numbers, as C's printf does: "%.4f" for distances, "%.6f" in the invalid
 * coordinates error, and "%.17Lf" without trailing zeros for coordinates (Redis's "human" long
 * double; a double widened to long double keeps its exact value). Rounding is exact, ties to even.
 */

/**
 * True when `value` lies exactly halfway between two multiples of 10^-digits: its lowest set bit
 * must then be 2^-(digits + 1). Only then can JavaScript's toFixed (ties away from zero) differ.
 */
function isDecimalTie(value: number, digits: number): boolean {
  return Number.isInteger(value * 2 ** (digits + 1)) && !Number.isInteger(value * 2 ** digits);
}

/** The exact decimal rounding of a finite double, ties to even, with BigInt. */
function exactFixed(value: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const raw = view.getBigUint64(0);
  const biased = Number((raw >> 52n) & 0x7ffn);
  let mantissa = raw & ((1n << 52n) - 1n);
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * 10n ** BigInt(digits);
  } else {
    const numerator = mantissa * 10n ** BigInt(digits);
    const shift = BigInt(-exponent);
    scaled = numerator >> shift;
    const remainder = numerator - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  let text = scaled.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  }
  return (value < 0 ? '-' : '') + text;
}

/** C's "%.<digits>f" of a double ("-nan" for NaN, as x86's default NaN carries the sign bit). */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return '-nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return (Object.is(value, -0) ? '-0' : '0') + (digits > 0 ? `.${'0'.repeat(digits)}` : '');
  if (Math.abs(value) < 1e21 && !isDecimalTie(value, digits)) return value.toFixed(digits);
  return exactFixed(value, digits);
}

/** Redis's human-friendly long double text: "%.17Lf", trailing zeros and dot removed, "-0" as "0". */
export function formatHumanDouble(value: number): string {
  if (!Number.isFinite(value) && !Number.isNaN(value)) return value > 0 ? 'inf' : '-inf';
  let text = formatFixed(value, 17);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

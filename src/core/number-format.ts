/** Number formatting exactly as Redis prints numbers (C printf semantics, not JavaScript's). */

/** Exact decimal digits of a finite double: returns [digits, exponent10] with value = 0.digits * 10^exp. */
function exactDecimal(value: number): { digits: string; pointPos: number } {
  // value = mantissa * 2^exponent exactly; scale to an integer numerator over 2^k.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent: number;
  if (exponentBits === 0) exponent = -1074;
  else { mantissa |= 1n << 52n; exponent = exponentBits - 1075; }
  let numerator: bigint;
  let fractionDigits = 0;
  if (exponent >= 0) numerator = mantissa << BigInt(exponent);
  else {
    // mantissa / 2^-e = mantissa * 5^-e / 10^-e
    numerator = mantissa * 5n ** BigInt(-exponent);
    fractionDigits = -exponent;
  }
  const digits = numerator.toString();
  return { digits, pointPos: digits.length - fractionDigits };
}

/** Round a digit string to `keep` digits, half to even (glibc's default rounding). */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), carry: false };
  const head = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const tailNonZero = /[1-9]/.test(rest.slice(1));
  const lastDigitOdd = (head.charCodeAt(head.length - 1) - 48) % 2 === 1;
  const roundUp = rest[0]! > '5' || (rest[0] === '5' && (tailNonZero || lastDigitOdd));
  if (!roundUp) return { digits: head, carry: false };
  const incremented = (BigInt(head) + 1n).toString();
  if (incremented.length > keep) return { digits: incremented.slice(0, keep), carry: true };
  return { digits: incremented, carry: false };
}

function stripFractionZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** C's `%.<precision>g` for a finite, non-zero double, using exact half-even rounding. */
function formatGExact(value: number, precision: number): string {
  const { digits: raw, pointPos } = exactDecimal(value);
  const trimmed = raw.replace(/^0+/, '');
  const leadingZeros = raw.length - trimmed.length;
  let exponent10 = pointPos - leadingZeros - 1;
  let { digits, carry } = roundDigits(trimmed, precision);
  if (carry) exponent10 += 1;
  const sign = value < 0 ? '-' : '';
  if (exponent10 < -4 || exponent10 >= precision) {
    const mantissa = stripFractionZeros(`${digits[0]}.${digits.slice(1)}`);
    const expAbs = Math.abs(exponent10);
    return `${sign}${mantissa}e${exponent10 < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
  }
  let text: string;
  if (exponent10 >= 0) text = `${digits.slice(0, exponent10 + 1)}.${digits.slice(exponent10 + 1)}`;
  else text = `0.${'0'.repeat(-exponent10 - 1)}${digits}`;
  return sign + stripFractionZeros(text);
}

/**
 * `%.17g` as Redis 7.0 prints doubles (ZSCORE, RESP3 doubles, ...): `inf`, `-inf`, `nan`,
 * 17 significant digits, trailing zeros removed, C-style exponents (`1e+20`).
 */
export function formatDouble(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  // Up to 2^53 every integer prints exactly; beyond, JavaScript prints the shortest round-trip
  // digits (2^55 -> 36028797018963970) where %.17g prints the exact ones (36028797018963968).
  if (Number.isInteger(value) && Math.abs(value) <= 2 ** 53) return String(value);
  // JavaScript rounds exact ties away from zero, C rounds them to even; only an exact tie at
  // the 18th significant digit can differ, and the 19-digit form shows when that may be.
  const probe = value.toPrecision(19).replace(/e.*$/, '').replace('.', '').replace(/^-?0*/, '');
  if (probe.length >= 19 && probe[17] === '5' && probe[18] === '0') return formatGExact(value, 17);
  const [mantissa, expText] = value.toExponential(16).split('e') as [string, string];
  const exponent10 = Number(expText);
  if (exponent10 < -4 || exponent10 >= 17) {
    const expAbs = Math.abs(exponent10);
    return `${stripFractionZeros(mantissa)}e${exponent10 < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
  }
  return stripFractionZeros(value.toFixed(16 - exponent10));
}

export { formatGExact as formatGeneralExact };

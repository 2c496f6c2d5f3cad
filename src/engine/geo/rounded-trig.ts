/**
 * sin, cos and asin rounded correctly (to the nearest double) for the arguments GEO uses.
 *
 * Redis computes distances with the C library's sin/cos/asin, which on glibc are correctly rounded
 * except for about one argument in a thousand; V8's Math.sin/cos/asin miss the nearest double for
 * several percent of arguments. A distance goes through five such calls and GEOSEARCHSTORE ...
 * STOREDIST stores it with every bit, so the last bits matter. Here each result is computed in
 * double-double arithmetic (about 75 good bits or more) and then rounded once: it agrees with
 * glibc whenever glibc rounds correctly.
 *
 * sin/cos: reduction by pi/2 (pi/2 split in three parts), then sin(a + b) from a table of
 * sin/cos at multiples of 1/64 and short series for b. asin: one Newton step on sin from V8's
 * estimate, through asin(y) = pi/2 - 2 asin(sqrt((1 - y) / 2)) above 0.5. Arguments out of the
 * reduction's range (|x| > 1e5) fall back to Math.
 */

// ---------------------------------------------------------------------------------------------
// Double-double arithmetic. Each operation returns the high part and leaves the low part in `low`.

let low = 0;

const SPLITTER = 134217729; // 2^27 + 1

/** The rounding error of the product a * b = p (Dekker's exact product, no FMA in JavaScript). */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return ((aHigh * bHigh - p) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
}

function addDD(aHigh: number, aLow: number, bHigh: number, bLow: number): number {
  const s = aHigh + bHigh;
  const v = s - aHigh;
  const e = (aHigh - (s - v)) + (bHigh - v) + aLow + bLow;
  const high = s + e;
  low = e - (high - s);
  return high;
}

function mulDD(aHigh: number, aLow: number, bHigh: number, bLow: number): number {
  const p = aHigh * bHigh;
  const e = productError(aHigh, bHigh, p) + (aHigh * bLow + aLow * bHigh);
  const high = p + e;
  low = e - (high - p);
  return high;
}

// ---------------------------------------------------------------------------------------------
// Constants, computed once from pi's digits with BigInt fixed-point arithmetic.

const FIXED_BITS = 160n;
const FIXED_ONE = 1n << FIXED_BITS;
const PI_DIGITS = '314159265358979323846264338327950288419716939937510582097494459230781640628620899862803';
const PI_FIXED = (BigInt(PI_DIGITS) << FIXED_BITS) / 10n ** BigInt(PI_DIGITS.length - 1);
const HALF_PI_FIXED = PI_FIXED >> 1n;

/** A fixed-point value as a double-double [high, low]. */
function fixedToDD(value: bigint): [number, number] {
  const scale = 2 ** -Number(FIXED_BITS);
  const high = Number(value) * scale;
  const rest = value - BigInt(high / scale);
  return [high, Number(rest) * scale];
}

/** A fixed-point value rounded to `bits` significant bits, as a double. */
function fixedToBits(value: bigint, bits: number): number {
  const magnitude = value < 0n ? -value : value;
  const shift = BigInt(magnitude.toString(2).length - bits);
  const rounded = shift > 0n ? (((magnitude >> (shift - 1n)) + 1n) >> 1n) << shift : magnitude;
  return (value < 0n ? -1 : 1) * Number(rounded) * 2 ** -Number(FIXED_BITS);
}

/** sin and cos of a fixed-point angle by their series (the table below only). */
function fixedSinCos(angle: bigint): [bigint, bigint] {
  let sin = 0n;
  let cos = 0n;
  let term = FIXED_ONE;
  for (let n = 0n; term !== 0n; n++) {
    if (n % 2n === 0n) cos += n % 4n === 0n ? term : -term;
    else sin += n % 4n === 1n ? term : -term;
    term = (term * angle) / FIXED_ONE / (n + 1n);
  }
  return [sin, cos];
}

/** pi/2 = HALF_PI_1 + HALF_PI_2 + HALF_PI_3: two 33-bit parts (exact products with small k) and the rest. */
const HALF_PI_1 = fixedToBits(HALF_PI_FIXED, 33);
const HALF_PI_2_FIXED = HALF_PI_FIXED - BigInt(HALF_PI_1 * 2 ** Number(FIXED_BITS));
const HALF_PI_2 = fixedToBits(HALF_PI_2_FIXED, 33);
const HALF_PI_3 = fixedToBits(HALF_PI_2_FIXED - BigInt(HALF_PI_2 * 2 ** Number(FIXED_BITS)), 53);
const [HALF_PI_HIGH, HALF_PI_LOW] = fixedToDD(HALF_PI_FIXED);
const TWO_OVER_PI = 2 / Math.PI;

/** sin(j/64) and cos(j/64) for j = 0..51, high and low parts (|reduced argument| <= pi/4). */
const TABLE_STEPS = 64;
const TABLE_SIZE = 52;
const SIN_HIGH = new Float64Array(TABLE_SIZE);
const SIN_LOW = new Float64Array(TABLE_SIZE);
const COS_HIGH = new Float64Array(TABLE_SIZE);
const COS_LOW = new Float64Array(TABLE_SIZE);
for (let j = 0; j < TABLE_SIZE; j++) {
  const [sin, cos] = fixedSinCos((BigInt(j) * FIXED_ONE) / BigInt(TABLE_STEPS));
  [SIN_HIGH[j], SIN_LOW[j]] = fixedToDD(sin);
  [COS_HIGH[j], COS_LOW[j]] = fixedToDD(cos);
}

const REDUCTION_LIMIT = 1e5;

// ---------------------------------------------------------------------------------------------
// sin and cos

/**
 * sin(x) (or cos(x) when `cosine`) as a double-double, for finite |x| <= REDUCTION_LIMIT.
 */
function sinCosDD(x: number, cosine: boolean): number {
  // x = k * pi/2 + r, |r| <= pi/4, r as a double-double.
  const k = Math.round(x * TWO_OVER_PI);
  const first = x - k * HALF_PI_1;
  const second = k * HALF_PI_2;
  const s = first - second;
  const v = s - first;
  const error = (first - (s - v)) + (-second - v) - k * HALF_PI_3;
  const r = s + error;
  const rLow = error - (r - s);
  // r = a + b with a = j/64 from the table.
  const j = Math.round(r * TABLE_STEPS);
  const b = r - j / TABLE_STEPS;
  const b2 = b * b;
  // sin(b) = b + b^3 P(b^2) (+ the low part of b, with its cos factor).
  const sinCorrection = rLow - rLow * b2 * 0.5 + b * b2 * (-1 / 6 + b2 * (1 / 120 + b2 * (-1 / 5040 + b2 * (1 / 362880 + b2 * (-1 / 39916800)))));
  const sinB = b + sinCorrection;
  const sinBLow = sinCorrection - (sinB - b);
  // cos(b) - 1 = -b^2/2 + b^4 Q(b^2), with b^2 exact.
  const b2Error = productError(b, b, b2) + 2 * b * rLow;
  const cosMinusOneHigh = -0.5 * b2;
  const cosMinusOneLow = -0.5 * b2Error + b2 * b2 * (1 / 24 + b2 * (-1 / 720 + b2 * (1 / 40320 + b2 * (-1 / 3628800))));
  const index = j < 0 ? -j : j;
  const sign = j < 0 ? -1 : 1;
  const sinAHigh = sign * SIN_HIGH[index]!;
  const sinALow = sign * SIN_LOW[index]!;
  const cosAHigh = COS_HIGH[index]!;
  const cosALow = COS_LOW[index]!;
  const quadrant = k & 3;
  // sin(a+b) = sin a + sin a (cos b - 1) + cos a sin b; cos(a+b) = cos a + cos a (cos b - 1) - sin a sin b.
  const wantSine = (quadrant === 0 || quadrant === 2) !== cosine;
  let high: number;
  if (wantSine) {
    const t1 = mulDD(sinAHigh, sinALow, cosMinusOneHigh, cosMinusOneLow);
    const t1Low = low;
    const t2 = mulDD(cosAHigh, cosALow, sinB, sinBLow);
    const t2Low = low;
    const partial = addDD(sinAHigh, sinALow, t1, t1Low);
    high = addDD(partial, low, t2, t2Low);
  } else {
    const t1 = mulDD(cosAHigh, cosALow, cosMinusOneHigh, cosMinusOneLow);
    const t1Low = low;
    const t2 = mulDD(sinAHigh, sinALow, sinB, sinBLow);
    const t2Low = low;
    const partial = addDD(cosAHigh, cosALow, t1, t1Low);
    high = addDD(partial, low, -t2, -t2Low);
  }
  // Quadrants: sin(x) = sin r, cos r, -sin r, -cos r; cos(x) = cos r, -sin r, -cos r, sin r.
  const negate = cosine ? quadrant === 1 || quadrant === 2 : quadrant >= 2;
  if (negate) {
    low = -low;
    return -high;
  }
  return high;
}

export function sin(x: number): number {
  if (!(Math.abs(x) <= REDUCTION_LIMIT)) return Math.sin(x);
  if (Math.abs(x) < 2 ** -26) return x;
  return sinCosDD(x, false) + low;
}

export function cos(x: number): number {
  if (!(Math.abs(x) <= REDUCTION_LIMIT)) return Math.cos(x);
  if (Math.abs(x) < 2 ** -27) return 1;
  return sinCosDD(x, true) + low;
}

// ---------------------------------------------------------------------------------------------
// asin

/** asin of the double-double y (0 <= y <= 0.5) as a double-double: a Newton step from V8's estimate. */
function asinSmallDD(y: number, yLow: number): number {
  const estimate = Math.asin(y);
  const sinHigh = sinCosDD(estimate, false);
  // sin(estimate) is within a few ulps of y: the subtraction is exact.
  const residual = (sinHigh - y) + (low - yLow);
  const step = -residual / Math.cos(estimate);
  const high = estimate + step;
  low = step - (high - estimate);
  return high;
}

export function asin(y: number): number {
  const magnitude = Math.abs(y);
  if (!(magnitude <= 1)) return NaN;
  if (magnitude < 2 ** -26) return y;
  let result: number;
  if (magnitude <= 0.5) {
    result = asinSmallDD(magnitude, 0) + low;
  } else if (magnitude === 1) {
    result = HALF_PI_HIGH;
  } else {
    // asin(y) = pi/2 - 2 asin(sqrt((1 - y) / 2)); 1 - y and the halving are exact.
    const z = (1 - magnitude) / 2;
    const root = Math.sqrt(z);
    const square = root * root;
    const rootLow = ((z - square) - productError(root, root, square)) / (2 * root);
    const w = asinSmallDD(root, rootLow);
    const wLow = low;
    result = addDD(HALF_PI_HIGH, HALF_PI_LOW, -2 * w, -2 * wLow) + low;
  }
  return y < 0 ? -result : result;
}

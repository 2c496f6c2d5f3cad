/**
 * Cardinality from the register histogram, with the estimator of Otmar Ertl, "New cardinality
 * estimation algorithms for HyperLogLog sketches" (arXiv:1702.01284), which Redis uses since 5.0.
 * The floating-point steps follow the same order as Redis so the rounded result is identical.
 */
import { HLL_Q, HLL_REGISTERS } from './layout.js';

/** 0.5 / ln(2): the bias constant for an infinite number of registers. */
const ALPHA_INF = 0.72134752044448170368;

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    const complement = 1 - x;
    z -= complement * complement * y;
  } while (previous !== z);
  return z / 3;
}

/** The raw estimate (a double) from a 64-slot histogram of register values. */
export function estimateFromHistogram(histogram: ArrayLike<number>): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histogram[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histogram[j]!;
    z *= 0.5;
  }
  z += m * sigma(histogram[0]! / m);
  return (ALPHA_INF * m * m) / z;
}

const INT64_LIMIT = 2 ** 63;
/** What Redis answers when the estimate does not fit a long long (llroundl's overflow value). */
const OVERFLOWED = -(2n ** 63n);

/**
 * The estimate as Redis reports it: rounded half away from zero, as an unsigned 64-bit value
 * (only hand-made register sets reach the overflow case).
 */
export function roundEstimate(estimate: number): bigint {
  if (!(estimate < INT64_LIMIT)) return BigInt.asUintN(64, OVERFLOWED);
  return BigInt(Math.round(estimate));
}

export function cardinalityFromHistogram(histogram: ArrayLike<number>): bigint {
  return roundEstimate(estimateFromHistogram(histogram));
}

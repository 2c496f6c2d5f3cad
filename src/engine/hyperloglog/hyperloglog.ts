/**
 * HyperLogLog operations on the string that holds one, in Redis's exact representation (see
 * layout.ts): adding elements, counting, merging. The commands (src/commands/hyperloglog/) only
 * look keys up, check types and reply.
 */
import { denseHistogram, denseMergeInto, denseRaise, denseRaiseAll } from './dense.js';
import { cardinalityFromHistogram } from './estimator.js';
import {
  HLL_DENSE, HLL_P, HLL_P_MASK, HLL_REGISTERS, HLL_SPARSE, cachedCardinality, encodingOf,
  markCardinalityStale, storeCardinality,
} from './layout.js';
import { murmurHash64A, type Hash64 } from './murmurhash64a.js';
import { NEEDS_DENSE, bytePastEnd, emptySparse, sparseHistogram, sparseMergeInto, sparseRaise, sparseToDenseBytes, type HllStorage } from './sparse.js';

export { isHyperLogLog } from './layout.js';
export { bytePastEnd } from './sparse.js';
export type { HllStorage } from './sparse.js';

const HASH_SEED = 0xadc83b19;
const hash: Hash64 = { hi: 0, lo: 0 };

/** Register index and run length ("000...1" pattern, 1..51) of an element, packed as index * 64 + run. */
export function registerAndRun(element: string): number {
  murmurHash64A(element, HASH_SEED, hash);
  const index = hash.lo & HLL_P_MASK;
  // The 50 hash bits above the index, lowest first; a 51st bit set stops the count.
  const low = hash.lo >>> HLL_P;
  let run: number;
  if (low !== 0) run = 32 - Math.clz32(low & -low);
  else if (hash.hi !== 0) run = 32 - HLL_P + 32 - Math.clz32(hash.hi & -hash.hi);
  else run = 64 - HLL_P + 1;
  return index * 64 + run;
}

/** The bytes of a new, empty HyperLogLog (sparse), to store in a fresh RawString. */
export function emptyHyperLogLog(): string {
  return Buffer.from(emptySparse()).toString('latin1');
}

/** Switches a sparse HyperLogLog to the dense encoding in place; false when it is corrupt. */
export function promoteToDense(storage: HllStorage): boolean {
  const view = storage.bytesView();
  if (encodingOf(view) === HLL_DENSE) return true;
  const dense = sparseToDenseBytes(view, bytePastEnd(storage));
  if (dense === undefined) return false;
  // A fresh buffer of the exact size: growing the sparse one would double its capacity.
  storage.setBytes(dense);
  return true;
}

/**
 * Raises one register in whatever encoding the HyperLogLog has, promoting a sparse one when
 * needed. 1 when the register changed, 0 when not, -1 when the representation is corrupt.
 */
export function raiseRegister(storage: HllStorage, index: number, count: number, sparseMaxBytes: number): 0 | 1 | -1 {
  const view = storage.bytesView();
  const encoding = encodingOf(view);
  if (encoding === HLL_DENSE) return denseRaise(view, index, count);
  if (encoding !== HLL_SPARSE) return -1;
  const outcome = sparseRaise(storage, index, count, sparseMaxBytes);
  if (outcome !== NEEDS_DENSE) return outcome;
  if (!promoteToDense(storage)) return -1;
  // A promotion only happens when the register has to change.
  return denseRaise(storage.bytesView(), index, count);
}

/** PFADD of one element: 1 when a register changed, 0 when not, -1 when corrupt. */
export function addElement(storage: HllStorage, element: string, sparseMaxBytes: number): 0 | 1 | -1 {
  const packed = registerAndRun(element);
  return raiseRegister(storage, packed >>> 6, packed & 63, sparseMaxBytes);
}

export function invalidateCardinality(storage: HllStorage): void {
  markCardinalityStale(storage.bytesView());
}

/** Counts the registers of one HyperLogLog; undefined when its sparse opcodes are corrupt. */
export function countRegisters(bytes: Uint8Array, pastEnd: number): bigint | undefined {
  const histogram = new Int32Array(64);
  if (encodingOf(bytes) === HLL_DENSE) denseHistogram(bytes, histogram);
  else if (!sparseHistogram(bytes, histogram, pastEnd)) return undefined;
  return cardinalityFromHistogram(histogram);
}

/** PFCOUNT of one key: the cached value or a recount that is cached (undefined when corrupt). */
export function cardinality(storage: HllStorage): { value: number | bigint; recounted: boolean } | undefined {
  const view = storage.bytesView();
  const cached = cachedCardinality(view);
  if (cached !== undefined) return { value: cached, recounted: false };
  const counted = countRegisters(view, bytePastEnd(storage));
  if (counted === undefined) return undefined;
  storeCardinality(view, counted);
  return { value: BigInt.asIntN(64, counted), recounted: true };
}

/** A register array (one byte per register) to merge HyperLogLogs into. */
export function newRegisterArray(): Uint8Array {
  return new Uint8Array(HLL_REGISTERS);
}

/**
 * max[i] = max(max[i], register i of `bytes`); false when `bytes` is a corrupt sparse
 * HyperLogLog. `pastEnd`: bytePastEnd() of the string the bytes come from.
 */
export function mergeInto(bytes: Uint8Array, max: Uint8Array, pastEnd: number): boolean {
  if (encodingOf(bytes) === HLL_DENSE) {
    denseMergeInto(bytes, max);
    return true;
  }
  return sparseMergeInto(bytes, max, pastEnd);
}

/** The cardinality of registers held one per byte (the union PFCOUNT of several keys computes). */
export function countRegisterArray(max: Uint8Array): bigint {
  const histogram = new Int32Array(64);
  for (let i = 0; i < HLL_REGISTERS; i++) histogram[max[i]!]!++;
  return cardinalityFromHistogram(histogram);
}

/** Writes merged registers into a HyperLogLog (PFMERGE's destination), register by register. */
export function raiseAll(storage: HllStorage, max: Uint8Array, sparseMaxBytes: number): void {
  if (encodingOf(storage.bytesView()) === HLL_DENSE) return denseRaiseAll(storage.bytesView(), max);
  for (let index = 0; index < HLL_REGISTERS; index++) {
    if (max[index] !== 0) raiseRegister(storage, index, max[index]!, sparseMaxBytes);
  }
}

export function isDense(bytes: Uint8Array): boolean {
  return encodingOf(bytes) === HLL_DENSE;
}

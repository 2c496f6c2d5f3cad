/**
 * The sparse encoding: the registers as a run-length sequence of opcodes after the header.
 *   ZERO   00xxxxxx           xxxxxx+1 registers at 0 (1..64)
 *   XZERO  01xxxxxx yyyyyyyy  (xxxxxx yyyyyyyy)+1 registers at 0 (1..16384)
 *   VAL    1vvvvvxx           xx+1 registers (1..4) at vvvvv+1 (1..32)
 * Updates are made in place, opcode by opcode, exactly as Redis does them, so the bytes (which
 * GET shows) are the same as Redis's for the same sequence of additions.
 */
import { HLL_DENSE, HLL_DENSE_SIZE, HLL_HEADER_SIZE, HLL_REGISTERS, markCardinalityStale, setEncoding } from './layout.js';
import { denseSet } from './dense.js';

/** What the HyperLogLog code needs from the string holding it (RawString provides it). */
export interface HllStorage {
  readonly length: number;
  bytesView(): Uint8Array;
  ensureLength(total: number): void;
  truncate(total: number): void;
  setBytes(content: Uint8Array): void;
  /** The byte past the end (RawString.pastEnd); undefined means the terminator, 0. */
  pastEnd?: number;
}

const VAL_MAX_VALUE = 32;
const VAL_MAX_LENGTH = 4;
const ZERO_MAX_LENGTH = 64;
const XZERO_MAX_LENGTH = 16384;

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXZero = (op: number): boolean => (op & 0xc0) === 0x40;
const isVal = (op: number): boolean => (op & 0x80) !== 0;
const zeroLength = (op: number): number => (op & 0x3f) + 1;
const valValue = (op: number): number => ((op >>> 2) & 0x1f) + 1;
const valLength = (op: number): number => (op & 3) + 1;
const valOp = (value: number, length: number): number => 0x80 | ((value - 1) << 2) | (length - 1);

/**
 * An XZERO cut short by the end of the string (a corrupt or hand-written value) takes its second
 * byte from past the end, as Redis reads it: the string's terminator, 0, unless a split of such an
 * opcode wrote its last byte there (see sparseRaise) and nothing rewrote the string since.
 */
export function bytePastEnd(storage: HllStorage): number {
  return storage.pastEnd ?? 0;
}

function xzeroLength(bytes: Uint8Array, at: number, pastEnd: number): number {
  const low = at + 1 < bytes.length ? bytes[at + 1]! : pastEnd;
  return (((bytes[at]! & 0x3f) << 8) | low) + 1;
}

/** Appends the opcodes for a run of `length` zero registers (1..16384) to `out`. */
function pushZeroRun(out: number[], length: number): void {
  if (length > ZERO_MAX_LENGTH) {
    out.push(0x40 | ((length - 1) >>> 8), (length - 1) & 0xff);
  } else {
    out.push(length - 1);
  }
}

/** The sparse form of an empty HyperLogLog: the header and XZERO opcodes covering every register. */
export function emptySparse(): Uint8Array {
  const opcodes = Math.ceil(HLL_REGISTERS / XZERO_MAX_LENGTH);
  const bytes = new Uint8Array(HLL_HEADER_SIZE + opcodes * 2);
  bytes.set([0x48, 0x59, 0x4c, 0x4c, 1]);
  for (let left = HLL_REGISTERS, at = HLL_HEADER_SIZE; left > 0; at += 2) {
    const run = Math.min(left, XZERO_MAX_LENGTH);
    bytes[at] = 0x40 | ((run - 1) >>> 8);
    bytes[at + 1] = (run - 1) & 0xff;
    left -= run;
  }
  return bytes;
}

/** Outcome of sparseRaise: changed (1), unchanged (0), corrupt (-1), or "needs the dense encoding". */
export const NEEDS_DENSE = 2;
export type SparseOutcome = 0 | 1 | -1 | typeof NEEDS_DENSE;

/**
 * Raises register `index` to `count` if it is lower, editing the opcodes in place. Asks for the
 * dense encoding when the value does not fit a VAL opcode or the string would outgrow `maxBytes`
 * (hll-sparse-max-bytes).
 */
export function sparseRaise(storage: HllStorage, index: number, count: number, maxBytes: number): SparseOutcome {
  if (count > VAL_MAX_VALUE) return NEEDS_DENSE;
  let bytes = storage.bytesView();
  let end = bytes.length;
  const pastEnd = bytePastEnd(storage);

  // Step 1: find the opcode covering `index`.
  let at = HLL_HEADER_SIZE;
  let first = 0;
  let previous = -1;
  let span = 0;
  while (at < end) {
    const op = bytes[at]!;
    let size = 1;
    if (isZero(op)) span = zeroLength(op);
    else if (isVal(op)) span = valLength(op);
    else {
      span = xzeroLength(bytes, at, pastEnd);
      size = 2;
    }
    if (index <= first + span - 1) break;
    previous = at;
    at += size;
    first += span;
  }
  if (span === 0 || at >= end) return -1;

  const op = bytes[at]!;
  const next = isXZero(op) ? at + 2 : at + 1;
  const last = first + span - 1;

  // Step 2: the cheap cases, then the general split.
  let replaced = false;
  if (isVal(op)) {
    if (valValue(op) >= count) return 0;
    if (valLength(op) === 1) {
      bytes[at] = valOp(count, 1);
      replaced = true;
    }
  } else if (isZero(op) && zeroLength(op) === 1) {
    bytes[at] = valOp(count, 1);
    replaced = true;
  }

  if (!replaced) {
    const sequence: number[] = [];
    if (isVal(op)) {
      const current = valValue(op);
      if (index !== first) sequence.push(valOp(current, index - first));
      sequence.push(valOp(count, 1));
      if (index !== last) sequence.push(valOp(current, last - index));
    } else {
      if (index !== first) pushZeroRun(sequence, index - first);
      sequence.push(valOp(count, 1));
      if (index !== last) pushZeroRun(sequence, last - index);
    }
    const oldSize = isXZero(op) ? 2 : 1;
    const delta = sequence.length - oldSize;
    if (delta > 0 && storage.length + delta > maxBytes) return NEEDS_DENSE;
    const newEnd = end + delta;
    if (delta > 0) {
      storage.ensureLength(newEnd);
      bytes = storage.bytesView();
      if (next < end) bytes.copyWithin(next + delta, next, end);
    } else if (delta < 0) {
      if (next < end) bytes.copyWithin(next + delta, next, end);
      storage.truncate(newEnd);
      bytes = storage.bytesView();
    }
    if (at + sequence.length <= newEnd) {
      bytes.set(sequence, at);
      // Redis sets the length, hence the terminator, even when it does not change. (Checked
      // first so that strings which never had the field do not all gain it.)
      if (storage.pastEnd !== undefined) storage.pastEnd = undefined;
    } else {
      // An XZERO cut short by the end still counts as two bytes, as in Redis: the new length is
      // one short, and the sequence's last byte lands past the end, where the next read finds it.
      bytes.set(sequence.slice(0, newEnd - at), at);
      storage.pastEnd = sequence[sequence.length - 1]!;
    }
    end = newEnd;
  }

  // Step 3: merge neighbouring VAL opcodes of equal value, scanning up to 5 opcodes.
  let scan = previous >= 0 ? previous : HLL_HEADER_SIZE;
  let budget = 5;
  while (scan < end && budget-- > 0) {
    const current = bytes[scan]!;
    if (isXZero(current)) {
      scan += 2;
      continue;
    }
    if (isZero(current)) {
      scan++;
      continue;
    }
    if (scan + 1 < end && isVal(bytes[scan + 1]!)) {
      const following = bytes[scan + 1]!;
      const value = valValue(current);
      const length = valLength(current) + valLength(following);
      if (value === valValue(following) && length <= VAL_MAX_LENGTH) {
        bytes[scan + 1] = valOp(value, length);
        bytes.copyWithin(scan, scan + 1, end);
        end--;
        storage.truncate(end);
        bytes = storage.bytesView();
        continue;
      }
    }
    scan++;
  }
  markCardinalityStale(bytes);
  return 1;
}

/**
 * Walks the opcodes, calling `visit(first, length, value)` for each run of non-zero registers.
 * Returns false when the opcodes do not describe exactly 16384 registers; a VAL run that would
 * go past the last register stops the walk as corrupt (redis-server 7.0.15 as packaged rejects
 * it even when the registers before it add up).
 */
function walkRuns(bytes: Uint8Array, pastEnd: number, visit: (first: number, length: number, value: number) => void): boolean {
  let index = 0;
  let at = HLL_HEADER_SIZE;
  const end = bytes.length;
  while (at < end) {
    const op = bytes[at]!;
    if (isZero(op)) {
      index += zeroLength(op);
      at++;
    } else if (isXZero(op)) {
      index += xzeroLength(bytes, at, pastEnd);
      at += 2;
    } else {
      const length = valLength(op);
      if (index + length > HLL_REGISTERS) return false;
      visit(index, length, valValue(op));
      index += length;
      at++;
    }
  }
  return index === HLL_REGISTERS;
}

/** The dense bytes for a sparse HyperLogLog (same header, dense encoding), or undefined if corrupt. */
export function sparseToDenseBytes(sparse: Uint8Array, pastEnd: number): Uint8Array | undefined {
  const dense = new Uint8Array(HLL_DENSE_SIZE);
  dense.set(sparse.subarray(0, HLL_HEADER_SIZE));
  setEncoding(dense, HLL_DENSE);
  const valid = walkRuns(sparse, pastEnd, (first, length, value) => {
    for (let register = first; register < first + length; register++) denseSet(dense, register, value);
  });
  return valid ? dense : undefined;
}

/** max[i] = max(max[i], register i); false when the sparse opcodes are corrupt. */
export function sparseMergeInto(bytes: Uint8Array, max: Uint8Array, pastEnd: number): boolean {
  return walkRuns(bytes, pastEnd, (first, length, value) => {
    for (let register = first; register < first + length; register++) {
      if (value > max[register]!) max[register] = value;
    }
  });
}

/**
 * Adds each register's value to `histogram`. Unlike the walk above, this sums every opcode
 * (Redis's counting loop has no overflow stop); false when the total is not 16384.
 */
export function sparseHistogram(bytes: Uint8Array, histogram: Int32Array, pastEnd: number): boolean {
  let index = 0;
  let at = HLL_HEADER_SIZE;
  const end = bytes.length;
  while (at < end) {
    const op = bytes[at]!;
    let length: number;
    if (isZero(op)) {
      length = zeroLength(op);
      histogram[0]! += length;
      at++;
    } else if (isXZero(op)) {
      length = xzeroLength(bytes, at, pastEnd);
      histogram[0]! += length;
      at += 2;
    } else {
      length = valLength(op);
      histogram[valValue(op)]! += length;
      at++;
    }
    index += length;
  }
  return index === HLL_REGISTERS;
}

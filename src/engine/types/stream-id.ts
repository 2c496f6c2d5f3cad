/**
 * Stream IDs: two unsigned 64-bit numbers, `ms-seq`. Each half is a JavaScript number while it
 * is a safe integer (every real timestamp and sequence) and a bigint beyond 2^53, so IDs up to
 * 18446744073709551615-18446744073709551615 stay exact. The representation is normalised (a
 * value is a bigint only when it has to be), so `===` compares halves and `<`/`>` work across
 * the two kinds.
 */

export type U64 = number | bigint;

export interface StreamId {
  readonly ms: U64;
  readonly seq: U64;
}

export const U64_MAX = 2n ** 64n - 1n;
const SAFE_MAX = Number.MAX_SAFE_INTEGER;
const SAFE_NEXT = BigInt(SAFE_MAX) + 1n;

export const MIN_ID: StreamId = { ms: 0, seq: 0 };
export const MAX_ID: StreamId = { ms: U64_MAX, seq: U64_MAX };

/** The normalised form of an exact value. */
export function u64(value: bigint): U64 {
  return value <= BigInt(SAFE_MAX) ? Number(value) : value;
}

export function compareU64(a: U64, b: U64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function isZeroId(id: StreamId): boolean {
  return id.ms === 0 && id.seq === 0;
}

export function isMaxId(id: StreamId): boolean {
  return id.ms === U64_MAX && id.seq === U64_MAX;
}

function incrementU64(value: U64): U64 {
  if (typeof value === 'number') return value < SAFE_MAX ? value + 1 : SAFE_NEXT;
  return value + 1n;
}

function decrementU64(value: U64): U64 {
  if (typeof value === 'number') return value - 1;
  return u64(value - 1n);
}

/** The next ID, or undefined past the last possible one. */
export function nextId(id: StreamId): StreamId | undefined {
  if (id.seq !== U64_MAX) return { ms: id.ms, seq: incrementU64(id.seq) };
  if (id.ms === U64_MAX) return undefined;
  return { ms: incrementU64(id.ms), seq: 0 };
}

/** The previous ID, or undefined before 0-0. */
export function previousId(id: StreamId): StreamId | undefined {
  if (id.seq !== 0) return { ms: id.ms, seq: decrementU64(id.seq) };
  if (id.ms === 0) return undefined;
  return { ms: decrementU64(id.ms), seq: U64_MAX };
}

/** `a - b` of two unsigned halves, reinterpreted as a signed 64-bit number (listpack deltas). */
export function signedDifference(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const wrapped = BigInt.asIntN(64, BigInt(a) - BigInt(b));
  return wrapped >= -BigInt(SAFE_MAX) && wrapped <= BigInt(SAFE_MAX) ? Number(wrapped) : wrapped;
}

// ---------------------------------------------------------------------------------------------
// Parsing, as Redis reads IDs from arguments

const C_SPACE = /^[ \t\n\v\f\r]*/;
const INT64_TEXT = /^(0|-?[1-9][0-9]*)$/;

/**
 * One half of an ID, read as Redis does: a canonical 64-bit integer (negative ones refused), or
 * else what C's strtoull accepts for the whole text: leading blanks, a sign (a minus negates
 * modulo 2^64), leading zeros, at least one digit, nothing after, no overflow.
 */
export function parseU64Half(text: string): U64 | null {
  if (text.length <= 20 && INT64_TEXT.test(text)) {
    const value = BigInt(text);
    if (value <= 2n ** 63n - 1n && value >= -(2n ** 63n)) return value < 0n ? null : u64(value);
  }
  const rest = text.slice(C_SPACE.exec(text)![0].length);
  let sign = 1;
  let digits = rest;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    sign = rest.startsWith('-') ? -1 : 1;
    digits = rest.slice(1);
  }
  if (!/^[0-9]+$/.test(digits)) return null;
  const value = BigInt(digits);
  if (value > U64_MAX) return null;
  return u64(sign < 0 ? (2n ** 64n - value) % 2n ** 64n : value);
}

export interface ParsedId extends StreamId {
  /** False for XADD's `<ms>-*` form: the sequence is to be generated. */
  seqGiven: boolean;
}

export interface IdParseOptions {
  /** The sequence of an ID written without one (`5` is 5-0 as a start, 5-max as an end). */
  missingSeq?: U64;
  /** Refuse the `-` and `+` shorthands. */
  strict?: boolean;
  /** Accept `<ms>-*` (XADD). */
  seqStar?: boolean;
}

/** Redis refuses IDs written with more than this many bytes. */
const MAX_ID_TEXT = 127;

/** An ID argument, or null when Redis answers "Invalid stream ID". */
export function parseStreamId(text: string, options: IdParseOptions = {}): ParsedId | null {
  if (text.length > MAX_ID_TEXT) return null;
  // Redis reads the argument as a C string: a NUL byte ends it.
  const nul = text.indexOf('\0');
  const buf = nul === -1 ? text : text.slice(0, nul);
  if (buf === '-' || buf === '+') {
    if (options.strict) return null;
    return buf === '-' ? { ms: 0, seq: 0, seqGiven: true } : { ms: U64_MAX, seq: U64_MAX, seqGiven: true };
  }
  const dash = buf.indexOf('-');
  const ms = parseU64Half(dash === -1 ? buf : buf.slice(0, dash));
  if (ms === null) return null;
  if (dash === -1) return { ms, seq: options.missingSeq ?? 0, seqGiven: true };
  const seqText = buf.slice(dash + 1);
  if (options.seqStar && seqText === '*') return { ms, seq: 0, seqGiven: false };
  const seq = parseU64Half(seqText);
  return seq === null ? null : { ms, seq, seqGiven: true };
}

/** The key a radix tree would sort this ID by: 16 big-endian bytes. */
export function idKeyBytes(id: StreamId): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(id.ms));
  view.setBigUint64(8, BigInt(id.seq));
  return bytes;
}

import { isKeyword, parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { compileGlob } from '../../core/glob.js';
import type { Reply } from '../../core/reply.js';

const ULONG_MAX = 18446744073709551615n;
const SPACE = /^[ \t\n\v\f\r]/;
const UNSIGNED = /^[+-]?[0-9]+$/;

/**
 * A SCAN-family cursor read the way Redis reads it (strtoul, base 10): optional sign, leading
 * zeros, the empty text as 0, text after a NUL byte ignored, negatives wrapping around 2^64.
 * Returns null for what Redis calls an invalid cursor.
 */
export function parseScanCursor(text: string): bigint | null {
  const nul = text.indexOf('\0');
  const digits = nul === -1 ? text : text.slice(0, nul);
  if (digits.length === 0) return 0n;
  if (SPACE.test(digits) || !UNSIGNED.test(digits)) return null;
  const negative = digits.charCodeAt(0) === 45;
  const magnitude = BigInt(digits.replace(/^[+-]/, ''));
  if (magnitude > ULONG_MAX) return null;
  return negative && magnitude !== 0n ? ULONG_MAX + 1n - magnitude : magnitude;
}

/**
 * The cursor number Database.scan understands. Restis hands out small cursor ids; a cursor it
 * never returned (or one too big for a double) simply starts a new iteration.
 */
export function scanCursorId(cursor: bigint): number {
  return cursor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cursor) : -1;
}

export interface ScanOptions {
  count: number;
  /** undefined: everything matches (no MATCH, or MATCH *). */
  matches: ((text: string) => boolean) | undefined;
  /** SCAN's TYPE, lower-cased; names no value has simply match nothing. */
  type: string | undefined;
}

/**
 * COUNT, MATCH and (for SCAN only) TYPE from argv[first] on, as Redis's scanGenericCommand reads
 * them; a string is the error to answer.
 */
export function parseScanOptions(argv: readonly string[], first: number, acceptsType: boolean): ScanOptions | string {
  const options: ScanOptions = { count: 10, matches: undefined, type: undefined };
  for (let i = first; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) return ERR_SYNTAX;
    const option = argv[i]!;
    const value = argv[i + 1]!;
    if (isKeyword(option, 'count')) {
      const count = parseInteger(value);
      if (count === null) return ERR_NOT_INTEGER;
      if (count < 1) return ERR_SYNTAX;
      options.count = count;
    } else if (isKeyword(option, 'match')) {
      // A lone '*' filters nothing, so it keeps even the empty key or member.
      options.matches = value === '*' ? undefined : compileGlob(value);
    } else if (acceptsType && isKeyword(option, 'type')) {
      options.type = value.toLowerCase();
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

/** [cursor, [items...]] in both protocols. */
export function replyScan(reply: Reply, cursor: number, items: readonly string[]): void {
  reply.array(2);
  reply.bulk(String(cursor));
  reply.array(items.length);
  for (const item of items) reply.bulk(item);
}

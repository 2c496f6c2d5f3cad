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

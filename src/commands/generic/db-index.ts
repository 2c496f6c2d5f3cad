import { parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER, valueOutOfRange } from '../../core/errors.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * A database number argument as MOVE, COPY and SWAPDB read it: a C int, so values beyond 32 bits
 * get their own error before the server checks that the database exists. `outOfRangeError`
 * replaces both errors when given (SWAPDB names which index was wrong).
 */
export function parseDbNumber(text: string, outOfRangeError?: string): number | { error: string } {
  const value = parseInteger(text);
  if (value === null) return { error: outOfRangeError ?? ERR_NOT_INTEGER };
  if (value < INT_MIN || value > INT_MAX) return { error: outOfRangeError ?? valueOutOfRange(INT_MIN, INT_MAX) };
  return value;
}

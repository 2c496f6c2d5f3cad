import { parseInteger } from './args.js';
import { longDoubleToNumber, parseLongDouble } from './long-double.js';

const LLONG_MAX = 9223372036854775807;

export const ERR_TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const ERR_TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';

/**
 * A blocking command's timeout in seconds (decimals allowed), as Redis reads it: a long double,
 * times 1000, rounded up to whole milliseconds. Returns the absolute deadline in ms, 0 for
 * "wait forever", or an error text.
 */
export function parseTimeoutSeconds(text: string, now: number): number | string {
  const parsed = parseLongDouble(text);
  if (parsed === undefined) return ERR_TIMEOUT_NOT_FLOAT;
  const milliseconds = Math.ceil(longDoubleToNumber(parsed) * 1000);
  // Redis 7.0 casts the milliseconds to a 64-bit integer: anything beyond it (inf too) wraps to
  // a negative number and is refused as negative.
  if (!(milliseconds >= 0 && milliseconds < LLONG_MAX)) return ERR_TIMEOUT_NEGATIVE;
  return milliseconds === 0 ? 0 : now + milliseconds;
}

/** XREAD/XREADGROUP BLOCK <milliseconds>: a 64-bit integer, 0 for "wait forever". */
export function parseTimeoutMilliseconds(text: string, now: number): number | string {
  const parsed = parseInteger(text);
  if (parsed === null) return ERR_TIMEOUT_NOT_INTEGER;
  if (parsed < 0) return ERR_TIMEOUT_NEGATIVE;
  return parsed === 0 ? 0 : now + parsed;
}

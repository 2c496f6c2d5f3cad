import { parseInteger } from './args.js';
import { ceilLongDouble, multiplyLongDouble, parseLongDouble } from './long-double.js';

const LLONG_MAX = 9223372036854775807n;

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
  // Redis multiplies by 1000 and rounds up in long double precision: -0.001 becomes -0 there
  // (wait forever), where doubles would give -1.
  const product = parsed.kind === 'finite' ? multiplyLongDouble(parsed, 1000n) : parsed;
  // Then it casts to a 64-bit integer: anything beyond (inf too) wraps to a negative number and
  // is refused as negative.
  if (product.kind === 'infinite') return ERR_TIMEOUT_NEGATIVE;
  const milliseconds = ceilLongDouble(product);
  if (milliseconds < 0n || milliseconds >= LLONG_MAX) return ERR_TIMEOUT_NEGATIVE;
  return milliseconds === 0n ? 0 : now + Number(milliseconds);
}

/** XREAD/XREADGROUP BLOCK <milliseconds>: a 64-bit integer, 0 for "wait forever". */
export function parseTimeoutMilliseconds(text: string, now: number): number | string {
  const parsed = parseInteger(text);
  if (parsed === null) return ERR_TIMEOUT_NOT_INTEGER;
  if (parsed < 0) return ERR_TIMEOUT_NEGATIVE;
  return parsed === 0 ? 0 : now + parsed;
}

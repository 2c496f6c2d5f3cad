import { ERR_NOT_HLL, ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import { HLL_HEADER_SIZE } from '../../engine/hyperloglog/layout.js';
import { bytePastEnd, isHyperLogLog } from '../../engine/hyperloglog/hyperloglog.js';
import { RawString, isStringValue, type StoredValue } from '../../engine/values.js';

export type HllValue = string | RawString;

/** The bytes of a string value for reading (a plain string is copied; a RawString is not). */
export function readableBytes(value: HllValue): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'latin1') : value.bytesView();
}

/** What Redis would read just past the value's end (see bytePastEnd); a plain string ends in its terminator. */
export function pastEndOf(value: HllValue): number {
  return typeof value === 'string' ? 0 : bytePastEnd(value);
}

function looksLikeHyperLogLog(value: HllValue): boolean {
  if (typeof value !== 'string') return isHyperLogLog(value.bytesView());
  return isHyperLogLog(Buffer.from(value.slice(0, HLL_HEADER_SIZE), 'latin1'), value.length);
}

/**
 * Checks that an existing value can be used as a HyperLogLog; replies the error and returns
 * false when not (another type, or a string without a valid HyperLogLog header).
 */
export function checkHyperLogLog(reply: Reply, value: StoredValue): value is HllValue {
  if (!isStringValue(value)) {
    reply.error(ERR_WRONGTYPE);
    return false;
  }
  if (!looksLikeHyperLogLog(value)) {
    reply.error(ERR_NOT_HLL);
    return false;
  }
  return true;
}

/** The value as a RawString the HyperLogLog code can edit in place (stored back if converted). */
export function editableHyperLogLog(db: Database, key: string, value: HllValue): RawString {
  if (typeof value !== 'string') return value;
  const raw = new RawString(value);
  db.replace(key, raw);
  return raw;
}

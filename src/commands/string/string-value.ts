import { ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { RawString, type StoredValue } from '../../engine/values.js';

/**
 * Replies as GET does: nil for a missing key, the bytes of a string, WRONGTYPE for any other
 * type. Returns false only for WRONGTYPE, so callers (GETSET, GETDEL, SET GET) stop there.
 */
export function replyStringOrNil(reply: Reply, value: StoredValue | undefined): boolean {
  if (value === undefined) reply.nil();
  else if (typeof value === 'string') reply.bulk(value);
  else if (value.type === 'string') reply.bulk((value as RawString).toString());
  else {
    reply.error(ERR_WRONGTYPE);
    return false;
  }
  return true;
}

/** The value as a RawString ready for in-place edits (Redis's dbUnshareStringValue). */
export function editableString(value: string | RawString, extraCapacity: number): RawString {
  return typeof value === 'string' ? new RawString(value, extraCapacity) : value;
}

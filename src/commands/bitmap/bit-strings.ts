import { ERR_WRONGTYPE } from '../../core/errors.js';
import type { CommandContext } from '../../core/context.js';
import { RawString, isStringValue } from '../../engine/values.js';

export type StringValue = string | RawString;

/** One byte of a string value, 0 past its end. */
export function byteAt(value: StringValue, offset: number): number {
  if (typeof value !== 'string') return value.getByte(offset);
  return offset < value.length ? value.charCodeAt(offset) : 0;
}

/**
 * Bytes [start, end) of a string value for reading: a view (no copy) of a RawString, a copy of
 * just that range of a plain string.
 */
export function bytesOf(value: StringValue, start = 0, end = value.length): Uint8Array {
  if (typeof value !== 'string') return value.bytesView().subarray(start, end);
  return Buffer.from(start === 0 && end === value.length ? value : value.slice(start, end), 'latin1');
}

export interface WritableBits {
  value: RawString;
  /** The string had to grow (or was created) to reach the highest bit written. */
  grew: boolean;
}

/**
 * The key's string made editable and zero-padded so that bit `highestBit` exists (created when
 * missing), as SETBIT and BITFIELD need it. Replies WRONGTYPE and returns undefined for other types.
 */
export function writableBits(ctx: CommandContext, key: string, highestBit: number): WritableBits | undefined {
  const { db } = ctx;
  const needed = Math.floor(highestBit / 8) + 1;
  const stored = db.get(key);
  if (stored === undefined) {
    const created = new RawString('', needed);
    created.ensureLength(needed);
    db.set(key, created);
    return { value: created, grew: true };
  }
  if (!isStringValue(stored)) {
    ctx.reply.error(ERR_WRONGTYPE);
    return undefined;
  }
  let value: RawString;
  if (typeof stored === 'string') {
    value = new RawString(stored, Math.max(0, needed - stored.length));
    db.replace(key, value);
  } else {
    value = stored;
  }
  const before = value.length;
  value.ensureLength(needed);
  return { value, grew: value.length !== before };
}

import { redisAllocation } from '../../engine/types/redis-sizes.js';
import { plainStringEncoding, RawString, type StoredValue } from '../../engine/values.js';

/**
 * MEMORY USAGE estimates what Redis would use for a key, so numbers compare with a real server:
 * the dict entry, the key's sds string and the value object, each rounded up to jemalloc's size
 * classes. Restis's own footprint differs (V8 strings), but these are the figures tools expect.
 */

const DICT_ENTRY_BYTES = 24;
const OBJECT_HEADER_BYTES = 16;

/** The header of an sds string of this length; short keys get the 1-byte header. */
function sdsHeader(length: number, allowTiny: boolean): number {
  if (length < 32 && allowTiny) return 1;
  if (length < 256) return 3;
  if (length < 65536) return 5;
  if (length < 2 ** 32) return 9;
  return 17;
}

function sdsBytes(length: number, allowTiny: boolean): number {
  return redisAllocation(sdsHeader(length, allowTiny) + length + 1);
}

function valueBytes(value: StoredValue): number {
  if (typeof value === 'string') {
    const encoding = plainStringEncoding(value);
    if (encoding === 'int') return OBJECT_HEADER_BYTES;
    // embstr: the object header and the string share one allocation.
    if (encoding === 'embstr') return redisAllocation(OBJECT_HEADER_BYTES + 3 + value.length + 1);
    return OBJECT_HEADER_BYTES + sdsBytes(value.length, false);
  }
  if (value instanceof RawString) {
    // Strings edited in place keep spare room, grown as sds grows it.
    return OBJECT_HEADER_BYTES + sdsBytes(value.capacity, false);
  }
  return value.memoryUsage();
}

export function keyMemoryUsage(key: string, value: StoredValue): number {
  return DICT_ENTRY_BYTES + sdsBytes(key.length, true) + valueBytes(value);
}

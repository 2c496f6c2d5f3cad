/**
 * What Redis would allocate for a collection's parts, so MEMORY USAGE answers figures comparable
 * with a real server (Restis's own V8 footprint is another matter). Sizes follow jemalloc's size
 * classes and the layouts of Redis 7.0's listpack, intset, sds and dict.
 */

import { parseInteger } from '../../core/args.js';

/** jemalloc's size class for an allocation: 8, 16, 32, 48 ... 128, then four classes per doubling. */
export function redisAllocation(bytes: number): number {
  if (bytes <= 8) return 8;
  if (bytes <= 128) return Math.ceil(bytes / 16) * 16;
  const power = Math.floor(Math.log2(bytes - 1));
  const step = 2 ** (power - 2);
  return Math.ceil(bytes / step) * step;
}

/**
 * An sds string of this length in its own allocation (header, bytes, terminating NUL), as
 * sdsnewlen makes the copies collections keep: strings under 32 bytes get the 1-byte header.
 */
export function redisSdsBytes(length: number): number {
  const header = length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : 9;
  return redisAllocation(header + length + 1);
}

/** A listpack's total bytes for entries that take `entryBytes` together (6-byte header, end mark). */
export function listpackBytes(entryBytes: number): number {
  return 6 + entryBytes + 1;
}

/** One listpack entry: integers in the smallest integer encoding, strings with a length prefix, plus the back length. */
export function listpackEntryBytes(text: string): number {
  let body: number;
  const integer = text.length <= 20 ? parseInteger(text) : null;
  if (integer !== null) {
    if (integer >= 0 && integer <= 127) body = 1;
    else if (integer >= -4096 && integer <= 4095) body = 2;
    else if (integer >= -32768 && integer <= 32767) body = 3;
    else if (integer >= -8388608 && integer <= 8388607) body = 4;
    else if (integer >= -2147483648 && integer <= 2147483647) body = 5;
    else body = 9;
  } else {
    const length = text.length;
    body = length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;
  }
  const back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  return body + back;
}

/** A dict's own memory: the struct and its bucket array (a power of two, at least 4). */
export function redisDictBytes(count: number): number {
  let buckets = 4;
  while (buckets < count) buckets *= 2;
  return 56 + 8 * buckets;
}

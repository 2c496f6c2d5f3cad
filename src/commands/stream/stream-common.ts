// https://redis.io/commands/?group=stream
import {
  ERR_STREAM_INVALID_END, ERR_STREAM_INVALID_ID, ERR_STREAM_INVALID_START, ERR_WRONGTYPE,
} from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import type { StoredValue } from '../../engine/values.js';
import type { IdParseOptions, ParsedId, StreamId, U64 } from '../../engine/types/stream-id.js';
import { U64_MAX, nextId, parseStreamId, previousId } from '../../engine/types/stream-id.js';
import { StreamValue } from '../../engine/types/stream.js';

/** A value that is not a stream (the caller answers WRONGTYPE). */
export const WRONG_TYPE = Symbol('wrong type');

export function asStream(value: StoredValue | undefined): StreamValue | undefined | typeof WRONG_TYPE {
  if (value === undefined) return undefined;
  return value instanceof StreamValue ? value : WRONG_TYPE;
}

/** Looks a stream up for reading; replies WRONGTYPE and returns WRONG_TYPE for other types. */
export function readStream(db: Database, key: string, reply: Reply): StreamValue | undefined | typeof WRONG_TYPE {
  const stream = asStream(db.read(key));
  if (stream === WRONG_TYPE) reply.error(ERR_WRONGTYPE);
  return stream;
}

/** Looks a stream up for writing (no hit/miss statistics); replies WRONGTYPE like readStream. */
export function writeStream(db: Database, key: string, reply: Reply): StreamValue | undefined | typeof WRONG_TYPE {
  const stream = asStream(db.get(key));
  if (stream === WRONG_TYPE) reply.error(ERR_WRONGTYPE);
  return stream;
}

/** An ID argument; replies the Redis error and returns null when it is not one. */
export function parseIdOrReply(reply: Reply, text: string, options?: IdParseOptions): ParsedId | null {
  const id = parseStreamId(text, options);
  if (id === null) reply.error(ERR_STREAM_INVALID_ID);
  return id;
}

/** IDs where `-`/`+` are refused (XADD, XDEL, XACK, XREAD, XSETID ...). */
export function parseStrictIdOrReply(reply: Reply, text: string): ParsedId | null {
  return parseIdOrReply(reply, text, { strict: true });
}

/**
 * A range bound (XRANGE, XPENDING, XAUTOCLAIM): `-`, `+`, an ID, or `(ID` for an exclusive bound,
 * turned into the inclusive ID next to it. Returns null after replying an error.
 */
export function parseRangeBound(reply: Reply, text: string, end: boolean): StreamId | null {
  const exclusive = text.length > 1 && text.charCodeAt(0) === 40;
  const missingSeq: U64 = end ? U64_MAX : 0;
  const id = exclusive
    ? parseIdOrReply(reply, text.slice(1), { strict: true, missingSeq })
    : parseIdOrReply(reply, text, { missingSeq });
  if (id === null || !exclusive) return id;
  const moved = end ? previousId(id) : nextId(id);
  if (moved === undefined) reply.error(end ? ERR_STREAM_INVALID_END : ERR_STREAM_INVALID_START);
  return moved ?? null;
}

export function replyStreamId(reply: Reply, id: StreamId): void {
  reply.bulk(`${id.ms}-${id.seq}`);
}

/** One entry: [id, [field, value, ...]]. */
export function replyEntry(reply: Reply, ms: U64, seq: U64, pairs: readonly string[]): void {
  reply.array(2);
  reply.bulk(`${ms}-${seq}`);
  reply.array(pairs.length);
  for (const text of pairs) reply.bulk(text);
}

/**
 * Entries start..end (or end..start reversed), at most `count` of them (0: all), as an array.
 * The reply length is known only after the walk, so the entries are collected first.
 */
export function replyRange(reply: Reply, stream: StreamValue, start: StreamId, end: StreamId, count: number, reverse: boolean): void {
  const found: Array<[U64, U64, readonly string[]]> = [];
  stream.forEachInRange(start, end, reverse, (ms, seq, pairs) => {
    found.push([ms, seq, pairs]);
    return count === 0 || found.length < count;
  });
  reply.array(found.length);
  for (const [ms, seq, pairs] of found) replyEntry(reply, ms, seq, pairs);
}

/** The entry with exactly this ID, as a one-entry reply body; false when it is not there. */
export function replySingleEntry(reply: Reply, stream: StreamValue, id: StreamId): boolean {
  const pairs = stream.entry(id);
  if (pairs === undefined) return false;
  replyEntry(reply, id.ms, id.seq, pairs);
  return true;
}

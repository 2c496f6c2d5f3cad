/**
 * Serialises one value as Redis 7.0's rdbSaveObjectType + rdbSaveObject write it: the type byte,
 * then the value in the encoding Redis would have for it (so DUMP payloads match Redis's bytes).
 * Hashes with field TTLs use Redis 7.4's types (24 and 25), which Redis 7.0 cannot read.
 */

import type { HashValue } from '../../engine/types/hash.js';
import type { ListValue } from '../../engine/types/list.js';
import type { SetValue } from '../../engine/types/set.js';
import type { StreamValue } from '../../engine/types/stream.js';
import type { SortedSet } from '../../engine/types/zset.js';
import { listpackScoreText } from '../../engine/types/zset.js';
import type { RawString, StoredValue } from '../../engine/values.js';
import type { ByteWriter } from './byte-writer.js';
import * as F from './format.js';
import { ListpackBuilder } from './listpack.js';
import { writeStream } from './stream-writer.js';
import { buildIntset } from './ziplist.js';

/** A quicklist node's listpack stays within this many bytes (list-max-listpack-size -2). */
const NODE_MAX_BYTES = 8192;

/** Whether a value needs Redis 7.4's RDB types (a hash with field TTLs). */
export function needsFieldTtlTypes(value: StoredValue): boolean {
  return typeof value !== 'string' && value.type === 'hash' && (value as HashValue).hasFieldTtls;
}

/** The type byte, then (in a file) the key. */
function head(out: ByteWriter, type: number, key: string | undefined): void {
  out.byte(type);
  if (key !== undefined) out.string(key);
}

/** Writes the type byte, the key when given (RDB files), then the value. */
export function writeValue(out: ByteWriter, value: StoredValue, key?: string): void {
  if (typeof value === 'string') {
    head(out, F.TYPE_STRING, key);
    out.string(value);
    return;
  }
  switch (value.type) {
    case 'string':
      head(out, F.TYPE_STRING, key);
      out.string((value as RawString).toString());
      return;
    case 'list':
      return writeList(out, value as ListValue, key);
    case 'set':
      return writeSet(out, value as SetValue, key);
    case 'zset':
      return writeZset(out, value as SortedSet, key);
    case 'hash':
      return writeHash(out, value as HashValue, key);
    case 'stream':
      head(out, F.TYPE_STREAM_LISTPACKS_2, key);
      return writeStream(out, value as StreamValue);
  }
}

/** Redis 7.0.15 adds this much to an element's length to estimate its listpack entry. */
const ENTRY_ESTIMATE_OVERHEAD = 8;

/** Whether a quicklist node of `nodeBytes` takes one more element of `length` bytes (Redis's estimate). */
function nodeAllows(nodeBytes: number, length: number): boolean {
  return nodeBytes + length + ENTRY_ESTIMATE_OVERHEAD <= NODE_MAX_BYTES;
}

/**
 * The list as quicklist nodes of listpacks, laid out as pushes at its growing end would have
 * filled them: from the head for a list grown at the tail, from the tail for one grown at the head.
 */
function writeList(out: ByteWriter, list: ListValue, key: string | undefined): void {
  const count = list.length;
  const fromTail = list.grewAtHead;
  // Node boundaries first: [start, end) index ranges in list order.
  const bounds: number[] = [];
  let nodeStart = fromTail ? count : 0;
  let builder = new ListpackBuilder();
  const sizes = new ListpackBuilder();
  let nodeBytes = 7;
  let nodeCount = 0;
  for (let step = 0; step < count; step++) {
    const index = fromTail ? count - 1 - step : step;
    const item = list.at(index);
    if (nodeCount !== 0 && !nodeAllows(nodeBytes, item.length)) {
      bounds.push(nodeStart, index + (fromTail ? 1 : 0));
      nodeStart = index + (fromTail ? 1 : 0);
      nodeBytes = 7;
      nodeCount = 0;
    }
    const before = sizes.bytes;
    sizes.text(item);
    nodeBytes += sizes.bytes - before;
    nodeCount++;
    if (sizes.bytes > 1 << 20) sizes.reset();
  }
  bounds.push(nodeStart, fromTail ? 0 : count);
  const nodes: Array<[number, number]> = [];
  for (let i = 0; i < bounds.length; i += 2) {
    const a = bounds[i]!;
    const b = bounds[i + 1]!;
    nodes.push(a < b ? [a, b] : [b, a]);
  }
  if (fromTail) nodes.reverse();
  head(out, F.TYPE_LIST_QUICKLIST_2, key);
  out.length(nodes.length);
  for (const [start, end] of nodes) {
    out.length(F.QUICKLIST_NODE_PACKED);
    builder = new ListpackBuilder();
    for (let i = start; i < end; i++) builder.text(list.at(i));
    out.blob(builder.finish());
  }
}

function writeSet(out: ByteWriter, set: SetValue, key: string | undefined): void {
  const members = set.toArray();
  if (set.isCompact) {
    head(out, F.TYPE_SET_INTSET, key);
    out.blob(buildIntset(members, set.intsetWidth));
    return;
  }
  head(out, F.TYPE_SET, key);
  out.length(members.length);
  for (const member of members) out.string(member);
}

function writeZset(out: ByteWriter, zset: SortedSet, key: string | undefined): void {
  if (zset.isCompact) {
    const builder = new ListpackBuilder();
    for (const [member, score] of zset.entries()) {
      builder.text(member);
      builder.text(listpackScoreText(score));
    }
    head(out, F.TYPE_ZSET_LISTPACK, key);
    out.blob(builder.finish());
    return;
  }
  // Redis writes the skiplist from the greatest element down, so loading appends at the head.
  head(out, F.TYPE_ZSET_2, key);
  out.length(zset.size);
  zset.walk(zset.size - 1, true, (member, score) => {
    out.string(member);
    out.doubleLE(score);
    return true;
  });
}

function writeHash(out: ByteWriter, hash: HashValue, key: string | undefined): void {
  const pairs = hash.pairs();
  const count = pairs.length >>> 1;
  if (!hash.hasFieldTtls) {
    if (hash.isCompact) {
      const builder = new ListpackBuilder();
      for (const item of pairs) builder.text(item);
      head(out, F.TYPE_HASH_LISTPACK, key);
      out.blob(builder.finish());
      return;
    }
    head(out, F.TYPE_HASH, key);
    out.length(count);
    for (const item of pairs) out.string(item);
    return;
  }
  let minimum = Infinity;
  for (let pair = 0; pair < count; pair++) {
    const deadline = hash.pairDeadline(pair);
    if (deadline !== 0 && deadline < minimum) minimum = deadline;
  }
  if (hash.isCompact) {
    // listpackex: field, value, deadline (0: none) triplets, in the hash's listpackex order.
    const builder = new ListpackBuilder();
    for (let pair = 0; pair < count; pair++) {
      builder.text(pairs[2 * pair]!);
      builder.text(pairs[2 * pair + 1]!);
      builder.integer(hash.pairDeadline(pair));
    }
    head(out, F.TYPE_HASH_LISTPACK_EX, key);
    out.int64LE(minimum);
    out.blob(builder.finish());
    return;
  }
  head(out, F.TYPE_HASH_METADATA, key);
  out.int64LE(minimum);
  out.length(count);
  for (let pair = 0; pair < count; pair++) {
    const deadline = hash.pairDeadline(pair);
    out.length(deadline === 0 ? 0 : deadline - minimum + 1);
    out.string(pairs[2 * pair]!);
    out.string(pairs[2 * pair + 1]!);
  }
}

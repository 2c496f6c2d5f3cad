/**
 * Reads one value of any type Redis writes or wrote and builds it in the engine's types, in the
 * encoding Redis would give it after loading under the current limits.
 */

import type { EncodingLimits } from '../../engine/encoding-limits.js';
import { HashValue } from '../../engine/types/hash.js';
import { ListValue } from '../../engine/types/list.js';
import { SetValue } from '../../engine/types/set.js';
import { SortedSet } from '../../engine/types/zset.js';
import type { StoredValue } from '../../engine/values.js';
import type { ByteReader } from './byte-reader.js';
import * as F from './format.js';
import { readListpack } from './listpack.js';
import { readStream } from './stream-reader.js';
import { readIntset, readZiplist, readZipmap } from './ziplist.js';

/** A collection with no elements: Redis skips such keys when loading a file. */
export class EmptyKey extends Error {}

function parseScore(text: string, reader: ByteReader, at: number): number {
  let score: number;
  if (text === 'inf' || text === '+inf') score = Infinity;
  else if (text === '-inf') score = -Infinity;
  else score = text.length === 0 ? NaN : Number(text);
  if (Number.isNaN(score)) reader.fail('invalid sorted set score', at);
  return score;
}

/** The old ZSET type's score: a length byte (253 NaN, 254 +inf, 255 -inf) then ASCII. */
function readOldScore(reader: ByteReader): number {
  const at = reader.offset;
  const length = reader.byte();
  if (length === 253) reader.fail('NaN sorted set score', at);
  if (length === 254) return Infinity;
  if (length === 255) return -Infinity;
  const bytes = reader.raw(length);
  return parseScore(bytes.latin1Slice(0, length), reader, at);
}

function buildHash(pairs: string[], limits: EncodingLimits, reader: ByteReader, at: number): HashValue {
  if (pairs.length === 0) throw new EmptyKey();
  if (pairs.length % 2 !== 0) reader.fail('hash with an odd number of elements', at);
  const hash = new HashValue();
  for (let i = 0; i < pairs.length; i += 2) {
    if (!hash.set(pairs[i]!, pairs[i + 1]!, limits)) reader.fail('duplicate hash field', at);
  }
  return hash;
}

function buildSet(members: string[], limits: EncodingLimits, reader: ByteReader, at: number): SetValue {
  if (members.length === 0) throw new EmptyKey();
  const set = new SetValue();
  for (const member of members) {
    if (!set.add(member, limits.setMaxIntsetEntries)) reader.fail('duplicate set member', at);
  }
  return set;
}

function buildZset(members: string[], scores: number[], limits: EncodingLimits, reader: ByteReader, at: number): SortedSet {
  if (members.length === 0) throw new EmptyKey();
  if (new Set(members).size !== members.length) reader.fail('duplicate sorted set member', at);
  return SortedSet.fromUnsorted(members, scores, limits);
}

function buildList(items: string[]): ListValue {
  if (items.length === 0) throw new EmptyKey();
  return ListValue.from(items);
}

function listpackAt(reader: ByteReader): { items: string[]; at: number } {
  const at = reader.offset;
  const blob = reader.blob();
  return { items: readListpack(blob, reader.base + at), at };
}

function ziplistAt(reader: ByteReader): { items: string[]; at: number } {
  const at = reader.offset;
  const blob = reader.blob();
  return { items: readZiplist(blob, reader.base + at), at };
}

function readPairsScores(items: string[], reader: ByteReader, at: number): { members: string[]; scores: number[] } {
  if (items.length % 2 !== 0) reader.fail('sorted set with an odd number of elements', at);
  const members: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < items.length; i += 2) {
    members.push(items[i]!);
    scores.push(parseScore(items[i + 1]!, reader, at));
  }
  return { members, scores };
}

/** Hashes with field TTLs (Redis 7.4): TYPE_HASH_METADATA(_PRE_GA) and TYPE_HASH_LISTPACK_EX(_PRE_GA). */
function readHashWithTtls(type: number, reader: ByteReader, limits: EncodingLimits): HashValue {
  const at = reader.offset;
  const fields: string[] = [];
  const values: string[] = [];
  const deadlines: number[] = [];
  if (type === F.TYPE_HASH_METADATA || type === F.TYPE_HASH_METADATA_PRE_GA) {
    const minimum = type === F.TYPE_HASH_METADATA ? Number(reader.int64LE()) : 0;
    const count = reader.count(3);
    for (let i = 0; i < count; i++) {
      const ttl = Number(reader.lengthU64());
      deadlines.push(ttl === 0 ? 0 : type === F.TYPE_HASH_METADATA ? ttl + minimum - 1 : ttl);
      fields.push(reader.string());
      values.push(reader.string());
    }
  } else {
    if (type === F.TYPE_HASH_LISTPACK_EX) reader.int64LE();
    const { items, at: lpAt } = listpackAt(reader);
    if (items.length % 3 !== 0) reader.fail('hash listpack with field TTLs is not made of triplets', lpAt);
    for (let i = 0; i < items.length; i += 3) {
      fields.push(items[i]!);
      values.push(items[i + 1]!);
      deadlines.push(Number(items[i + 2]));
    }
  }
  if (fields.length === 0) throw new EmptyKey();
  const hash = new HashValue();
  for (let i = 0; i < fields.length; i++) {
    if (!hash.set(fields[i]!, values[i]!, limits)) reader.fail('duplicate hash field', at);
  }
  hash.enableFieldTtls();
  // Set from the last field back: among equal deadlines the latest one set goes first, which
  // rebuilds the saved listpackex order.
  for (let i = fields.length - 1; i >= 0; i--) {
    const deadline = deadlines[i]!;
    if (!Number.isFinite(deadline) || deadline < 0 || deadline >= 2 ** 48) reader.fail('invalid hash field deadline', at);
    if (deadline !== 0) hash.setFieldDeadline(fields[i]!, deadline);
  }
  return hash;
}

/** Reads the value of an RDB `type` (the type byte already consumed). */
export function readValue(type: number, reader: ByteReader, limits: EncodingLimits): StoredValue {
  const at = reader.offset;
  switch (type) {
    case F.TYPE_STRING:
      return reader.string();
    case F.TYPE_LIST: {
      const count = reader.count();
      const items: string[] = [];
      for (let i = 0; i < count; i++) items.push(reader.string());
      return buildList(items);
    }
    case F.TYPE_LIST_ZIPLIST:
      return buildList(ziplistAt(reader).items);
    case F.TYPE_LIST_QUICKLIST:
    case F.TYPE_LIST_QUICKLIST_2: {
      const nodes = reader.count();
      const items: string[] = [];
      let firstNodeSize = 0;
      let lastNodeSize = 0;
      for (let n = 0; n < nodes; n++) {
        let container = F.QUICKLIST_NODE_PACKED;
        if (type === F.TYPE_LIST_QUICKLIST_2) {
          const containerAt = reader.offset;
          container = reader.length();
          if (container !== F.QUICKLIST_NODE_PACKED && container !== F.QUICKLIST_NODE_PLAIN) reader.fail('invalid quicklist node container', containerAt);
        }
        if (container === F.QUICKLIST_NODE_PLAIN) {
          items.push(reader.string());
          lastNodeSize = 1;
          if (n === 0) firstNodeSize = 1;
          continue;
        }
        const nodeAt = reader.offset;
        const blob = reader.blob();
        if (blob.length === 0) reader.fail('empty quicklist node', nodeAt);
        const nodeItems = type === F.TYPE_LIST_QUICKLIST_2 ? readListpack(blob, reader.base + nodeAt) : readZiplist(blob, reader.base + nodeAt);
        for (const item of nodeItems) items.push(item);
        lastNodeSize = nodeItems.length;
        if (n === 0) firstNodeSize = nodeItems.length;
      }
      if (items.length === 0) throw new EmptyKey();
      // A partly filled first node means the list grew at its head: keep that for the next save.
      if (nodes > 1 && firstNodeSize < lastNodeSize) {
        const list = new ListValue(items.length);
        for (let i = items.length - 1; i >= 0; i--) list.pushLeft(items[i]!);
        return list;
      }
      return ListValue.from(items);
    }
    case F.TYPE_SET: {
      const count = reader.count();
      const members: string[] = [];
      for (let i = 0; i < count; i++) members.push(reader.string());
      return buildSet(members, limits, reader, at);
    }
    case F.TYPE_SET_INTSET: {
      const blob = reader.blob();
      const set = buildSet(readIntset(blob, reader.base + at), limits, reader, at);
      set.widenIntset(blob.readUInt32LE(0));
      return set;
    }
    case F.TYPE_SET_LISTPACK:
      return buildSet(listpackAt(reader).items, limits, reader, at);
    case F.TYPE_ZSET:
    case F.TYPE_ZSET_2: {
      const count = reader.count(2);
      const members: string[] = [];
      const scores: number[] = [];
      for (let i = 0; i < count; i++) {
        members.push(reader.string());
        const scoreAt = reader.offset;
        const score = type === F.TYPE_ZSET_2 ? reader.doubleLE() : readOldScore(reader);
        if (Number.isNaN(score)) reader.fail('NaN sorted set score', scoreAt);
        scores.push(score);
      }
      return buildZset(members, scores, limits, reader, at);
    }
    case F.TYPE_ZSET_ZIPLIST:
    case F.TYPE_ZSET_LISTPACK: {
      const { items, at: blobAt } = type === F.TYPE_ZSET_LISTPACK ? listpackAt(reader) : ziplistAt(reader);
      const { members, scores } = readPairsScores(items, reader, blobAt);
      return buildZset(members, scores, limits, reader, at);
    }
    case F.TYPE_HASH: {
      const count = reader.count(2);
      const pairs: string[] = [];
      for (let i = 0; i < count; i++) pairs.push(reader.string(), reader.string());
      return buildHash(pairs, limits, reader, at);
    }
    case F.TYPE_HASH_ZIPMAP: {
      const blob = reader.blob();
      return buildHash(readZipmap(blob, reader.base + at), limits, reader, at);
    }
    case F.TYPE_HASH_ZIPLIST:
      return buildHash(ziplistAt(reader).items, limits, reader, at);
    case F.TYPE_HASH_LISTPACK:
      return buildHash(listpackAt(reader).items, limits, reader, at);
    case F.TYPE_HASH_METADATA:
    case F.TYPE_HASH_METADATA_PRE_GA:
    case F.TYPE_HASH_LISTPACK_EX:
    case F.TYPE_HASH_LISTPACK_EX_PRE_GA:
      return readHashWithTtls(type, reader, limits);
    case F.TYPE_STREAM_LISTPACKS:
    case F.TYPE_STREAM_LISTPACKS_2:
    case F.TYPE_STREAM_LISTPACKS_3:
      return readStream(type, reader);
    case F.TYPE_MODULE_PRE_GA:
    case F.TYPE_MODULE_2:
      return reader.fail('module values are not supported', at - 1);
    default:
      return reader.fail(`unknown value type ${type}`, at - 1);
  }
}

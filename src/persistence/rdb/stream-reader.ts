/**
 * Streams from RDB (STREAM_LISTPACKS 1, 2 and 3): node listpacks become StreamNodes entry by
 * entry (deleted entries included, as tombstones), then the counters and consumer groups.
 */

import { ConsumerGroup, StreamConsumer } from '../../engine/types/stream-group.js';
import { compareIds, type StreamId, type U64 } from '../../engine/types/stream-id.js';
import { StreamNode } from '../../engine/types/stream-node.js';
import { PendingEntry, int64 } from '../../engine/types/stream-pending.js';
import { StreamValue } from '../../engine/types/stream.js';
import type { ByteReader } from './byte-reader.js';
import { STREAM_ITEM_DELETED, STREAM_ITEM_SAME_FIELDS, TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_3 } from './format.js';
import { readListpack } from './listpack.js';

const U64_LIMIT = 2n ** 64n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function toU64(value: bigint): U64 {
  return value <= SAFE ? Number(value) : value;
}

function idFromBytes(bytes: Buffer): StreamId {
  return { ms: toU64(bytes.readBigUInt64BE(0)), seq: toU64(bytes.readBigUInt64BE(8)) };
}

/** base + a signed difference, modulo 2^64 as Redis's unsigned arithmetic does. */
function offsetU64(base: U64, difference: string, reader: ByteReader, at: number): U64 {
  if (!/^-?[0-9]{1,20}$/.test(difference)) reader.fail('stream entry ID is not an integer', at);
  if (typeof base === 'number' && difference.length < 16) {
    const sum = base + Number(difference);
    if (sum >= 0 && sum <= Number.MAX_SAFE_INTEGER) return sum;
  }
  let sum = (BigInt(base) + BigInt(difference)) % U64_LIMIT;
  if (sum < 0n) sum += U64_LIMIT;
  return toU64(sum);
}

function integerElement(items: string[], index: number, reader: ByteReader, at: number): number {
  const text = items[index];
  if (text === undefined) reader.fail('stream listpack ends early', at);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) reader.fail('stream listpack element is not an integer', at);
  return value;
}

function readNode(reader: ByteReader): StreamNode {
  const keyAt = reader.offset;
  const key = reader.blob();
  if (key.length !== 16) reader.fail('stream node key is not a 16-byte ID', keyAt);
  const masterId = idFromBytes(key);
  const at = reader.offset;
  const items = readListpack(reader.blob(), reader.base + at);
  if (items.length === 0) reader.fail('empty listpack inside a stream', at);
  const live = integerElement(items, 0, reader, at);
  const deleted = integerElement(items, 1, reader, at);
  const masterCount = integerElement(items, 2, reader, at);
  if (masterCount < 0 || 3 + masterCount >= items.length) reader.fail('stream node master entry is malformed', at);
  const masterFields = items.slice(3, 3 + masterCount);
  let p = 3 + masterCount;
  if (items[p++] !== '0') reader.fail('stream node master entry is not terminated', at);
  const node = new StreamNode(masterId, masterFields);
  while (p < items.length) {
    const flags = integerElement(items, p++, reader, at);
    const ms = offsetU64(masterId.ms, items[p++] ?? reader.fail('stream entry ends early', at), reader, at);
    const seq = offsetU64(masterId.seq, items[p++] ?? reader.fail('stream entry ends early', at), reader, at);
    const pairs: string[] = [];
    if ((flags & STREAM_ITEM_SAME_FIELDS) !== 0) {
      if (p + masterCount > items.length) reader.fail('stream entry ends early', at);
      for (let f = 0; f < masterCount; f++) pairs.push(masterFields[f]!, items[p++]!);
    } else {
      const fieldCount = integerElement(items, p++, reader, at);
      if (fieldCount < 0 || p + 2 * fieldCount > items.length) reader.fail('stream entry ends early', at);
      for (let f = 0; f < 2 * fieldCount; f++) pairs.push(items[p++]!);
    }
    integerElement(items, p++, reader, at);
    node.append(ms, seq, pairs);
    if ((flags & STREAM_ITEM_DELETED) !== 0) node.markDeleted(node.size - 1);
  }
  if (node.live !== live || node.deleted !== deleted) reader.fail('stream node counts do not match its entries', at);
  if (node.live === 0) reader.fail('stream node without live entries', at);
  return node;
}

function readId(reader: ByteReader): StreamId {
  return { ms: reader.lengthU64(), seq: reader.lengthU64() };
}

function readInt64Length(reader: ByteReader): number | bigint {
  const value = reader.lengthU64();
  return typeof value === 'number' ? value : int64(BigInt.asIntN(64, value));
}

export function readStream(type: number, reader: ByteReader): StreamValue {
  const stream = new StreamValue();
  const nodeCount = reader.count(2);
  for (let n = 0; n < nodeCount; n++) {
    const at = reader.offset;
    const node = readNode(reader);
    const previous = stream.nodes[stream.nodes.length - 1];
    if (previous !== undefined && compareIds(previous.masterId, node.masterId) >= 0) reader.fail('stream nodes out of order', at);
    stream.nodes.push(node);
  }
  const lengthAt = reader.offset;
  stream.length = reader.length();
  let live = 0;
  for (const node of stream.nodes) live += node.live;
  if (live !== stream.length) reader.fail('stream length does not match its entries', lengthAt);
  stream.lastId = readId(reader);
  if (type === TYPE_STREAM_LISTPACKS) {
    stream.firstId = stream.firstEntryId() ?? { ms: 0, seq: 0 };
    stream.entriesAdded = stream.length;
  } else {
    stream.firstId = readId(reader);
    stream.maxDeletedId = readId(reader);
    stream.entriesAdded = readInt64Length(reader);
  }
  const groupCount = reader.count(3);
  for (let g = 0; g < groupCount; g++) {
    const groupAt = reader.offset;
    const name = reader.string();
    if (stream.groups.has(name)) reader.fail('duplicate consumer group', groupAt);
    const lastId = readId(reader);
    const entriesRead = type === TYPE_STREAM_LISTPACKS ? stream.estimateEntriesRead(lastId) : readInt64Length(reader);
    const group = new ConsumerGroup(name, lastId, entriesRead);
    const pendingCount = reader.count(18);
    for (let i = 0; i < pendingCount; i++) {
      const idAt = reader.offset;
      const id = idFromBytes(reader.raw(16));
      const deliveryTime = Number(reader.int64LE());
      const deliveryCount = readInt64Length(reader);
      if (!group.pending.insert(new PendingEntry(id, null, deliveryTime, deliveryCount))) reader.fail('duplicate pending entry', idAt);
    }
    const consumerCount = reader.count(3);
    for (let c = 0; c < consumerCount; c++) {
      const consumerAt = reader.offset;
      const consumerName = reader.string();
      if (group.consumers.has(consumerName)) reader.fail('duplicate consumer', consumerAt);
      const seenTime = Number(reader.int64LE());
      if (type === TYPE_STREAM_LISTPACKS_3) reader.int64LE();
      const consumer = new StreamConsumer(consumerName, seenTime);
      group.consumers.set(consumerName, consumer);
      const owned = reader.count(16);
      for (let i = 0; i < owned; i++) {
        const idAt = reader.offset;
        const entry = group.pending.get(idFromBytes(reader.raw(16)));
        if (entry === undefined || entry.consumer !== null) reader.fail('consumer pending entry missing from the group', idAt);
        entry.consumer = consumer;
        consumer.pending.insert(entry);
      }
    }
    stream.groups.set(name, group);
  }
  return stream;
}

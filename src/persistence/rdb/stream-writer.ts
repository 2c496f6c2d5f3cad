/**
 * A stream as Redis 7.0 writes it (RDB_TYPE_STREAM_LISTPACKS_2): each node as its 16-byte master
 * ID and its listpack, the counters, then the consumer groups with their pending entries and
 * consumers. Node listpacks are rebuilt entry by entry exactly as Redis lays them out.
 */

import type { StreamNode } from '../../engine/types/stream-node.js';
import type { StreamValue } from '../../engine/types/stream.js';
import { signedDifference, type StreamId } from '../../engine/types/stream-id.js';
import type { ByteWriter } from './byte-writer.js';
import { STREAM_ITEM_DELETED, STREAM_ITEM_SAME_FIELDS } from './format.js';
import { ListpackBuilder } from './listpack.js';

export function streamIdBytes(id: StreamId): Buffer {
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeBigUInt64BE(BigInt(id.ms), 0);
  bytes.writeBigUInt64BE(BigInt(id.seq), 8);
  return bytes;
}

export function nodeListpack(node: StreamNode): Buffer {
  const builder = new ListpackBuilder(Math.max(64, node.bytes + 16));
  const master = node.masterFields;
  builder.integer(node.live);
  builder.integer(node.deleted);
  builder.integer(master.length);
  for (const field of master) builder.text(field);
  builder.integer(0);
  for (let i = 0; i < node.size; i++) {
    const pairs = node.storedPairsAt(i) ?? [];
    const fieldCount = pairs.length >>> 1;
    let sameFields = fieldCount === master.length;
    for (let f = 0; sameFields && f < fieldCount; f++) sameFields = pairs[2 * f] === master[f];
    const deleted = node.entries[i] === null;
    builder.integer((sameFields ? STREAM_ITEM_SAME_FIELDS : 0) | (deleted ? STREAM_ITEM_DELETED : 0));
    builder.integer(signedDifference(node.ms[i]!, node.masterId.ms));
    builder.integer(signedDifference(node.seq[i]!, node.masterId.seq));
    if (!sameFields) builder.integer(fieldCount);
    for (let f = 0; f < fieldCount; f++) {
      if (!sameFields) builder.text(pairs[2 * f]!);
      builder.text(pairs[2 * f + 1]!);
    }
    builder.integer(fieldCount + 3 + (sameFields ? 0 : fieldCount + 1));
  }
  return builder.finish();
}

export function writeStream(out: ByteWriter, stream: StreamValue): void {
  out.length(stream.nodes.length);
  for (const node of stream.nodes) {
    out.blob(streamIdBytes(node.masterId));
    out.blob(nodeListpack(node));
  }
  out.length(stream.length);
  out.length(stream.lastId.ms);
  out.length(stream.lastId.seq);
  out.length(stream.firstId.ms);
  out.length(stream.firstId.seq);
  out.length(stream.maxDeletedId.ms);
  out.length(stream.maxDeletedId.seq);
  out.length(stream.entriesAdded);
  const groups = stream.sortedGroups();
  out.length(groups.length);
  for (const group of groups) {
    out.string(group.name);
    out.length(group.lastId.ms);
    out.length(group.lastId.seq);
    out.length(group.entriesRead);
    out.length(group.pending.size);
    for (const entry of group.pending) {
      out.bytes(streamIdBytes(entry.id));
      out.int64LE(entry.deliveryTime);
      out.length(entry.deliveryCount);
    }
    const consumers = group.sortedConsumers();
    out.length(consumers.length);
    for (const consumer of consumers) {
      out.string(consumer.name);
      out.int64LE(consumer.seenTime);
      out.length(consumer.pending.size);
      for (const entry of consumer.pending) out.bytes(streamIdBytes(entry.id));
    }
  }
}

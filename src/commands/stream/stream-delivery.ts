import type { Reply } from '../../core/reply.js';
import type { ConsumerGroup, StreamConsumer } from '../../engine/types/stream-group.js';
import type { StreamId, U64 } from '../../engine/types/stream-id.js';
import { MAX_ID, compareIds, nextId } from '../../engine/types/stream-id.js';
import { PendingEntry, addInt64 } from '../../engine/types/stream-pending.js';
import type { StreamValue } from '../../engine/types/stream.js';
import { replyEntry } from './stream-common.js';

/** One entry of a read reply; `pairs` is null for a pending entry that has been deleted since. */
export interface ReadEntry {
  ms: U64;
  seq: U64;
  pairs: readonly string[] | null;
}

/** What XREAD and XREADGROUP answer for one stream: its name and entries. */
export interface StreamBatch {
  key: string;
  entries: ReadEntry[];
}

/** Entries after `after` (exclusive), at most `count` (0: all). */
export function readAfter(stream: StreamValue, after: StreamId, count: number): ReadEntry[] {
  const entries: ReadEntry[] = [];
  const start = nextId(after);
  if (start === undefined) return entries;
  stream.forEachInRange(start, MAX_ID, false, (ms, seq, pairs) => {
    entries.push({ ms, seq, pairs });
    return count === 0 || entries.length < count;
  });
  return entries;
}

/**
 * XREADGROUP `>`: entries after `after` go to `consumer`; the group's last delivered ID and read
 * counter move along, and unless NOACK each entry joins the pending lists (taken over from
 * another consumer if it was already pending, as after XGROUP SETID).
 */
export function deliverNew(
  stream: StreamValue, group: ConsumerGroup, consumer: StreamConsumer, after: StreamId, count: number, noAck: boolean, now: number,
): ReadEntry[] {
  const entries = readAfter(stream, after, count);
  for (const entry of entries) {
    const id: StreamId = { ms: entry.ms, seq: entry.seq };
    if (compareIds(id, group.lastId) > 0) stream.advanceGroup(group, id);
    if (noAck) continue;
    const pending = group.pending.get(id);
    if (pending === undefined) {
      const created = new PendingEntry(id, consumer, now, 1);
      group.pending.insert(created);
      consumer.pending.insert(created);
    } else {
      group.assign(pending, consumer);
      pending.deliveryTime = now;
      pending.deliveryCount = 1;
    }
  }
  return entries;
}

/**
 * XREADGROUP with an ID: the consumer's own pending entries from `from` on, each counted as
 * delivered again; entries deleted from the stream since come back without their fields.
 */
export function deliverHistory(stream: StreamValue, consumer: StreamConsumer, from: StreamId | undefined, count: number, now: number): ReadEntry[] {
  const entries: ReadEntry[] = [];
  if (from === undefined) return entries;
  for (let pending = consumer.pending.ceiling(from); pending !== undefined; pending = consumer.pending.higher(pending.id)) {
    if (count !== 0 && entries.length >= count) break;
    const pairs = stream.entry(pending.id) ?? null;
    if (pairs !== null) {
      pending.deliveryTime = now;
      pending.deliveryCount = addInt64(pending.deliveryCount, 1);
    }
    entries.push({ ms: pending.id.ms, seq: pending.id.seq, pairs });
  }
  return entries;
}

export function replyReadEntries(reply: Reply, entries: readonly ReadEntry[]): void {
  reply.array(entries.length);
  for (const entry of entries) {
    if (entry.pairs !== null) {
      replyEntry(reply, entry.ms, entry.seq, entry.pairs);
    } else {
      reply.array(2);
      reply.bulk(`${entry.ms}-${entry.seq}`);
      reply.nilArray();
    }
  }
}

/** XREAD's reply: a map from stream name to entries in RESP3, an array of [name, entries] pairs in RESP2. */
export function replyBatches(reply: Reply, batches: readonly StreamBatch[]): void {
  if (reply.protocol === 2) reply.array(batches.length);
  else reply.map(batches.length);
  for (const batch of batches) {
    if (reply.protocol === 2) reply.array(2);
    reply.bulk(batch.key);
    replyReadEntries(reply, batch.entries);
  }
}

import type { StreamId } from './stream-id.js';
import type { Int64 } from './stream-pending.js';
import { PendingEntry, PendingList } from './stream-pending.js';

/** entries-read when it is not known (Redis's SCG_INVALID_ENTRIES_READ). */
export const UNKNOWN_ENTRIES_READ = -1;

export class StreamConsumer {
  /** Entries delivered to this consumer and not acknowledged, shared with the group's list. */
  readonly pending = new PendingList();

  constructor(readonly name: string, public seenTime: number) {}

  clone(): StreamConsumer {
    return new StreamConsumer(this.name, this.seenTime);
  }
}

/** Names sort as Redis's radix trees do: bytewise, a prefix first. */
function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class ConsumerGroup {
  /** Every entry delivered to a consumer of the group and not acknowledged. */
  readonly pending = new PendingList();
  readonly consumers = new Map<string, StreamConsumer>();

  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Logical count of entries the group has read, or UNKNOWN_ENTRIES_READ. */
    public entriesRead: Int64,
  ) {}

  sortedConsumers(): StreamConsumer[] {
    return [...this.consumers.values()].sort(byName);
  }

  /** The consumer, created with `now` as its seen time when it does not exist. */
  consumer(name: string, now: number): StreamConsumer {
    let consumer = this.consumers.get(name);
    if (consumer === undefined) {
      consumer = new StreamConsumer(name, now);
      this.consumers.set(name, consumer);
    }
    return consumer;
  }

  /** Removes a consumer and its pending entries; returns how many were pending. */
  deleteConsumer(name: string): number {
    const consumer = this.consumers.get(name);
    if (consumer === undefined) return 0;
    const pending = consumer.pending.size;
    for (const entry of consumer.pending) this.pending.delete(entry.id);
    this.consumers.delete(name);
    return pending;
  }

  /** Drops an entry from the group's list and its consumer's. */
  acknowledge(entry: PendingEntry): void {
    this.pending.delete(entry.id);
    entry.consumer?.pending.delete(entry.id);
  }

  /** Gives an entry to `consumer` (removing it from its previous owner). */
  assign(entry: PendingEntry, consumer: StreamConsumer): void {
    if (entry.consumer === consumer) return;
    entry.consumer?.pending.delete(entry.id);
    consumer.pending.insert(entry);
    entry.consumer = consumer;
  }

  clone(): ConsumerGroup {
    const copy = new ConsumerGroup(this.name, this.lastId, this.entriesRead);
    const consumers = new Map<StreamConsumer, StreamConsumer>();
    for (const consumer of this.consumers.values()) {
      const twin = consumer.clone();
      consumers.set(consumer, twin);
      copy.consumers.set(twin.name, twin);
    }
    for (const entry of this.pending) {
      const owner = entry.consumer === null ? null : consumers.get(entry.consumer as StreamConsumer) ?? null;
      const twin = new PendingEntry(entry.id, owner, entry.deliveryTime, entry.deliveryCount);
      copy.pending.insert(twin);
      owner?.pending.insert(twin);
    }
    return copy;
  }
}

export function sortedGroups(groups: ReadonlyMap<string, ConsumerGroup>): ConsumerGroup[] {
  return [...groups.values()].sort(byName);
}

import { DeadlineHeap } from './deadline-heap.js';

/**
 * The heap active expiry pops to find the keys whose deadline has passed without scanning. Entries
 * are never removed when a TTL changes or a key is deleted; the consumer checks each popped entry
 * against the live expiry table, and the heap is rebuilt when stale entries outnumber live ones.
 */
export class ExpiryQueue extends DeadlineHeap {
  peekKey(): string | undefined {
    return this.peekName();
  }

  /** Replaces the contents with the live table (drops stale entries). */
  rebuild(live: ReadonlyMap<string, number | bigint>): void {
    this.retain(() => false);
    for (const [key, deadline] of live) {
      if (typeof deadline === 'number') this.push(deadline, key);
    }
  }
}

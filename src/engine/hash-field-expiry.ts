/**
 * A database's queue of hashes that have field TTLs: (earliest field deadline, key), so the
 * active expiry cycle finds the fields to delete without looking at other keys. A database gets
 * one only when a hash with field TTLs enters it; until then the cost is one `undefined` check.
 *
 * Entries are not removed when a hash changes, moves or goes away. A hash remembers the deadline
 * it is queued under (HashValue.queuedFieldExpiry); an entry that does not match the hash now at
 * its key is stale and dropped when popped, and the queue is rebuilt when stale ones pile up.
 */

import { DeadlineHeap } from './deadline-heap.js';
import { HashValue } from './types/hash.js';
import type { StoredValue } from './values.js';

/** Fields one visit of the active cycle deletes from a hash before it moves on to other work. */
const FIELDS_PER_VISIT = 256;

export class HashFieldExpiry {
  private queue = new DeadlineHeap();
  /** Queue size at which stale entries are dropped (doubles with the live entries). */
  private rebuildAt = 1024;

  get size(): number {
    return this.queue.size;
  }

  /**
   * Makes sure the hash at `key` is queued no later than its earliest field deadline. `moved`:
   * the hash just arrived under this key (RENAME, MOVE, COPY, SWAPDB's other side), so whatever
   * it was queued under belongs to another key or database.
   */
  schedule(key: string, hash: HashValue, data: ReadonlyMap<string, StoredValue>, moved = false): void {
    const next = hash.nextFieldDeadline();
    if (next === Infinity || (!moved && hash.queuedFieldExpiry <= next)) return;
    this.queue.push(next, key);
    hash.queuedFieldExpiry = next;
    if (this.queue.size >= this.rebuildAt) {
      this.queue.retain((deadline, name) => {
        const value = data.get(name);
        return value instanceof HashValue && value.queuedFieldExpiry === deadline;
      });
      this.rebuildAt = Math.max(1024, 2 * this.queue.size);
    }
  }

  /**
   * The active cycle's step: deletes fields whose deadline is before `now`, hash by hash,
   * earliest first, until none is due or `budgetMs` is spent. `emptied` hears of every hash
   * that lost fields (it deletes the key when the hash is empty). Answers how many fields went.
   */
  expireDue(
    now: number, budgetMs: number, readTime: () => number,
    data: ReadonlyMap<string, StoredValue>, lostFields: (key: string, hash: HashValue) => void,
    /** Called before a hash loses fields (a snapshot in progress keeps the hash from before). */
    beforeChange?: (key: string) => void,
  ): number {
    const queue = this.queue;
    const start = readTime();
    let expired = 0;
    let visits = 0;
    while (queue.size !== 0) {
      const deadline = queue.peekDeadline();
      if (deadline >= now) break;
      const key = queue.peekName()!;
      queue.pop();
      const value = data.get(key);
      if (!(value instanceof HashValue) || value.queuedFieldExpiry !== deadline) continue;
      value.queuedFieldExpiry = Infinity;
      beforeChange?.(key);
      const removed = value.expireFields(now, FIELDS_PER_VISIT);
      if (removed !== 0) {
        expired += removed;
        lostFields(key, value);
      }
      if (value.size !== 0) this.schedule(key, value, data);
      if (++visits % 16 === 0 && readTime() - start >= budgetMs) break;
    }
    return expired;
  }
}

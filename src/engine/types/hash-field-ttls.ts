/**
 * What a hash keeps once a field-TTL command has touched it (Redis 7.4's hash field expiration).
 * Hashes that never had one carry none of this, not even an empty slot.
 *
 * `deadlines` runs parallel to the hash's pairs: the absolute ms deadline of pair i, 0 for a
 * field without one. In the compact encoding the pairs are kept in Redis's listpackex order
 * (fields with a TTL first, earliest deadline first, then the others in their own order), so the
 * next field to expire is always pair 0. In the hashtable encoding `heap` finds it instead.
 */

import { DeadlineHeap } from '../deadline-heap.js';

/** Redis's limit for a field deadline: 2^48 - 1 with two bits kept back, in ms. */
export const MAX_FIELD_DEADLINE_MS = 2 ** 46 - 1;

export class FieldTtls {
  deadlines: number[];
  /** How many fields have a deadline. */
  count = 0;
  /** Hashtable encoding only: (deadline, field) entries, some of them stale. */
  heap: DeadlineHeap | undefined;
  /** The deadline under which the hash waits in its database's field-expiry queue (Infinity: not queued). */
  queuedAt = Infinity;

  constructor(pairs: number) {
    this.deadlines = new Array<number>(pairs).fill(0);
  }

  clone(): FieldTtls {
    const copy = new FieldTtls(0);
    copy.deadlines = this.deadlines.slice();
    copy.count = this.count;
    copy.heap = this.heap?.clone();
    return copy;
  }

  /** Builds the heap from the deadlines (on conversion to the hashtable encoding, or to drop stale entries). */
  rebuildHeap(fieldOf: (pair: number) => string): void {
    const heap = new DeadlineHeap();
    const deadlines = this.deadlines;
    for (let pair = 0; pair < deadlines.length; pair++) {
      if (deadlines[pair] !== 0) heap.push(deadlines[pair]!, fieldOf(pair));
    }
    this.heap = heap;
  }
}

/**
 * Where a pair with `deadline` goes in listpackex order: before the first pair without a TTL or
 * with a deadline at least as late (so among equal deadlines the latest one set comes first).
 */
export function listpackexPosition(deadlines: readonly number[], deadline: number): number {
  for (let pair = 0; pair < deadlines.length; pair++) {
    const other = deadlines[pair]!;
    if (other === 0 || other >= deadline) return pair;
  }
  return deadlines.length;
}

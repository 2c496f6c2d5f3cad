/**
 * A binary min-heap of (deadline, key) used by active expiry to find the keys whose deadline has
 * passed without scanning. Entries are never removed when a TTL changes or a key is deleted;
 * the consumer checks each popped entry against the live expiry table, and the heap is rebuilt
 * when stale entries outnumber live ones.
 */
export class ExpiryQueue {
  private deadlines = new Float64Array(64);
  private keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(deadline: number, key: string): void {
    let index = this.keys.length;
    if (index === this.deadlines.length) {
      const grown = new Float64Array(this.deadlines.length * 2);
      grown.set(this.deadlines);
      this.deadlines = grown;
    }
    this.keys.push(key);
    // Sift up.
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.deadlines[parent]! <= deadline) break;
      this.deadlines[index] = this.deadlines[parent]!;
      this.keys[index] = this.keys[parent]!;
      index = parent;
    }
    this.deadlines[index] = deadline;
    this.keys[index] = key;
  }

  /** Deadline of the earliest entry, or Infinity when empty. */
  peekDeadline(): number {
    return this.keys.length === 0 ? Infinity : this.deadlines[0]!;
  }

  peekKey(): string | undefined {
    return this.keys[0];
  }

  pop(): void {
    const last = this.keys.length - 1;
    if (last < 0) return;
    const lastDeadline = this.deadlines[last]!;
    const lastKey = this.keys.pop()!;
    if (last === 0) return;
    // Sift the last entry down from the root.
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.deadlines[right]! < this.deadlines[left]! ? right : left;
      if (this.deadlines[child]! >= lastDeadline) break;
      this.deadlines[index] = this.deadlines[child]!;
      this.keys[index] = this.keys[child]!;
      index = child;
    }
    this.deadlines[index] = lastDeadline;
    this.keys[index] = lastKey;
  }

  /** Replaces the contents with the live table (drops stale entries). */
  rebuild(live: ReadonlyMap<string, number | bigint>): void {
    this.deadlines = new Float64Array(Math.max(64, live.size * 2));
    this.keys = [];
    for (const [key, deadline] of live) {
      if (typeof deadline === 'number') this.push(deadline, key);
    }
  }

  clear(): void {
    this.deadlines = new Float64Array(64);
    this.keys = [];
  }
}

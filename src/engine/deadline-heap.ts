/**
 * A binary min-heap of (deadline, name) pairs that starts with no storage at all, for the field
 * TTLs of one hash and for the hashes of one database that have field TTLs. Entries are never
 * removed when a deadline changes: whoever pops one checks it against the live data, and
 * rebuilds the heap (retain) when stale entries pile up.
 */
export class DeadlineHeap {
  private deadlines: number[] = [];
  private names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  push(deadline: number, name: string): void {
    const deadlines = this.deadlines;
    const names = this.names;
    let index = names.length;
    deadlines.push(deadline);
    names.push(name);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (deadlines[parent]! <= deadline) break;
      deadlines[index] = deadlines[parent]!;
      names[index] = names[parent]!;
      index = parent;
    }
    deadlines[index] = deadline;
    names[index] = name;
  }

  /** The earliest deadline, or Infinity when empty. */
  peekDeadline(): number {
    return this.names.length === 0 ? Infinity : this.deadlines[0]!;
  }

  peekName(): string | undefined {
    return this.names[0];
  }

  pop(): void {
    const deadlines = this.deadlines;
    const names = this.names;
    const last = names.length - 1;
    if (last < 0) return;
    const lastDeadline = deadlines.pop()!;
    const lastName = names.pop()!;
    if (last === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && deadlines[right]! < deadlines[left]! ? right : left;
      if (deadlines[child]! >= lastDeadline) break;
      deadlines[index] = deadlines[child]!;
      names[index] = names[child]!;
      index = child;
    }
    deadlines[index] = lastDeadline;
    names[index] = lastName;
  }

  /** Keeps only the entries `live` approves of (drops stale ones), in O(n). */
  retain(live: (deadline: number, name: string) => boolean): void {
    const deadlines = this.deadlines;
    const names = this.names;
    this.deadlines = [];
    this.names = [];
    for (let i = 0; i < names.length; i++) {
      if (live(deadlines[i]!, names[i]!)) this.push(deadlines[i]!, names[i]!);
    }
  }

  clone(): DeadlineHeap {
    const copy = new DeadlineHeap();
    copy.deadlines = this.deadlines.slice();
    copy.names = this.names.slice();
    return copy;
  }
}

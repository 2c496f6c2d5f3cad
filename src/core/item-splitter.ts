import type { Reply } from './reply.js';

/**
 * Splits one reply stream that holds several top-level values (EXEC's array items) into one
 * writer per value: each call goes to the writer of the current item, and once that item's value
 * is complete (a scalar, or an aggregate whose elements have all been written) the next item's
 * writer takes over.
 */
export class ItemSplitter implements Reply {
  readonly protocol: 2 | 3;
  private index = 0;
  /** Elements still expected by each open aggregate of the current item, innermost last. */
  private readonly open: number[] = [];

  constructor(private readonly writerFor: (index: number) => Reply, protocol: 2 | 3 = 2) {
    this.protocol = protocol;
  }

  private current(): Reply {
    return this.writerFor(this.index);
  }

  /** A value was written at the current depth: close every aggregate it completes. */
  private written(): void {
    const open = this.open;
    while (open.length !== 0) {
      const last = open.length - 1;
      if (--open[last]! !== 0) return;
      open.pop();
    }
    this.index++;
  }

  private aggregate(elements: number): void {
    if (elements === 0) this.written();
    else this.open.push(elements);
  }

  ok(): void { this.current().ok(); this.written(); }
  simple(text: string): void { this.current().simple(text); this.written(); }
  error(message: string): void { this.current().error(message); this.written(); }
  int(value: number | bigint): void { this.current().int(value); this.written(); }
  bulk(value: string): void { this.current().bulk(value); this.written(); }
  nil(): void { this.current().nil(); this.written(); }
  nilArray(): void { this.current().nilArray(); this.written(); }
  double(value: number, text?: string): void { this.current().double(value, text); this.written(); }
  bool(value: boolean): void { this.current().bool(value); this.written(); }
  verbatim(text: string, format?: string): void { this.current().verbatim(text, format); this.written(); }
  bigNumber(digits: string): void { this.current().bigNumber(digits); this.written(); }
  array(length: number): void { this.current().array(length); this.aggregate(length); }
  set(length: number): void { this.current().set(length); this.aggregate(length); }
  push(length: number): void { this.current().push(length); this.aggregate(length); }
  map(pairs: number): void { this.current().map(pairs); this.aggregate(pairs * 2); }
}

/**
 * Cursors for SCAN-style iteration over JavaScript Maps and Sets. A Map iterator stays valid while
 * its Map changes and visits every entry present for its whole life exactly once, so a cursor is
 * the number of a live iterator kept here. Clients may abandon scans, so the table is bounded (the
 * oldest cursor is dropped, and so is one unused for ten minutes); an unknown or dropped cursor
 * starts over, which can repeat elements but never misses one.
 */

const CURSOR_LIMIT = 4096;
/** A cursor unused this long is dropped, so abandoned scans do not pin deleted collections. */
const IDLE_LIMIT_MS = 10 * 60 * 1000;

interface CursorState<T> {
  owner: object;
  lastUsed: number;
  items: Iterator<T>;
  /** The element read ahead of the last reply, not yet visited. */
  ahead: T | undefined;
}

export class LiveCursors {
  private readonly cursors = new Map<number, CursorState<unknown>>();
  private nextCursor = 1;

  /**
   * Visits up to `count` elements of `owner` from where `cursor` stopped (0 starts from the
   * beginning with `start()`), skipping elements `present` rejects, and returns the next cursor,
   * 0 when the iteration is complete.
   */
  step<T>(owner: object, cursor: number, count: number, start: () => Iterator<T>, present: (item: T) => boolean, visit: (item: T) => void): number {
    const now = Date.now();
    this.dropIdle(now);
    let state = cursor === 0 ? undefined : (this.cursors.get(cursor) as CursorState<T> | undefined);
    if (state !== undefined) this.cursors.delete(cursor);
    if (state === undefined || state.owner !== owner) state = { owner, lastUsed: now, items: start(), ahead: undefined };
    state.lastUsed = now;
    for (let visited = 0; visited < count; visited++) {
      let item = state.ahead;
      state.ahead = undefined;
      if (item === undefined) {
        const next = state.items.next();
        if (next.done) return 0;
        item = next.value;
      }
      if (present(item)) visit(item);
    }
    // Read one element ahead so a finished iteration answers cursor 0 now, not on an extra call.
    const next = state.items.next();
    if (next.done) return 0;
    state.ahead = next.value;
    const id = this.nextCursor++;
    if (this.nextCursor > Number.MAX_SAFE_INTEGER) this.nextCursor = 1;
    this.cursors.set(id, state);
    if (this.cursors.size > CURSOR_LIMIT) this.cursors.delete(this.cursors.keys().next().value!);
    return id;
  }

  /** The table is in order of last use: idle cursors are at its start. */
  private dropIdle(now: number): void {
    for (const [id, state] of this.cursors) {
      if (now - state.lastUsed < IDLE_LIMIT_MS) return;
      this.cursors.delete(id);
    }
  }

  /** Forgets every cursor of `owner` (its contents were dropped wholesale). */
  forget(owner: object): void {
    for (const [id, state] of this.cursors) {
      if (state.owner === owner) this.cursors.delete(id);
    }
  }
}

import type { Session } from '../core/session.js';
import type { Database } from './database.js';

/** What a blocking command leaves behind while it waits (BLPOP, BZPOPMIN, XREAD BLOCK, ...). */
export interface BlockRequest {
  session: Session;
  db: Database;
  keys: readonly string[];
  /** Absolute deadline in ms, or 0 to wait forever. */
  deadline: number;
  /**
   * Tries to serve the client from the data now; returns true when it replied. `readyKey` is the
   * key whose change woke the client (a client blocked on several keys is served from it first).
   */
  attempt(readyKey: string): boolean;
  /** Replies as the command does when its timeout passes. */
  timedOut(): void;
  /** Replies for CLIENT UNBLOCK ... ERROR. */
  unblockedWithError(): void;
}

export interface Waiter {
  readonly request: BlockRequest;
  resolve(): void;
  timer: NodeJS.Timeout | undefined;
}

/** setTimeout cannot wait longer than this; longer timeouts re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Clients blocked on keys. Each (database, key) has a queue of waiters in the order they blocked.
 * When a command makes a waited-for key ready, the key is noted; after the command (after the
 * whole transaction or script, since only top-level dispatch serves) the waiters of every ready
 * key are offered the data in order, each re-checking the key as if its command ran again.
 */
export class BlockingManager {
  private readonly waiters = new Map<Session, Waiter>();
  private ready: Array<[Database, string]> = [];
  private readonly readyKeys = new Set<string>();

  constructor(private readonly now: () => number, private readonly tick: () => void) {}

  get blockedClients(): number {
    return this.waiters.size;
  }

  isBlocked(session: Session): boolean {
    return this.waiters.has(session);
  }

  get hasReadyKeys(): boolean {
    return this.ready.length !== 0;
  }

  /** Parks a client; the promise settles when it is served, times out, is unblocked or leaves. */
  block(request: BlockRequest): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = { request, resolve, timer: undefined };
      this.waiters.set(request.session, waiter);
      for (const key of request.keys) {
        const queue = request.db.blockedKeys.get(key);
        if (queue === undefined) request.db.blockedKeys.set(key, [waiter]);
        else if (!queue.includes(waiter)) queue.push(waiter);
      }
      this.armTimer(waiter);
    });
  }

  private armTimer(waiter: Waiter): void {
    const deadline = waiter.request.deadline;
    if (deadline === 0) return;
    const delay = Math.max(0, deadline - this.now());
    waiter.timer = setTimeout(() => {
      if (this.now() < deadline) this.armTimer(waiter);
      else this.finish(waiter, () => waiter.request.timedOut());
    }, Math.min(delay, MAX_TIMER_MS));
  }

  /** A command wrote a key that clients wait for (the Database calls this). */
  keyReady(db: Database, key: string): void {
    const id = `${db.index}:${key}`;
    if (this.readyKeys.has(id)) return;
    this.readyKeys.add(id);
    this.ready.push([db, key]);
  }

  /** Offers every ready key to its waiters, in blocking order, until nothing more can be served. */
  serveReady(log: { warning(message: string): void }): void {
    while (this.ready.length !== 0) {
      const batch = this.ready;
      this.ready = [];
      this.readyKeys.clear();
      for (const [db, key] of batch) {
        const queue = db.blockedKeys.get(key);
        if (queue === undefined) continue;
        for (const waiter of [...queue]) {
          const session = waiter.request.session;
          if (!this.waiters.has(session)) continue;
          if (session.killed) {
            this.finish(waiter);
            continue;
          }
          this.tick();
          try {
            if (waiter.request.attempt(key)) this.finish(waiter);
          } catch (error) {
            // A bug costs that client its wait, never the server.
            log.warning(`serving a blocked client failed: ${(error as Error)?.stack ?? error}`);
            this.finish(waiter);
          }
        }
      }
    }
  }

  /** CLIENT UNBLOCK: ends a client's wait as a timeout or with an UNBLOCKED error. */
  unblock(session: Session, withError: boolean): boolean {
    const waiter = this.waiters.get(session);
    if (waiter === undefined) return false;
    this.finish(waiter, () => (withError ? waiter.request.unblockedWithError() : waiter.request.timedOut()));
    return true;
  }

  /** The client went away: forget it without replying. */
  cancel(session: Session): void {
    const waiter = this.waiters.get(session);
    if (waiter !== undefined) this.finish(waiter);
  }

  /** Keys that clients wait for in `db` and that exist now (after SWAPDB). */
  recheck(db: Database): void {
    for (const key of db.blockedKeys.keys()) {
      if (db.has(key)) this.keyReady(db, key);
    }
  }

  private finish(waiter: Waiter, reply?: () => void): void {
    const { session, db, keys } = waiter.request;
    this.waiters.delete(session);
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    for (const key of keys) {
      const queue = db.blockedKeys.get(key);
      if (queue === undefined) continue;
      const index = queue.indexOf(waiter);
      if (index !== -1) queue.splice(index, 1);
      if (queue.length === 0) db.blockedKeys.delete(key);
    }
    reply?.();
    waiter.resolve();
  }
}

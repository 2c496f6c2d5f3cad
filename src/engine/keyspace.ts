import type { Clock } from '../core/clock.js';
import { BlockingManager } from './blocking.js';
import { Database, type KeyspaceEvents } from './database.js';
import { LiveCursors } from './live-cursors.js';
import { WatchRegistry } from './watches.js';

export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

/** The numbered databases and what spans them (SWAPDB, FLUSHALL, keyspace statistics). */
export class Keyspace {
  readonly databases: Database[];
  readonly stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  /** Changes since the last save (INFO rdb_changes_since_last_save). */
  dirty = 0;
  /** Changes counted before the last reset of `dirty`. */
  private dirtyCleared = 0;
  readonly blocking: BlockingManager;
  /** Cursors of HSCAN, SSCAN and ZSCAN over large collections (owner: the collection). */
  readonly collectionCursors = new LiveCursors();
  readonly watches = new WatchRegistry();
  private readonly expiredListeners: Array<(db: Database, key: string) => void> = [];

  constructor(count: number, readonly clock: Clock) {
    const events: KeyspaceEvents = {
      expired: (db, key) => {
        this.stats.expiredKeys++;
        for (const listener of this.expiredListeners) listener(db, key);
      },
      modified: (db, key, changes) => {
        this.dirty += changes;
        if (this.watches.active) this.watches.touch(db, key);
      },
      replacing: (db, incoming) => {
        if (this.watches.active) this.watches.touchReplaced(db, incoming);
      },
      ready: (db, key) => this.blocking.keyReady(db, key),
    };
    this.blocking = new BlockingManager(() => clock.read(), () => clock.tick());
    this.databases = Array.from({ length: count }, (_, index) => new Database(index, clock, events, this.stats));
  }

  /** Changes since the start, never reset: the REST front end's read-your-writes sync token. */
  get changes(): number {
    return this.dirtyCleared + this.dirty;
  }

  /** A save has written the first `saved` changes: only the ones made since stay counted. */
  clearDirtyUpTo(saved: number): void {
    this.dirtyCleared += saved;
    this.dirty -= saved;
  }

  onExpired(listener: (db: Database, key: string) => void): void {
    this.expiredListeners.push(listener);
  }

  db(index: number): Database {
    return this.databases[index]!;
  }

  swap(a: number, b: number): void {
    if (a === b) return;
    this.databases[a]!.swapContents(this.databases[b]!);
    // Clients blocked in either database now see the other one's keys.
    this.blocking.recheck(this.databases[a]!);
    this.blocking.recheck(this.databases[b]!);
  }

  totalKeys(): number {
    let total = 0;
    for (const db of this.databases) total += db.size;
    return total;
  }
}

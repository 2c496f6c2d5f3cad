import type { Database, Deadline } from '../engine/database.js';
import type { Keyspace } from '../engine/keyspace.js';
import { cloneValue, type StoredValue } from '../engine/values.js';
import { KeySet } from './key-set.js';

/** Where a snapshot's entries go, database by database (an RDB writer, an AOF rewrite). */
export interface SnapshotWriter {
  selectDb(index: number, keys: number, expires: number): void;
  entry(key: string, value: StoredValue, expireAtMs: Deadline | undefined): void;
}

/** One database as it was when the snapshot began. */
interface DatabaseImage {
  readonly index: number;
  readonly data: Map<string, StoredValue>;
  readonly expires: Map<string, Deadline>;
  readonly keysAtStart: number;
  readonly expiresAtStart: number;
  state: 'pending' | 'active' | 'finished';
  /** Keys already written (or saved aside) for this image: the iteration skips them. */
  done: KeySet;
  /** Old values of keys changed before this image's turn came, in the order they were saved. */
  early: Array<{ key: string; value: StoredValue; expireAt: Deadline | undefined }>;
  iterator: Iterator<[string, StoredValue]> | undefined;
}

/** Snapshots in progress per keyspace: each change is preserved for all of them. */
const active = new WeakMap<Keyspace, Set<Snapshot>>();

/**
 * A consistent point-in-time image of the keyspace without fork(): key-level copy-on-write.
 * The snapshot walks each database's Map in small steps while clients keep writing. Before any
 * change to a key it has not written yet (the engine calls `preserve` from every path that reads
 * for a write, stores, deletes or expires), the key's value as it was is written first — or, for
 * a database whose turn has not come, copied aside until it does. Keys created after the start
 * are recorded as done so the walk skips them. FLUSHALL and SWAPDB replace or exchange whole Maps;
 * the images keep the Maps they started with, so neither disturbs the snapshot.
 * Extra memory: a Set of the keys of the database being written, plus copies of keys changed
 * in databases not reached yet.
 */
export class Snapshot {
  private readonly images: DatabaseImage[] = [];
  private readonly imageOf = new Map<Map<string, StoredValue>, DatabaseImage>();
  private current = 0;
  /** Keys written so far, for progress reports. */
  written = 0;
  readonly totalKeys: number;

  constructor(private readonly keyspace: Keyspace, private readonly writer: SnapshotWriter, private readonly now: number) {
    let total = 0;
    for (const db of keyspace.databases) {
      if (db.data.size === 0) continue;
      const image: DatabaseImage = {
        index: db.index, data: db.data, expires: db.expires, keysAtStart: db.data.size, expiresAtStart: db.expires.size,
        state: 'pending', done: new KeySet(), early: [], iterator: undefined,
      };
      total += db.data.size;
      this.images.push(image);
      this.imageOf.set(db.data, image);
    }
    this.totalKeys = total;
    if (this.images.length !== 0) {
      let running = active.get(keyspace);
      if (running === undefined) active.set(keyspace, (running = new Set()));
      running.add(this);
      const guard = (db: Database, key: string): void => {
        for (const snapshot of running!) snapshot.preserve(db, key);
      };
      for (const db of keyspace.databases) db.snapshotGuard = guard;
    }
  }

  get finished(): boolean {
    return this.current >= this.images.length;
  }

  /** A key of `db` is about to change: make sure the image has its value from before. */
  preserve(db: Database, key: string): void {
    const image = this.imageOf.get(db.data);
    if (image === undefined || image.state === 'finished' || image.done.has(key)) return;
    image.done.add(key);
    const value = image.data.get(key);
    if (value === undefined) return;
    const expireAt = image.expires.size === 0 ? undefined : image.expires.get(key);
    if (this.isExpired(expireAt)) return;
    if (image.state === 'active') {
      this.writer.entry(key, value, expireAt);
      this.written++;
    } else {
      image.early.push({ key, value: cloneValue(value), expireAt });
    }
  }

  private isExpired(expireAt: Deadline | undefined): boolean {
    return expireAt !== undefined && typeof expireAt === 'number' && expireAt <= this.now;
  }

  /**
   * Writes entries until `budgetMs` has passed (checked every 16 keys) or the image is complete.
   * Returns true once everything is written; the guard is then removed from the databases.
   */
  step(budgetMs: number, readTime: () => number = () => performance.now()): boolean {
    const started = readTime();
    let count = 0;
    while (this.current < this.images.length) {
      const image = this.images[this.current]!;
      if (image.state === 'pending') this.begin(image);
      const iterator = image.iterator!;
      for (;;) {
        const next = iterator.next();
        if (next.done) break;
        const [key, value] = next.value;
        if (image.done.has(key)) continue;
        image.done.add(key);
        const expireAt = image.expires.size === 0 ? undefined : image.expires.get(key);
        if (!this.isExpired(expireAt)) {
          this.writer.entry(key, value, expireAt);
          this.written++;
        }
        if (++count % 16 === 0 && readTime() - started >= budgetMs) return false;
      }
      image.state = 'finished';
      image.done = new KeySet();
      image.iterator = undefined;
      this.current++;
    }
    this.release();
    return true;
  }

  private begin(image: DatabaseImage): void {
    image.state = 'active';
    this.writer.selectDb(image.index, image.keysAtStart, image.expiresAtStart);
    for (const { key, value, expireAt } of image.early) {
      this.writer.entry(key, value, expireAt);
      this.written++;
    }
    image.early = [];
    image.iterator = image.data.entries();
  }

  /** Stops guarding the databases (when finished, or when a save is abandoned). */
  release(): void {
    const running = active.get(this.keyspace);
    running?.delete(this);
    // A BGSAVE and an AOF rewrite may run at once: the guard stays while either needs it.
    if (running === undefined || running.size === 0) {
      active.delete(this.keyspace);
      for (const db of this.keyspace.databases) db.snapshotGuard = undefined;
    }
    this.current = this.images.length;
  }
}

import type { Database } from './database.js';

/** What WATCH needs from a client: a place to record its keys and a flag that EXEC reads. */
export interface Watcher {
  watchedKeys: WatchedKey[];
  /** A watched key changed since WATCH: EXEC must fail. */
  watchDirty: boolean;
}

export interface WatchedKey {
  db: Database;
  key: string;
  /** The key was already logically expired (but not yet deleted) when it was watched. */
  expiredWhenWatched: boolean;
}

/**
 * WATCH bookkeeping: for each database, the clients watching each key. Any change to a watched key
 * (a write, a delete, an expiry, FLUSHDB/FLUSHALL, SWAPDB) marks its watchers dirty, so their next
 * EXEC answers nil, as Redis's touchWatchedKey does.
 */
export class WatchRegistry {
  private readonly byDb = new Map<Database, Map<string, Set<Watcher>>>();

  get active(): boolean {
    return this.byDb.size !== 0;
  }

  watch(watcher: Watcher, db: Database, key: string): void {
    let keys = this.byDb.get(db);
    if (keys === undefined) this.byDb.set(db, (keys = new Map()));
    let watchers = keys.get(key);
    if (watchers === undefined) keys.set(key, (watchers = new Set()));
    if (watchers.has(watcher)) return;
    watchers.add(watcher);
    watcher.watchedKeys.push({ db, key, expiredWhenWatched: db.data.has(key) && db.isExpired(key) });
  }

  unwatchAll(watcher: Watcher): void {
    for (const { db, key } of watcher.watchedKeys) {
      const keys = this.byDb.get(db);
      const watchers = keys?.get(key);
      if (watchers === undefined) continue;
      watchers.delete(watcher);
      if (watchers.size === 0) keys!.delete(key);
      if (keys!.size === 0) this.byDb.delete(db);
    }
    watcher.watchedKeys = [];
    watcher.watchDirty = false;
  }

  /** A key changed (Redis's signalModifiedKey). */
  touch(db: Database, key: string): void {
    const watchers = this.byDb.get(db)?.get(key);
    if (watchers === undefined) return;
    for (const watcher of watchers) watcher.watchDirty = true;
  }

  /**
   * The contents of `db` are about to be dropped or exchanged: watchers of a key that exists in
   * `db` now, or in `incoming` (what replaces it), are dirty.
   */
  touchReplaced(db: Database, incoming: ReadonlyMap<string, unknown> | undefined): void {
    const keys = this.byDb.get(db);
    if (keys === undefined) return;
    for (const [key, watchers] of keys) {
      if (!db.data.has(key) && !incoming?.has(key)) continue;
      for (const watcher of watchers) watcher.watchDirty = true;
    }
  }

  /**
   * Redis's isWatchedKeyExpired: a watched key that was alive when watched and has logically
   * expired since (without being deleted yet) makes EXEC fail too.
   */
  anyExpiredSinceWatch(watcher: Watcher): boolean {
    for (const watched of watcher.watchedKeys) {
      if (!watched.expiredWhenWatched && watched.db.data.has(watched.key) && watched.db.isExpired(watched.key)) return true;
    }
    return false;
  }
}

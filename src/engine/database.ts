import type { Clock } from '../core/clock.js';
import { ExpiryQueue } from './expiry-queue.js';
import { HashFieldExpiry } from './hash-field-expiry.js';
import type { HashValue } from './types/hash.js';
import { LiveCursors } from './live-cursors.js';
import type { Waiter } from './blocking.js';
import type { StoredValue } from './values.js';
import { NOTIFY_GENERIC, NOTIFY_HASH, NOTIFY_KEY_MISS } from '../pubsub/notifications.js';

/** What the rest of the server wants to hear about keys (statistics, WATCH, notifications). */
export interface KeyspaceEvents {
  /** A key was removed because its TTL passed (lazily or by the active cycle). */
  expired(db: Database, key: string): void;
  /** A command changed a key (Redis's signalModifiedKey): WATCH, sync tokens, persistence. */
  modified(db: Database, key: string, changes: number): void;
  /** A key that blocked clients wait for was written (Redis's signalKeyAsReady). */
  ready(db: Database, key: string): void;
  /** The whole contents are about to be dropped (FLUSH) or exchanged (SWAPDB, `incoming`). */
  replacing(db: Database, incoming: ReadonlyMap<string, unknown> | undefined): void;
}


/**
 * An absolute expiry time in ms. Redis keeps it as a signed 64-bit integer; a double holds every
 * real date exactly, so deadlines are numbers, and only those past 2^53 ms (PEXPIREAT with huge
 * literals) are kept as bigint so EXPIRETIME and friends answer them digit for digit.
 */
export type Deadline = number | bigint;

/** The Deadline for an exact 64-bit value. */
export function toDeadline(value: bigint): Deadline {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);


/**
 * One logical database: keys to values, plus the TTL table (absolute ms deadlines, only for keys
 * that have one) and the heap that active expiry pops from.
 */
export class Database {
  data = new Map<string, StoredValue>();
  expires = new Map<string, Deadline>();
  expiryQueue = new ExpiryQueue();
  /**
   * Set while a snapshot (BGSAVE, AOF rewrite) is being written: called before anything reads
   * a key for a change, stores, deletes or expires it, so the snapshot keeps the value from before.
   */
  snapshotGuard: ((db: Database, key: string) => void) | undefined = undefined;
  /** Told when set() creates a key (the `n` keyspace notification); undefined costs nothing. */
  keyCreated: ((db: Database, key: string) => void) | undefined = undefined;
  /** Publishes a keyspace notification (pubsub/notifications.ts); undefined while they are off. */
  notifier: ((db: Database, type: number, event: string, key: string) => void) | undefined = undefined;
  /**
   * Set by execute() around a read-only command while keymiss (m) events are on: a lookup that
   * finds no key publishes one, as Redis's lookupKeyRead does.
   */
  reportMisses = false;
  /** Hashes with field TTLs, for active expiry; undefined until such a hash enters this database. */
  hashFieldExpiry: HashFieldExpiry | undefined;
  /** Live iterators behind SCAN cursors: a Map iterator sees every key present for its whole life. */
  private readonly scanCursors = new LiveCursors();
  private randomWalk: Iterator<string> | undefined;
  /** Clients blocked on each key of this database, in the order they blocked (see BlockingManager). */
  readonly blockedKeys = new Map<string, Waiter[]>();

  constructor(
    readonly index: number,
    private readonly clock: Clock,
    private readonly events: KeyspaceEvents,
    private readonly stats: { keyspaceHits: number; keyspaceMisses: number },
  ) {}

  get size(): number {
    return this.data.size;
  }

  /**
   * Every write command calls this once per key it changed (after changing it), as Redis's
   * signalModifiedKey: it counts changes since the last save and lets WATCH and friends know.
   */
  modified(key: string, changes = 1): void {
    this.events.modified(this, key, changes);
  }

  /** The value of a live key; a key past its deadline is deleted here (lazy expiry). */
  get(key: string): StoredValue | undefined {
    if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
    const value = this.data.get(key);
    if (value === undefined) {
      if (this.reportMisses) this.notifier?.(this, NOTIFY_KEY_MISS, 'keymiss', key);
      return undefined;
    }
    if (this.expires.size !== 0) {
      const deadline = this.expires.get(key);
      if (deadline !== undefined && deadline <= this.clock.now) {
        this.expireNow(key);
        if (this.reportMisses) this.notifier?.(this, NOTIFY_KEY_MISS, 'keymiss', key);
        return undefined;
      }
    }
    if (this.hashFieldExpiry !== undefined && typeof value !== 'string' && value.type === 'hash') {
      return this.expireDueFields(key, value as HashValue);
    }
    return value;
  }

  /** Lazy field expiry: a hash is handed out without the fields whose deadline has passed. */
  private expireDueFields(key: string, hash: HashValue): HashValue | undefined {
    const next = hash.nextFieldDeadline();
    if (next === Infinity || next >= this.clock.now) return hash;
    hash.expireFields(this.clock.now, Infinity);
    this.hashLostFields(key, hash);
    return hash.size === 0 ? undefined : hash;
  }

  /**
   * Field expiry took fields from the hash at `key`: announced like a key expiry (WATCH sees a
   * change, the dirty counter does not), and the key goes if that was its last field.
   */
  hashLostFields(key: string, hash: HashValue): void {
    // Redis 7.4's events: hexpired for the hash, del when that was its last field.
    this.notifier?.(this, NOTIFY_HASH, 'hexpired', key);
    if (hash.size === 0) this.notifier?.(this, NOTIFY_GENERIC, 'del', key);
    if (hash.size === 0) {
      this.data.delete(key);
      if (this.expires.size !== 0) this.expires.delete(key);
      if (this.blockedKeys.size !== 0) this.signalReady(key);
    }
    this.events.modified(this, key, 0);
  }

  /** A command gave fields of the hash at `key` a TTL: make sure active expiry will see them. */
  scheduleFieldExpiry(key: string, hash: HashValue): void {
    (this.hashFieldExpiry ??= new HashFieldExpiry()).schedule(key, hash, this.data);
  }

  /** A hash that may carry field TTLs was stored under `key` (RENAME, MOVE, COPY, ...). */
  private adoptHash(key: string, hash: HashValue): void {
    if (hash.hasFieldTtls) (this.hashFieldExpiry ??= new HashFieldExpiry()).schedule(key, hash, this.data, true);
  }

  /** The active cycle's share for field TTLs; answers how many fields it deleted. */
  expireDueHashFields(budgetMs: number, readTime: () => number): number {
    const queue = this.hashFieldExpiry;
    if (queue === undefined) return 0;
    const guard = this.snapshotGuard === undefined ? undefined : (key: string) => this.snapshotGuard?.(this, key);
    const expired = queue.expireDue(this.clock.now, budgetMs, readTime, this.data, (key, hash) => this.hashLostFields(key, hash), guard);
    // Back to zero cost once no hash here has field TTLs left.
    if (queue.size === 0) this.hashFieldExpiry = undefined;
    return expired;
  }

  /** get() for commands that read a key's value, counted in INFO keyspace_hits/misses. */
  read(key: string): StoredValue | undefined {
    const value = this.get(key);
    if (value === undefined) this.stats.keyspaceMisses++;
    else this.stats.keyspaceHits++;
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores a value and, like SET, drops any TTL the key had. */
  set(key: string, value: StoredValue): void {
    if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
    // Overwriting a key whose TTL passed expires it first (and logs that), as Redis's lookupKeyWrite.
    if (this.expires.size !== 0 && this.isExpired(key)) this.expireNow(key);
    if (this.keyCreated !== undefined && !this.data.has(key)) this.keyCreated(this, key);
    this.data.set(key, value);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (typeof value !== 'string' && value.type === 'hash') this.adoptHash(key, value as HashValue);
    if (this.blockedKeys.size !== 0) this.signalReady(key);
  }

  /** Replaces the value and keeps the key's TTL (KEEPTTL, in-place edits). */
  replace(key: string, value: StoredValue): void {
    if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
    if (this.keyCreated !== undefined && !this.data.has(key)) this.keyCreated(this, key);
    this.data.set(key, value);
    if (typeof value !== 'string' && value.type === 'hash') this.adoptHash(key, value as HashValue);
    if (this.blockedKeys.size !== 0) this.signalReady(key);
  }

  /**
   * A command added data to a key in place (LPUSH on an existing list, XADD): clients blocked on
   * it get a chance once the command is over. Storing a key with set()/replace() signals already.
   */
  signalReady(key: string): void {
    if (this.blockedKeys.has(key)) this.events.ready(this, key);
  }

  delete(key: string): boolean {
    if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
    if (!this.data.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    // A deleted key wakes its waiters too, as in Redis 7: a group reader gets its error.
    if (this.blockedKeys.size !== 0) this.signalReady(key);
    return true;
  }

  /** Absolute deadline in ms, or undefined for a key without TTL. Call on live keys. */
  getExpire(key: string): Deadline | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  setExpire(key: string, deadlineMs: Deadline): void {
    if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
    this.expires.set(key, deadlineMs);
    // A bigint deadline lies past the year 287,000: active expiry never needs to see it.
    if (typeof deadlineMs === 'number') this.expiryQueue.push(deadlineMs, key);
    this.compactExpiryQueue();
  }

  /** Drops the heap's stale entries (TTLs changed or removed) once they outnumber the live ones. */
  compactExpiryQueue(): void {
    if (this.expiryQueue.size > 2 * this.expires.size + 4096) this.expiryQueue.rebuild(this.expires);
  }

  persist(key: string): boolean {
    if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
    return this.expires.size !== 0 && this.expires.delete(key);
  }

  /** Deletes a key whose deadline has passed, and tells whoever listens. */
  expireNow(key: string): void {
    this.data.delete(key);
    this.expires.delete(key);
    if (this.blockedKeys.size !== 0) this.signalReady(key);
    this.events.expired(this, key);
    // Signalled like any change, but not counted as one: Redis's dirty counter ignores expiry.
    this.events.modified(this, key, 0);
  }

  isExpired(key: string): boolean {
    const deadline = this.expires.size === 0 ? undefined : this.expires.get(key);
    return deadline !== undefined && deadline <= this.clock.now;
  }

  /**
   * Active expiry: deletes keys whose deadline has passed, earliest first, until none is left or
   * `budgetMs` is spent. Returns how many keys it expired.
   */
  expireDue(budgetMs: number, readTime: () => number): number {
    const queue = this.expiryQueue;
    const start = readTime();
    let expired = 0;
    let checked = 0;
    while (queue.size !== 0) {
      const deadline = queue.peekDeadline();
      if (deadline > this.clock.now) break;
      const key = queue.peekKey()!;
      queue.pop();
      if (this.expires.get(key) === deadline) {
        if (this.snapshotGuard !== undefined) this.snapshotGuard(this, key);
        this.expireNow(key);
        expired++;
      }
      if (++checked % 64 === 0 && readTime() - start >= budgetMs) break;
    }
    return expired;
  }

  /** Empties the database in O(1): the old maps become garbage for V8 to collect. */
  clear(): void {
    this.events.replacing(this, undefined);
    for (const key of this.blockedKeys.keys()) {
      if (this.data.has(key)) this.events.ready(this, key);
    }
    this.scanCursors.forget(this.data);
    this.randomWalk = undefined;
    this.data = new Map();
    this.expires = new Map();
    this.expiryQueue = new ExpiryQueue();
    this.hashFieldExpiry = undefined;
  }

  /** SWAPDB: exchange contents, keep indexes (clients stay on their numbered database). */
  swapContents(other: Database): void {
    this.events.replacing(this, other.data);
    this.events.replacing(other, this.data);
    [this.data, other.data] = [other.data, this.data];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.expiryQueue, other.expiryQueue] = [other.expiryQueue, this.expiryQueue];
    [this.hashFieldExpiry, other.hashFieldExpiry] = [other.hashFieldExpiry, this.hashFieldExpiry];
    // SCAN cursors follow the maps they iterate; the random walk restarts on the new contents.
    this.randomWalk = undefined;
    other.randomWalk = undefined;
  }

  /**
   * One step of SCAN: visits up to `count` keys from where `cursor` stopped and returns the next
   * cursor (0: done). Every key present for a whole iteration is visited at least once.
   */
  scan(cursor: number, count: number, visit: (key: string) => void): number {
    return this.scanCursors.step(this.data, cursor, count, () => this.data.keys(), (key) => {
      if (!this.data.has(key)) return false;
      if (!this.isExpired(key)) return true;
      this.expireNow(key);
      return false;
    }, visit);
  }

  /** A key picked by walking a random distance from the last pick: cheap, not perfectly uniform. */
  randomKey(): string | undefined {
    for (let attempt = 0; attempt < 100 && this.data.size !== 0; attempt++) {
      const steps = 1 + Math.floor(Math.random() * Math.min(this.data.size, 64));
      let key: string | undefined;
      for (let i = 0; i < steps; i++) {
        let next = this.randomWalk?.next();
        if (!next || next.done) {
          this.randomWalk = this.data.keys();
          next = this.randomWalk.next();
          if (next.done) return undefined;
        }
        key = next.value;
      }
      if (key === undefined) return undefined;
      if (!this.isExpired(key)) return key;
      this.expireNow(key);
    }
    return undefined;
  }

}

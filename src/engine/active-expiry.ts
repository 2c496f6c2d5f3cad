import type { Keyspace } from './keyspace.js';

/**
 * The active expiry cycle: on a timer (`hz` times a second), delete keys whose deadline has
 * passed even when no client touches them, spending at most a quarter of the period per run so
 * clients never wait long behind it (Redis's slow cycle budget).
 */
export class ActiveExpiry {
  private timer: NodeJS.Timeout | undefined;
  /** A one-shot run at the earliest deadline when it comes before the next periodic run. */
  private wakeTimer: NodeJS.Timeout | undefined;
  private periodMs = 100;
  /** The database the next cycle starts with, so a busy one cannot starve the others. */
  private nextDb = 0;
  enabled = true;

  constructor(private readonly keyspace: Keyspace, private hz: number) {}

  start(): void {
    this.stop();
    const periodMs = Math.max(1, Math.round(1000 / this.hz));
    this.periodMs = periodMs;
    this.timer = setInterval(() => {
      this.runOnce(periodMs / 4);
      this.scheduleWake();
    }, periodMs);
    this.timer.unref();
  }

  setHz(hz: number): void {
    this.hz = hz;
    if (this.timer) this.start();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  /**
   * Keys expire close to their deadline, not up to a whole period late (Redis lags that much): when
   * the earliest deadline falls before the next periodic run, a one-shot run is set for it.
   */
  private scheduleWake(): void {
    if (this.timer === undefined || !this.enabled || this.wakeTimer !== undefined) return;
    let earliest = Infinity;
    for (const db of this.keyspace.databases) {
      if (db.expiryQueue.size !== 0) earliest = Math.min(earliest, db.expiryQueue.peekDeadline());
    }
    if (earliest === Infinity) return;
    const delay = earliest - this.keyspace.clock.read();
    if (delay >= this.periodMs) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.runOnce(this.periodMs / 4);
      this.scheduleWake();
    }, Math.max(1, Math.ceil(delay) + 1));
    this.wakeTimer.unref();
  }

  /** One cycle over every database; returns how many keys it deleted. */
  runOnce(budgetMs: number): number {
    if (!this.enabled) return 0;
    const clock = this.keyspace.clock;
    clock.tick();
    const started = clock.read();
    let expired = 0;
    const databases = this.keyspace.databases;
    for (let i = 0; i < databases.length; i++) {
      const db = databases[(this.nextDb + i) % databases.length]!;
      if (db.expiryQueue.size === 0 && db.hashFieldExpiry === undefined) continue;
      // Keys deleted or persisted leave heap entries behind; reclaim them here too.
      db.compactExpiryQueue();
      const spent = clock.read() - started;
      if (spent >= budgetMs) {
        this.nextDb = db.index;
        return expired;
      }
      expired += db.expireDue(budgetMs - spent, () => clock.read());
      // Hash fields with a TTL (HEXPIRE): counted apart, they are not keys.
      if (db.hashFieldExpiry !== undefined) db.expireDueHashFields(Math.max(0, budgetMs - (clock.read() - started)), () => clock.read());
    }
    this.nextDb = (this.nextDb + 1) % databases.length;
    return expired;
  }
}

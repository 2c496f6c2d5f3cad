/**
 * The one clock. Expiry uses absolute milliseconds. A command sees one frozen `now`: the
 * dispatcher calls tick() before each command, and the time is read from the source the first
 * time the command asks for it (most commands never do, and reading the time is not free).
 */
export class Clock {
  private frozen = 0;
  private stale = true;

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch, the same value for the whole current command. */
  get now(): number {
    if (this.stale) {
      this.frozen = this.source();
      this.stale = false;
    }
    return this.frozen;
  }

  /** Starts a new command: the next `now` reads the source again. */
  tick(): void {
    this.stale = true;
  }

  /** The source's time without freezing it (for timers and statistics). */
  read(): number {
    return this.source();
  }
}

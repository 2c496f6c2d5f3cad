/**
 * The one clock. Expiry uses absolute milliseconds. `now` is frozen for the duration of a command
 * (and later of a whole script or transaction): the dispatcher calls tick() before each command.
 */
export class Clock {
  now: number;
  constructor(private readonly source: () => number = Date.now) {
    this.now = source();
  }
  tick(): number {
    return (this.now = this.source());
  }
  /** The source's time without freezing it (for timers and statistics). */
  read(): number {
    return this.source();
  }
}

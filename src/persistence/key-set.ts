/** Shards: each stays small, so growing one never stops the event loop for long. */
const SHARDS = 4096;

/**
 * A set of keys that may grow to millions during a snapshot without one long pause: a single
 * Set rehashes all its entries at once when it grows (15 ms at a million keys here), so the keys
 * are spread over many small Sets by a hash of their characters.
 */
export class KeySet {
  private readonly shards: Array<Set<string> | undefined> = new Array(SHARDS);

  private shard(key: string): number {
    let hash = key.length;
    // Long keys: every character would cost more than it spreads; 32 evenly spaced ones do.
    const step = key.length > 32 ? Math.floor(key.length / 32) : 1;
    for (let i = key.length - 1; i >= 0; i -= step) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
    return (hash ^ (hash >>> 12)) & (SHARDS - 1);
  }

  has(key: string): boolean {
    return this.shards[this.shard(key)]?.has(key) === true;
  }

  add(key: string): void {
    const index = this.shard(key);
    (this.shards[index] ??= new Set()).add(key);
  }
}

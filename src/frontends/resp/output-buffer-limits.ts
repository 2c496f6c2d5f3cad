import type { ConfigStore } from '../../server/config.js';

/** One client class's `client-output-buffer-limit`: 0 means no limit. */
export interface OutputBufferLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

/** The classes a RESP client can be in (Restis has no replicas). */
export interface OutputBufferLimits {
  normal: OutputBufferLimit;
  pubsub: OutputBufferLimit;
}

const tracked = new WeakMap<ConfigStore, OutputBufferLimits>();

/** `normal <hard> <soft> <seconds> slave ... pubsub ...` (CONFIG stores it normalised, in bytes). */
function parse(value: string, limits: OutputBufferLimits): void {
  const words = value.split(' ');
  for (let i = 0; i + 3 < words.length; i += 4) {
    const limit = { hardBytes: Number(words[i + 1]), softBytes: Number(words[i + 2]), softSeconds: Number(words[i + 3]) };
    if (words[i] === 'normal') limits.normal = limit;
    else if (words[i] === 'pubsub') limits.pubsub = limit;
  }
}

/** The limits as numbers, kept up to date with CONFIG SET; one object per configuration. */
export function outputBufferLimits(config: ConfigStore): OutputBufferLimits {
  let limits = tracked.get(config);
  if (limits === undefined) {
    const none = { hardBytes: 0, softBytes: 0, softSeconds: 0 };
    const created: OutputBufferLimits = { normal: none, pubsub: none };
    parse(config.get('client-output-buffer-limit'), created);
    config.onChange('client-output-buffer-limit', (_, value) => parse(value, created));
    tracked.set(config, created);
    limits = created;
  }
  return limits;
}

/**
 * Redis's rule: over the hard limit at once, or over the soft limit continuously for more than
 * its seconds. `overSoftSince` is the unix second the soft limit was first seen passed (0: not
 * passed); the caller keeps it. Returns the new `overSoftSince`, or -1 when the client must go.
 */
export function checkOutputBufferLimit(limit: OutputBufferLimit, usedBytes: number, overSoftSince: number, nowSeconds: number): number {
  if (limit.hardBytes !== 0 && usedBytes >= limit.hardBytes) return -1;
  if (limit.softBytes === 0 || usedBytes < limit.softBytes) return 0;
  if (overSoftSince === 0) return nowSeconds;
  return nowSeconds - overSoftSince > limit.softSeconds ? -1 : overSoftSince;
}

import type { ConfigStore } from '../server/config.js';

/**
 * The thresholds at which Redis moves a small collection from its compact encoding to the
 * general one (hash-max-listpack-entries and friends), kept as numbers so the data types can
 * check them on every write without a config lookup. OBJECT ENCODING reports the result.
 */
export interface EncodingLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  listMaxListpackSize: number;
  listCompressDepth: number;
  streamNodeMaxBytes: number;
  streamNodeMaxEntries: number;
  hllSparseMaxBytes: number;
}

const PARAMETERS: ReadonlyArray<[keyof EncodingLimits, string]> = [
  ['hashMaxListpackEntries', 'hash-max-listpack-entries'],
  ['hashMaxListpackValue', 'hash-max-listpack-value'],
  ['setMaxIntsetEntries', 'set-max-intset-entries'],
  ['zsetMaxListpackEntries', 'zset-max-listpack-entries'],
  ['zsetMaxListpackValue', 'zset-max-listpack-value'],
  ['listMaxListpackSize', 'list-max-listpack-size'],
  ['listCompressDepth', 'list-compress-depth'],
  ['streamNodeMaxBytes', 'stream-node-max-bytes'],
  ['streamNodeMaxEntries', 'stream-node-max-entries'],
  ['hllSparseMaxBytes', 'hll-sparse-max-bytes'],
];

/** Limits that follow the configuration: CONFIG SET updates them at once. */
export function trackEncodingLimits(config: ConfigStore): EncodingLimits {
  const limits = {} as EncodingLimits;
  for (const [field, parameter] of PARAMETERS) {
    limits[field] = config.getNumber(parameter);
    config.onChange(parameter, (_, value) => (limits[field] = Number(value)));
  }
  return limits;
}

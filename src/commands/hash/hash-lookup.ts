import { ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import { HashValue } from '../../engine/types/hash.js';
import type { StoredValue } from '../../engine/values.js';

/** The hash in `value`; null (after answering WRONGTYPE) for another type. */
function asHash(value: StoredValue | undefined, reply: Reply): HashValue | undefined | null {
  if (value === undefined || value instanceof HashValue) return value;
  reply.error(ERR_WRONGTYPE);
  return null;
}

/** The hash at `key` for a reading command (counted in keyspace hits and misses). */
export function readHash(db: Database, key: string, reply: Reply): HashValue | undefined | null {
  return asHash(db.read(key), reply);
}

/** The hash at `key` for a writing command. */
export function writeHash(db: Database, key: string, reply: Reply): HashValue | undefined | null {
  return asHash(db.get(key), reply);
}

/** The hash at `key`, created empty when missing (the caller adds to it before returning). */
export function writeOrCreateHash(db: Database, key: string, reply: Reply): HashValue | null {
  const hash = writeHash(db, key, reply);
  if (hash !== undefined) return hash;
  const created = new HashValue();
  db.set(key, created);
  return created;
}

import { ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import { SetValue } from '../../engine/types/set.js';
import type { StoredValue } from '../../engine/values.js';

/** The set in `value`; null (after answering WRONGTYPE) for another type. */
function asSet(value: StoredValue | undefined, reply: Reply): SetValue | undefined | null {
  if (value === undefined || value instanceof SetValue) return value;
  reply.error(ERR_WRONGTYPE);
  return null;
}

/** The set at `key` for a reading command (counted in keyspace hits and misses). */
export function readSet(db: Database, key: string, reply: Reply): SetValue | undefined | null {
  return asSet(db.read(key), reply);
}

/** The set at `key` for a writing command. */
export function writeSet(db: Database, key: string, reply: Reply): SetValue | undefined | null {
  return asSet(db.get(key), reply);
}

/** Answers members as a set reply (`~` in RESP3, an array in RESP2). */
export function replyMembers(reply: Reply, members: readonly string[]): void {
  reply.set(members.length);
  for (const member of members) reply.bulk(member);
}

import { ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import { SortedSet } from '../../engine/types/zset.js';
import type { StoredValue } from '../../engine/values.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_ZSET } from '../../pubsub/notifications.js';

/** The sorted set in `value`; null (after answering WRONGTYPE) for another type. */
function asZset(value: StoredValue | undefined, reply: Reply): SortedSet | undefined | null {
  if (value === undefined || value instanceof SortedSet) return value;
  reply.error(ERR_WRONGTYPE);
  return null;
}

/** The sorted set at `key` for a reading command (counted in keyspace hits and misses). */
export function readZset(db: Database, key: string, reply: Reply): SortedSet | undefined | null {
  return asZset(db.read(key), reply);
}

/** The sorted set at `key` for a writing command. */
export function writeZset(db: Database, key: string, reply: Reply): SortedSet | undefined | null {
  return asZset(db.get(key), reply);
}

/**
 * Members, with their scores when asked: a flat array in RESP2, and in RESP3 an array of
 * [member, score] pairs (an array, not a map, so the order survives in clients).
 */
export function replyElements(reply: Reply, members: readonly string[], scores: readonly number[], withScores: boolean): void {
  const nested = withScores && reply.protocol === 3;
  reply.array(withScores && !nested ? members.length * 2 : members.length);
  for (let i = 0; i < members.length; i++) {
    if (nested) reply.array(2);
    reply.bulk(members[i]!);
    if (withScores) reply.double(scores[i]!);
  }
}

/** Stores a non-empty result at `destination` (dropping its TTL) or deletes it; answers the size. */
export function storeZset(db: Database, reply: Reply, destination: string, result: SortedSet, event: string): void {
  if (result.size > 0) {
    db.set(destination, result);
    db.modified(destination);
    notifyDb(db, NOTIFY_ZSET, event, destination);
  } else if (db.delete(destination)) {
    db.modified(destination);
    notifyDb(db, NOTIFY_GENERIC, 'del', destination);
  }
  reply.int(result.size);
}

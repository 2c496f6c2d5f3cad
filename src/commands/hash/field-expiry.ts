// What the hash-field TTL commands do to one field, and to the key afterwards.
import type { Database } from '../../engine/database.js';
import type { HashValue } from '../../engine/types/hash.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_HASH } from '../../pubsub/notifications.js';

/** HEXPIRE's NX | XX | GT | LT. */
export type ExpireCondition = 'nx' | 'xx' | 'gt' | 'lt' | undefined;

export const NO_SUCH_FIELD = -2;
export const CONDITION_NOT_MET = 0;
export const DEADLINE_SET = 1;
export const FIELD_DELETED = 2;

/**
 * Gives one field a deadline, as HEXPIRE does for each field it names: -2 no such field, 0 the
 * condition is not met (a field without a TTL counts as never expiring), 1 set, 2 deleted at
 * once because the deadline is not in the future. Call hash.enableFieldTtls() first.
 */
export function expireField(hash: HashValue, field: string, deadline: number, condition: ExpireCondition, now: number): number {
  const current = hash.fieldDeadline(field);
  if (current === undefined) return NO_SUCH_FIELD;
  if (current === 0) {
    if (condition === 'xx' || condition === 'gt') return CONDITION_NOT_MET;
  } else if (condition === 'nx' || (condition === 'gt' && current >= deadline) || (condition === 'lt' && current <= deadline)) {
    return CONDITION_NOT_MET;
  }
  if (deadline <= now) {
    hash.delete(field);
    return FIELD_DELETED;
  }
  hash.setFieldDeadline(field, deadline);
  return DEADLINE_SET;
}

/**
 * After a command changed fields or their TTLs: the command's keyspace event (Redis 7.4's names),
 * an empty hash takes its key with it (a del event), new deadlines are queued for active expiry,
 * and the change is announced once.
 */
export function finishFieldChanges(db: Database, key: string, hash: HashValue, changes: number, event?: string): void {
  if (event !== undefined) notifyDb(db, NOTIFY_HASH, event, key);
  if (hash.size === 0) {
    db.delete(key);
    if (event !== undefined) notifyDb(db, NOTIFY_GENERIC, 'del', key);
  } else if (hash.hasFieldTtls) db.scheduleFieldExpiry(key, hash);
  if (changes > 0) db.modified(key, changes);
}

import { isKeyword } from '../../core/args.js';
import { ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import { ListValue, type ListEnd } from '../../engine/types/list.js';
import type { StoredValue } from '../../engine/values.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_LIST } from '../../pubsub/notifications.js';

/** The list in `value`; null (after answering WRONGTYPE) for another type. */
function asList(value: StoredValue | undefined, reply: Reply): ListValue | undefined | null {
  if (value === undefined || value instanceof ListValue) return value;
  reply.error(ERR_WRONGTYPE);
  return null;
}

/** The list at `key` for a reading command (counted in keyspace hits and misses). */
export function readList(db: Database, key: string, reply: Reply): ListValue | undefined | null {
  return asList(db.read(key), reply);
}

/** The list at `key` for a writing command. */
export function writeList(db: Database, key: string, reply: Reply): ListValue | undefined | null {
  return asList(db.get(key), reply);
}

/** LEFT or RIGHT (any case); undefined for anything else (a syntax error). */
export function parseListEnd(arg: string): ListEnd | undefined {
  if (isKeyword(arg, 'left')) return 'left';
  if (isKeyword(arg, 'right')) return 'right';
  return undefined;
}

/** Pushes onto the list at `key`, creating it when missing; the caller has checked the type. */
export function pushElements(db: Database, key: string, list: ListValue | undefined, end: ListEnd, values: readonly string[], from = 0): ListValue {
  if (list === undefined) {
    list = new ListValue();
    for (let i = from; i < values.length; i++) list.push(values[i]!, end);
    db.set(key, list);
  } else {
    for (let i = from; i < values.length; i++) list.push(values[i]!, end);
    db.signalReady(key);
  }
  db.modified(key, values.length - from);
  notifyDb(db, NOTIFY_LIST, end === 'left' ? 'lpush' : 'rpush', key);
  return list;
}

/**
 * Pops up to `count` elements from one end of a non-empty list, in the order they come off it
 * (so RIGHT answers the tail first), and drops the key once the list is empty.
 */
export function popElements(db: Database, key: string, list: ListValue, end: ListEnd, count: number): string[] {
  const taken = Math.min(count, list.length);
  const values: string[] = [];
  for (let i = 0; i < taken; i++) values.push(list.pop(end));
  if (list.length === 0) db.delete(key);
  db.modified(key, taken);
  notifyDb(db, NOTIFY_LIST, end === 'left' ? 'lpop' : 'rpop', key);
  if (list.length === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
  return values;
}

export function replyElements(reply: Reply, values: readonly string[]): void {
  reply.array(values.length);
  for (const value of values) reply.bulk(value);
}

/** LMPOP/BLMPOP's answer: the key, then the elements taken from it. */
export function replyKeyAndElements(reply: Reply, key: string, values: readonly string[]): void {
  reply.array(2);
  reply.bulk(key);
  replyElements(reply, values);
}

/**
 * Moves one element from the end `from` of a non-empty `source` list to the end `to` of the list
 * at `destinationKey` (LMOVE, RPOPLPUSH and their blocking forms) and answers it. When
 * destination and source are the same key, this rotates the list. A destination of another type
 * gets WRONGTYPE and nothing changes.
 */
export function moveElement(db: Database, reply: Reply, sourceKey: string, source: ListValue, destinationKey: string, from: ListEnd, to: ListEnd): boolean {
  const destination = writeList(db, destinationKey, reply);
  if (destination === null) return false;
  const value = source.pop(from);
  if (destination === undefined) {
    const created = new ListValue();
    created.push(value, to);
    db.set(destinationKey, created);
  } else {
    destination.push(value, to);
    db.signalReady(destinationKey);
  }
  if (source.length === 0) db.delete(sourceKey);
  db.modified(sourceKey);
  if (destinationKey !== sourceKey) db.modified(destinationKey, 0);
  notifyDb(db, NOTIFY_LIST, to === 'left' ? 'lpush' : 'rpush', destinationKey);
  notifyDb(db, NOTIFY_LIST, from === 'left' ? 'lpop' : 'rpop', sourceKey);
  if (source.length === 0) notifyDb(db, NOTIFY_GENERIC, 'del', sourceKey);
  reply.bulk(value);
  return true;
}

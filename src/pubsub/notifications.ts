import type { CommandContext, ServerContext } from '../core/context.js';
import type { Database } from '../engine/database.js';

// Keyspace notification classes, one bit each, chosen by the letters of notify-keyspace-events.
export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m
export const NOTIFY_MODULE = 1 << 12; // d
export const NOTIFY_NEW = 1 << 13; // n

const LETTERS: Record<string, number> = {
  K: NOTIFY_KEYSPACE, E: NOTIFY_KEYEVENT, g: NOTIFY_GENERIC, $: NOTIFY_STRING, l: NOTIFY_LIST, s: NOTIFY_SET,
  h: NOTIFY_HASH, z: NOTIFY_ZSET, x: NOTIFY_EXPIRED, e: NOTIFY_EVICTED, t: NOTIFY_STREAM, m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE, n: NOTIFY_NEW,
};
/** `A`: every class except `m` and `n`, which must be asked for by name. */
const ALL_CLASSES = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET |
  NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

/** The flags of a (validated) notify-keyspace-events value. */
export function parseNotifyFlags(value: string): number {
  let flags = 0;
  for (const c of value) flags |= c === 'A' ? ALL_CLASSES : (LETTERS[c] ?? 0);
  return flags;
}

/** Keeps server.notifyFlags in step with the config, so an event costs one test when it is off. */
export function trackNotifyConfig(server: ServerContext): void {
  const apply = (value: string): void => {
    server.notifyFlags = parseNotifyFlags(value);
    const onCreate = (server.notifyFlags & NOTIFY_NEW) === 0 ? undefined
      : (db: { index: number }, key: string) => notifyKeyspaceEvent(server, NOTIFY_NEW, 'new', key, db.index);
    const notifier = server.notifyFlags === 0 ? undefined
      : (db: Database, type: number, event: string, key: string) => notifyKeyspaceEvent(server, type, event, key, db.index);
    for (const db of server.keyspace.databases) {
      db.keyCreated = onCreate;
      db.notifier = notifier;
    }
  };
  // The letters as set: "An" reads back as "A" but keeps the n class on, as in Redis.
  apply(server.config.getAsSet('notify-keyspace-events'));
  server.config.onChange('notify-keyspace-events', () => apply(server.config.getAsSet('notify-keyspace-events')));
}

/**
 * Publishes a keyspace event as Redis does: `__keyspace@<db>__:<key>` carries the event name
 * (K), `__keyevent@<db>__:<event>` carries the key (E), when the event's class is enabled.
 */
export function notifyKeyspaceEvent(server: ServerContext, type: number, event: string, key: string, dbIndex: number): void {
  const flags = server.notifyFlags;
  if ((flags & type) === 0) return;
  if ((flags & NOTIFY_KEYSPACE) !== 0) server.pubsub.publish(`__keyspace@${dbIndex}__:${key}`, event);
  if ((flags & NOTIFY_KEYEVENT) !== 0) server.pubsub.publish(`__keyevent@${dbIndex}__:${event}`, key);
}

/** notifyKeyspaceEvent() for a key of the command's database. */
export function notify(ctx: CommandContext, type: number, event: string, key: string): void {
  if ((ctx.server.notifyFlags & type) === 0) return;
  notifyKeyspaceEvent(ctx.server, type, event, key, ctx.db.index);
}

/** notifyKeyspaceEvent() for a key of `db`, where no command context is at hand. */
export function notifyDb(db: Database, type: number, event: string, key: string): void {
  db.notifier?.(db, type, event, key);
}

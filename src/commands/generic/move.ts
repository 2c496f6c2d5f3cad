// https://redis.io/commands/move/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_DB_INDEX, ERR_SAME_OBJECT } from '../../core/errors.js';
import { parseDbNumber } from './db-index.js';
import { notifyKeyspaceEvent, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

export const move = defineCommand({
  name: 'move', arity: 3, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'generic', since: '1.0.0', summary: 'Moves a key, with its TTL, to another database unless the key exists there.',
  run({ argv, db, reply, server }) {
    const index = parseDbNumber(argv[2]!);
    if (typeof index !== 'number') return reply.error(index.error);
    const databases = server.keyspace.databases;
    if (index < 0 || index >= databases.length) return reply.error(ERR_DB_INDEX);
    const target = databases[index]!;
    if (target === db) return reply.error(ERR_SAME_OBJECT);
    const key = argv[1]!;
    const value = db.get(key);
    if (value === undefined) return reply.int(0);
    if (target.get(key) !== undefined) return reply.int(0);
    const deadline = db.getExpire(key);
    db.delete(key);
    target.set(key, value);
    if (deadline !== undefined) target.setExpire(key, deadline);
    db.modified(key);
    target.modified(key, 0);
    notifyKeyspaceEvent(server, NOTIFY_GENERIC, 'move_from', key, db.index);
    notifyKeyspaceEvent(server, NOTIFY_GENERIC, 'move_to', key, target.index);
    reply.int(1);
  },
});

// https://redis.io/commands/persist/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { notify, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

export const persist = defineCommand({
  name: 'persist', arity: 2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'generic', since: '2.2.0', summary: 'Removes the time to live of a key.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    if (db.get(key) === undefined || !db.persist(key)) return reply.int(0);
    db.modified(key);
    notify(ctx, NOTIFY_GENERIC, 'persist', key);
    reply.int(1);
  },
});

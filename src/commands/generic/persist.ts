// https://redis.io/commands/persist/
import { defineCommand, rangeKeys } from '../../core/command.js';

export const persist = defineCommand({
  name: 'persist', arity: 2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'generic', since: '2.2.0', summary: 'Removes the time to live of a key.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    if (db.get(key) === undefined || !db.persist(key)) return reply.int(0);
    db.modified(key);
    reply.int(1);
  },
});

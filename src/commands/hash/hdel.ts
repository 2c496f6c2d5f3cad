// https://redis.io/commands/hdel/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { writeHash } from './hash-lookup.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_HASH } from '../../pubsub/notifications.js';

export const hdel = defineCommand({
  name: 'hdel', arity: -3, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(N) in the fields removed',
  summary: 'Removes fields from a hash (the key goes with its last field); answers how many were there.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const hash = writeHash(db, key, reply);
    if (hash === null) return;
    if (hash === undefined) return reply.int(0);
    let deleted = 0;
    for (let i = 2; i < argv.length; i++) {
      if (hash.delete(argv[i]!)) {
        deleted++;
        if (hash.size === 0) {
          db.delete(key);
          break;
        }
      }
    }
    if (deleted > 0) {
      db.modified(key, deleted);
      notifyDb(db, NOTIFY_HASH, 'hdel', key);
      if (hash.size === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
    }
    reply.int(deleted);
  },
});

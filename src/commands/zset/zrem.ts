// https://redis.io/commands/zrem/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { writeZset } from './zset-lookup.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_ZSET } from '../../pubsub/notifications.js';

export const zrem = defineCommand({
  name: 'zrem', arity: -3, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  group: 'sorted_set', since: '1.2.0', complexity: 'O(M*log(N)) for M members removed',
  summary: 'Removes members from a sorted set; answers how many were there.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const zset = writeZset(db, key, reply);
    if (zset === null) return;
    if (zset === undefined) return reply.int(0);
    let removed = 0;
    for (let i = 2; i < argv.length && zset.size > 0; i++) if (zset.remove(argv[i]!)) removed++;
    if (zset.size === 0) db.delete(key);
    if (removed > 0) {
      db.modified(key, removed);
      notifyDb(db, NOTIFY_ZSET, 'zrem', key);
      if (zset.size === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
    }
    reply.int(removed);
  },
});

// https://redis.io/commands/sadd/ (also SREM)
import { defineCommand, rangeKeys } from '../../core/command.js';
import { SetValue } from '../../engine/types/set.js';
import { writeSet } from './set-lookup.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_SET } from '../../pubsub/notifications.js';

export const sadd = defineCommand({
  name: 'sadd', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW insert', 1)],
  group: 'set', since: '1.0.0', complexity: 'O(1) per member',
  summary: 'Adds members to a set, creating it if needed; answers how many were new.',
  run({ argv, db, reply, server }) {
    const key = argv[1]!;
    let set = writeSet(db, key, reply);
    if (set === null) return;
    if (set === undefined) {
      set = new SetValue();
      db.set(key, set);
    }
    const limit = server.encodingLimits.setMaxIntsetEntries;
    let added = 0;
    for (let i = 2; i < argv.length; i++) {
      if (set.add(argv[i]!, limit)) added++;
    }
    if (added > 0) {
      db.modified(key, added);
      notifyDb(db, NOTIFY_SET, 'sadd', key);
    }
    reply.int(added);
  },
});

export const srem = defineCommand({
  name: 'srem', arity: -3, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  group: 'set', since: '1.0.0', complexity: 'O(N) in the members removed',
  summary: 'Removes members from a set (the key goes with its last member); answers how many were there.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const set = writeSet(db, key, reply);
    if (set === null) return;
    if (set === undefined) return reply.int(0);
    let removed = 0;
    for (let i = 2; i < argv.length; i++) {
      if (set.delete(argv[i]!)) {
        removed++;
        if (set.size === 0) {
          db.delete(key);
          break;
        }
      }
    }
    if (removed > 0) {
      db.modified(key, removed);
      notifyDb(db, NOTIFY_SET, 'srem', key);
      if (set.size === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
    }
    reply.int(removed);
  },
});

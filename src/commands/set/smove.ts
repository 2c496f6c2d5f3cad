// https://redis.io/commands/smove/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { SetValue } from '../../engine/types/set.js';
import { writeSet } from './set-lookup.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_SET } from '../../pubsub/notifications.js';

export const smove = defineCommand({
  name: 'smove', arity: 4, flags: 'write fast', keys: [1, 2, 1], keySpecs: [rangeKeys('RW access delete', 1), rangeKeys('RW insert', 2)],
  group: 'set', since: '1.0.0', complexity: 'O(1)',
  summary: 'Moves a member from one set to another; answers 1 when the source had it.',
  run({ argv, db, reply, server }) {
    const source = argv[1]!;
    const destination = argv[2]!;
    const member = argv[3]!;
    // A missing source answers 0 before the destination's type is looked at.
    const fromSet = writeSet(db, source, reply);
    if (fromSet === null) return;
    if (fromSet === undefined) return reply.int(0);
    let toSet = writeSet(db, destination, reply);
    if (toSet === null) return;
    if (fromSet === toSet) return reply.int(fromSet.has(member) ? 1 : 0);
    if (!fromSet.delete(member)) return reply.int(0);
    notifyDb(db, NOTIFY_SET, 'srem', source);
    if (fromSet.size === 0) {
      db.delete(source);
      notifyDb(db, NOTIFY_GENERIC, 'del', source);
    }
    if (toSet === undefined) {
      toSet = new SetValue();
      db.set(destination, toSet);
    }
    db.modified(source);
    if (toSet.add(member, server.encodingLimits.setMaxIntsetEntries)) {
      db.modified(destination);
      notifyDb(db, NOTIFY_SET, 'sadd', destination);
    }
    reply.int(1);
  },
});

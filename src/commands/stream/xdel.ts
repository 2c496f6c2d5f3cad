// https://redis.io/commands/xdel/
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { WRONG_TYPE, parseStrictIdOrReply, writeStream } from './stream-common.js';
import { notifyDb, NOTIFY_STREAM } from '../../pubsub/notifications.js';

export const xdel = defineCommand({
  name: 'xdel', arity: -3, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  group: 'stream', since: '5.0.0', complexity: 'O(1) per ID',
  summary: 'Deletes entries from a stream by ID and returns how many were there.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const stream = writeStream(db, key, reply);
    if (stream === WRONG_TYPE) return;
    if (stream === undefined) return reply.int(0);
    // Every ID is checked before anything is deleted: all or nothing.
    const ids: StreamId[] = [];
    for (let i = 2; i < argv.length; i++) {
      const id = parseStrictIdOrReply(reply, argv[i]!);
      if (id === null) return;
      ids.push({ ms: id.ms, seq: id.seq });
    }
    const deleted = stream.deleteEntries(ids);
    if (deleted !== 0) {
      db.modified(key, deleted);
      notifyDb(db, NOTIFY_STREAM, 'xdel', key);
    }
    reply.int(deleted);
  },
});

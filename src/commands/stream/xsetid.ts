// https://redis.io/commands/xsetid/
import { isKeyword, parseInt64 } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, ERR_SYNTAX, ERR_XSETID_BELOW_MAX_DELETED, ERR_XSETID_BELOW_TOP,
  ERR_XSETID_ENTRIES_ADDED_NEGATIVE, ERR_XSETID_ENTRIES_ADDED_SMALL,
} from '../../core/errors.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { compareIds, isZeroId } from '../../engine/types/stream-id.js';
import { int64, type Int64 } from '../../engine/types/stream-pending.js';
import { WRONG_TYPE, parseStrictIdOrReply, writeStream } from './stream-common.js';
import { notify, NOTIFY_STREAM } from '../../pubsub/notifications.js';

export const xsetid = defineCommand({
  name: 'xsetid', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'stream', since: '5.0.0', complexity: 'O(1)',
  summary: "Sets a stream's last generated ID, and optionally its entries-added counter and largest deleted ID.",
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const parsed = parseStrictIdOrReply(reply, argv[2]!);
    if (parsed === null) return;
    const id: StreamId = { ms: parsed.ms, seq: parsed.seq };
    let entriesAdded: Int64 | undefined;
    let maxDeleted: StreamId = { ms: 0, seq: 0 };
    for (let i = 3; i < argv.length; i += 2) {
      const more = argv.length - 1 - i;
      if (isKeyword(argv[i]!, 'entriesadded') && more > 0) {
        const value = parseInt64(argv[i + 1]!);
        if (value === null) return reply.error(ERR_NOT_INTEGER);
        if (value < 0n) return reply.error(ERR_XSETID_ENTRIES_ADDED_NEGATIVE);
        entriesAdded = int64(value);
      } else if (isKeyword(argv[i]!, 'maxdeletedid') && more > 0) {
        const deleted = parseStrictIdOrReply(reply, argv[i + 1]!);
        if (deleted === null) return;
        maxDeleted = { ms: deleted.ms, seq: deleted.seq };
        if (compareIds(id, maxDeleted) < 0) return reply.error(ERR_XSETID_BELOW_MAX_DELETED);
      } else {
        return reply.error(ERR_SYNTAX);
      }
    }
    const stream = writeStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    if (stream === undefined) return reply.error(ERR_NO_SUCH_KEY);
    if (stream.length > 0) {
      if (compareIds(id, stream.lastEntryId()!) < 0) return reply.error(ERR_XSETID_BELOW_TOP);
      if (entriesAdded !== undefined && stream.length > entriesAdded) return reply.error(ERR_XSETID_ENTRIES_ADDED_SMALL);
    }
    stream.lastId = id;
    if (entriesAdded !== undefined) stream.entriesAdded = entriesAdded;
    if (!isZeroId(maxDeleted)) stream.maxDeletedId = maxDeleted;
    server.keyspace.dirty++;
    notify(ctx, NOTIFY_STREAM, 'xsetid', argv[1]!);
    reply.ok();
  },
});

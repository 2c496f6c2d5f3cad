// https://redis.io/commands/xack/
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { WRONG_TYPE, parseStrictIdOrReply, readStream } from './stream-common.js';

export const xack = defineCommand({
  name: 'xack', arity: -4, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'stream', since: '5.0.0', complexity: 'O(1) per ID',
  summary: "Acknowledges entries: removes them from a consumer group's pending lists.",
  run({ argv, db, reply, server }) {
    const stream = readStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    const group = stream?.groups.get(argv[2]!);
    if (group === undefined) return reply.int(0);
    // All IDs are checked first, so an error acknowledges nothing.
    const ids: StreamId[] = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseStrictIdOrReply(reply, argv[i]!);
      if (id === null) return;
      ids.push(id);
    }
    let acknowledged = 0;
    for (const id of ids) {
      const pending = group.pending.get(id);
      if (pending === undefined) continue;
      group.acknowledge(pending);
      acknowledged++;
    }
    server.keyspace.dirty += acknowledged;
    reply.int(acknowledged);
  },
});

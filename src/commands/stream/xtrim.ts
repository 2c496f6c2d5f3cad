// https://redis.io/commands/xtrim/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { WRONG_TYPE, writeStream } from './stream-common.js';
import { exactTrimArguments, parseAddTrimArguments } from './trim-options.js';
import { propagateAs } from '../../core/propagation.js';
import { notifyDb, NOTIFY_STREAM } from '../../pubsub/notifications.js';

export const xtrim = defineCommand({
  name: 'xtrim', arity: -4, flags: 'write', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  tips: 'nondeterministic_output', group: 'stream', since: '5.0.0', complexity: 'O(N), N being the entries removed',
  summary: 'Removes the oldest entries of a stream down to a length (MAXLEN) or an ID (MINID).',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const parsed = parseAddTrimArguments(argv, false, server.encodingLimits.streamNodeMaxEntries);
    if (typeof parsed === 'string') return reply.error(parsed);
    const stream = writeStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    if (stream === undefined) return reply.int(0);
    const removed = stream.trim(parsed.trim!);
    if (removed !== 0) {
      db.modified(argv[1]!, removed);
      notifyDb(db, NOTIFY_STREAM, 'xtrim', argv[1]!);
    }
    reply.int(removed);
    if (parsed.trim!.approximate) propagateAs(ctx, exactTrimArguments(argv, parsed, stream));
  },
});

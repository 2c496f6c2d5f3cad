// https://redis.io/commands/xadd/
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_STREAM_ELEMENTS_TOO_LARGE, ERR_STREAM_EXHAUSTED, ERR_XADD_ID_TOO_SMALL, ERR_XADD_ID_ZERO, wrongArity,
} from '../../core/errors.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { U64_MAX, compareIds, isMaxId, nextId } from '../../engine/types/stream-id.js';
import { StreamValue, generatedId } from '../../engine/types/stream.js';
import { WRONG_TYPE, replyStreamId, writeStream } from './stream-common.js';
import { exactTrimArguments, parseAddTrimArguments } from './trim-options.js';
import { propagateAs } from '../../core/propagation.js';
import { notifyDb, NOTIFY_STREAM } from '../../pubsub/notifications.js';

/** A listpack cannot hold more than this (Redis refuses such entries). */
const LISTPACK_MAX_SIZE = 2 ** 30;

export const xadd = defineCommand({
  name: 'xadd', arity: -5, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  tips: 'nondeterministic_output', group: 'stream', since: '5.0.0', complexity: 'O(1) when adding, O(N) when trimming',
  summary: 'Appends an entry to a stream, creating the stream unless NOMKSTREAM; can trim it afterwards.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const key = argv[1]!;
    const limits = server.encodingLimits;
    const parsed = parseAddTrimArguments(argv, true, limits.streamNodeMaxEntries);
    if (typeof parsed === 'string') return reply.error(parsed);
    const fieldsStart = parsed.idIndex + 1;
    const pairCount = argv.length - fieldsStart;
    if (pairCount < 2 || pairCount % 2 === 1) return reply.error(wrongArity('xadd'));
    const given = parsed.id;
    if (given !== undefined && given.seqGiven && given.ms === 0 && given.seq === 0) return reply.error(ERR_XADD_ID_ZERO);

    let stream = writeStream(db, key, reply);
    if (stream === WRONG_TYPE) return;
    if (stream === undefined && parsed.noMakeStream) return reply.nil();
    if (stream !== undefined && isMaxId(stream.lastId)) return reply.error(ERR_STREAM_EXHAUSTED);

    const last = stream?.lastId ?? { ms: 0, seq: 0 };
    let id: StreamId | undefined;
    if (given === undefined) id = generatedId(last, server.clock.now);
    else if (given.seqGiven) id = { ms: given.ms, seq: given.seq };
    // Redis fails here without saying why, and its reply falls through to the size error.
    else if (given.ms === last.ms && last.seq === U64_MAX) return reply.error(ERR_STREAM_ELEMENTS_TOO_LARGE);
    else if (given.ms === last.ms) id = nextId(last);
    else id = { ms: given.ms, seq: 0 };
    if (id === undefined || compareIds(id, last) <= 0) return reply.error(ERR_XADD_ID_TOO_SMALL);
    const pairs = argv.slice(fieldsStart);
    let payload = 0;
    for (const text of pairs) payload += text.length;
    if (payload > LISTPACK_MAX_SIZE) return reply.error(ERR_STREAM_ELEMENTS_TOO_LARGE);

    if (stream === undefined) {
      stream = new StreamValue();
      db.set(key, stream);
    }
    stream.append(id, pairs, { maxBytes: limits.streamNodeMaxBytes, maxEntries: limits.streamNodeMaxEntries });
    replyStreamId(reply, id);
    const trimmed = parsed.trim === undefined ? 0 : stream.trim(parsed.trim);
    db.modified(key);
    notifyDb(db, NOTIFY_STREAM, 'xadd', key);
    if (trimmed !== 0) notifyDb(db, NOTIFY_STREAM, 'xtrim', key);
    db.signalReady(key);
    if (server.propagation !== undefined && (given === undefined || !given.seqGiven || parsed.trim?.approximate)) {
      // Logged with the ID it got and the exact trim it did, so replay builds the same stream.
      const logged = parsed.trim?.approximate ? exactTrimArguments(argv, parsed, stream) : argv.slice();
      logged[parsed.idIndex] = `${id.ms}-${id.seq}`;
      propagateAs(ctx, logged);
    }
  },
});

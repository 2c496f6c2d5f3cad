// https://redis.io/commands/xclaim/
import { isKeyword, parseInt64, parseInteger } from '../../core/args.js';
import { notify, NOTIFY_STREAM } from '../../pubsub/notifications.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { noKeyOrGroup, xclaimBadArgument, xclaimUnknownOption } from '../../core/errors.js';
import type { StreamConsumer } from '../../engine/types/stream-group.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { compareIds, parseStreamId } from '../../engine/types/stream-id.js';
import { PendingEntry, addInt64, int64, type Int64 } from '../../engine/types/stream-pending.js';
import { WRONG_TYPE, parseStrictIdOrReply, readStream, replyStreamId, replySingleEntry } from './stream-common.js';
import { propagateAs } from '../../core/propagation.js';
import { xclaimAsCommand } from './stream-propagation.js';

export const xclaim = defineCommand({
  name: 'xclaim', arity: -6, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  tips: 'nondeterministic_output', group: 'stream', since: '5.0.0', complexity: 'O(log N) per ID',
  summary: 'Gives pending entries of a consumer group to another consumer, if they have been idle long enough.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const stream = readStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    const group = stream?.groups.get(argv[2]!);
    if (stream === undefined || group === undefined) return reply.error(noKeyOrGroup(argv[1]!, argv[2]!));
    const parsedIdle = parseInteger(argv[4]!);
    if (parsedIdle === null) return reply.error(xclaimBadArgument('min-idle-time', 'XCLAIM'));
    const minIdle = Math.max(0, parsedIdle);

    // IDs run until the first argument that is not one; options follow.
    const ids: StreamId[] = [];
    let i = 5;
    for (; i < argv.length; i++) {
      const id = parseStreamId(argv[i]!, { strict: true });
      if (id === null) break;
      ids.push({ ms: id.ms, seq: id.seq });
    }
    const now = server.clock.now;
    let force = false;
    let justId = false;
    let deliveryTime: number | undefined;
    let retry: Int64 | undefined;
    let lastId: StreamId = { ms: 0, seq: 0 };
    for (; i < argv.length; i++) {
      const option = argv[i]!;
      const more = argv.length - 1 - i;
      if (isKeyword(option, 'force')) {
        force = true;
      } else if (isKeyword(option, 'justid')) {
        justId = true;
      } else if (isKeyword(option, 'idle') && more > 0) {
        const idle = parseInteger(argv[++i]!);
        if (idle === null) return reply.error(xclaimBadArgument('IDLE option', 'XCLAIM'));
        deliveryTime = now - idle;
      } else if (isKeyword(option, 'time') && more > 0) {
        const time = parseInteger(argv[++i]!);
        if (time === null) return reply.error(xclaimBadArgument('TIME option', 'XCLAIM'));
        deliveryTime = time;
      } else if (isKeyword(option, 'retrycount') && more > 0) {
        const count = parseInt64(argv[++i]!);
        if (count === null) return reply.error(xclaimBadArgument('RETRYCOUNT option', 'XCLAIM'));
        // A negative count is as good as none.
        retry = count >= 0n ? int64(count) : undefined;
      } else if (isKeyword(option, 'lastid') && more > 0) {
        const id = parseStrictIdOrReply(reply, argv[++i]!);
        if (id === null) return;
        lastId = { ms: id.ms, seq: id.seq };
      } else {
        return reply.error(xclaimUnknownOption(option));
      }
    }
    if (compareIds(lastId, group.lastId) > 0) group.lastId = lastId;
    // A time in the future or before the epoch means "now", as Redis reads it.
    if (deliveryTime === undefined || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;

    let consumer: StreamConsumer | undefined;
    const claimed: StreamId[] = [];
    // Logged as one forced XCLAIM per entry it changed (a deleted entry's with its old owner).
    const logged: string[][] | undefined = server.propagation === undefined ? undefined : [];
    for (const id of ids) {
      let pending = group.pending.get(id);
      if (!stream.hasEntry(id)) {
        // The entry is gone: it cannot be pending any more.
        if (pending !== undefined) {
          logged?.push(xclaimAsCommand(argv[1]!, argv[2]!, group, pending.consumer?.name ?? argv[3]!, pending));
          group.acknowledge(pending);
          server.keyspace.dirty++;
        }
        continue;
      }
      if (pending === undefined) {
        if (!force) continue;
        pending = new PendingEntry(id, null, now, 1);
        group.pending.insert(pending);
      }
      if (pending.consumer !== null && minIdle !== 0 && now - pending.deliveryTime < minIdle) continue;
      if (consumer === undefined) {
        const created = !group.consumers.has(argv[3]!);
        consumer = group.consumer(argv[3]!, now);
        consumer.seenTime = now;
        if (created) notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', argv[1]!);
      }
      group.assign(pending, consumer);
      pending.deliveryTime = deliveryTime;
      if (retry !== undefined) pending.deliveryCount = retry;
      else if (!justId) pending.deliveryCount = addInt64(pending.deliveryCount, 1);
      claimed.push(id);
      server.keyspace.dirty++;
      logged?.push(xclaimAsCommand(argv[1]!, argv[2]!, group, argv[3]!, pending));
    }
    if (logged !== undefined) propagateAs(ctx, ...logged);
    reply.array(claimed.length);
    for (const id of claimed) {
      if (justId) replyStreamId(reply, id);
      else if (!replySingleEntry(reply, stream, id)) reply.nil();
    }
  },
});

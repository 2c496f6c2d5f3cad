// https://redis.io/commands/xautoclaim/
import { isKeyword, parseInt64, parseInteger } from '../../core/args.js';
import { notify, NOTIFY_STREAM } from '../../pubsub/notifications.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_SYNTAX, ERR_XAUTOCLAIM_COUNT, ERR_XAUTOCLAIM_COUNT_MEMORY, noKeyOrGroup, xclaimBadArgument } from '../../core/errors.js';
import type { StreamConsumer } from '../../engine/types/stream-group.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { MIN_ID } from '../../engine/types/stream-id.js';
import { addInt64 } from '../../engine/types/stream-pending.js';
import { WRONG_TYPE, parseRangeBound, readStream, replySingleEntry, replyStreamId } from './stream-common.js';
import { propagateAs } from '../../core/propagation.js';
import { xclaimAsCommand } from './stream-propagation.js';

/** Each claimed entry may cost this many pending entries looked at (skipped as not idle enough). */
const ATTEMPTS_PER_ENTRY = 10;
/** COUNT's upper bound: Redis keeps COUNT * max(16, 10) within a signed 64-bit long. */
const MAX_COUNT = 9223372036854775807n / 16n;
/**
 * Redis allocates 16 bytes per COUNT up front for the IDs of deleted entries; allocations past
 * the address space it can map fail with an error (measured on 7.0.15, x86-64 Linux).
 */
const MAX_ALLOCATABLE_COUNT = 0x500000000000 / 16;

export const xautoclaim = defineCommand({
  name: 'xautoclaim', arity: -6, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  tips: 'nondeterministic_output', group: 'stream', since: '6.2.0', complexity: 'O(1) per entry looked at',
  summary: 'Claims pending entries idle for long enough for a consumer, walking the pending list with a cursor.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const parsedIdle = parseInteger(argv[4]!);
    if (parsedIdle === null) return reply.error(xclaimBadArgument('min-idle-time', 'XAUTOCLAIM'));
    const minIdle = Math.max(0, parsedIdle);
    const start = parseRangeBound(reply, argv[5]!, false);
    if (start === null) return;
    let count = 100;
    let justId = false;
    for (let i = 6; i < argv.length; i++) {
      if (isKeyword(argv[i]!, 'count') && i + 1 < argv.length) {
        const value = parseInt64(argv[++i]!);
        if (value === null || value < 1n || value > MAX_COUNT) return reply.error(ERR_XAUTOCLAIM_COUNT);
        count = Number(value);
      } else if (isKeyword(argv[i]!, 'justid')) {
        justId = true;
      } else {
        return reply.error(ERR_SYNTAX);
      }
    }
    const stream = readStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    const group = stream?.groups.get(argv[2]!);
    if (stream === undefined || group === undefined) return reply.error(noKeyOrGroup(argv[1]!, argv[2]!));
    if (count > MAX_ALLOCATABLE_COUNT) return reply.error(ERR_XAUTOCLAIM_COUNT_MEMORY);

    const now = server.clock.now;
    let attempts = count * ATTEMPTS_PER_ENTRY;
    let remaining = count;
    let consumer: StreamConsumer | undefined;
    const claimed: StreamId[] = [];
    const deleted: StreamId[] = [];
    // Logged as one forced XCLAIM per entry it changed (a deleted entry's with its old owner).
    const logged: string[][] | undefined = server.propagation === undefined ? undefined : [];
    let pending = group.pending.ceiling(start);
    while (attempts > 0 && remaining > 0 && pending !== undefined) {
      attempts--;
      const current = pending;
      pending = group.pending.higher(current.id);
      if (!stream.hasEntry(current.id)) {
        logged?.push(xclaimAsCommand(argv[1]!, argv[2]!, group, current.consumer?.name ?? argv[3]!, current));
        group.acknowledge(current);
        deleted.push(current.id);
        remaining--;
        server.keyspace.dirty++;
        continue;
      }
      if (minIdle !== 0 && now - current.deliveryTime < minIdle) continue;
      if (consumer === undefined) {
        const created = !group.consumers.has(argv[3]!);
        consumer = group.consumer(argv[3]!, now);
        consumer.seenTime = now;
        if (created) notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', argv[1]!);
      }
      group.assign(current, consumer);
      current.deliveryTime = now;
      if (!justId) current.deliveryCount = addInt64(current.deliveryCount, 1);
      claimed.push(current.id);
      remaining--;
      server.keyspace.dirty++;
      logged?.push(xclaimAsCommand(argv[1]!, argv[2]!, group, argv[3]!, current));
    }
    if (logged !== undefined) propagateAs(ctx, ...logged);
    reply.array(3);
    replyStreamId(reply, pending?.id ?? MIN_ID);
    reply.array(claimed.length);
    for (const id of claimed) {
      if (justId) replyStreamId(reply, id);
      else replySingleEntry(reply, stream, id);
    }
    reply.array(deleted.length);
    for (const id of deleted) replyStreamId(reply, id);
  },
});

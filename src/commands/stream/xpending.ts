// https://redis.io/commands/xpending/
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX, noKeyOrGroup } from '../../core/errors.js';
import type { PendingEntry, PendingList } from '../../engine/types/stream-pending.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { compareIds } from '../../engine/types/stream-id.js';
import { WRONG_TYPE, parseRangeBound, readStream, replyStreamId } from './stream-common.js';

export const xpending = defineCommand({
  name: 'xpending', arity: -3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  tips: 'nondeterministic_output', group: 'stream', since: '5.0.0', complexity: 'O(N) in the entries returned',
  summary: "Summarises a consumer group's pending entries, or lists them with their idle times and delivery counts.",
  run({ argv, db, reply, server }) {
    const summary = argv.length === 3;
    if (!summary && (argv.length < 6 || argv.length > 9)) return reply.error(ERR_SYNTAX);
    let start: StreamId | null = null;
    let end: StreamId | null = null;
    let count = 0;
    let minIdle = 0;
    let consumerName: string | undefined;
    if (!summary) {
      let at = 3;
      if (isKeyword(argv[3]!, 'idle')) {
        const idle = parseInteger(argv[4]!);
        if (idle === null) return reply.error(ERR_NOT_INTEGER);
        if (argv.length < 8) return reply.error(ERR_SYNTAX);
        minIdle = idle;
        at += 2;
      }
      const parsedCount = parseInteger(argv[at + 2]!);
      if (parsedCount === null) return reply.error(ERR_NOT_INTEGER);
      count = Math.max(0, parsedCount);
      start = parseRangeBound(reply, argv[at]!, false);
      if (start === null) return;
      end = parseRangeBound(reply, argv[at + 1]!, true);
      if (end === null) return;
      // Anything after the consumer name is ignored, as Redis does.
      if (at + 3 < argv.length) consumerName = argv[at + 3];
    }
    const stream = readStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    const group = stream?.groups.get(argv[2]!);
    if (group === undefined) return reply.error(noKeyOrGroup(argv[1]!, argv[2]!));

    if (summary) {
      reply.array(4);
      reply.int(group.pending.size);
      if (group.pending.size === 0) {
        reply.nil();
        reply.nil();
        reply.nilArray();
        return;
      }
      replyStreamId(reply, group.pending.first()!.id);
      replyStreamId(reply, group.pending.last()!.id);
      const owners = group.sortedConsumers().filter((consumer) => consumer.pending.size !== 0);
      reply.array(owners.length);
      for (const consumer of owners) {
        reply.array(2);
        reply.bulk(consumer.name);
        reply.bulk(String(consumer.pending.size));
      }
      return;
    }

    let list: PendingList = group.pending;
    if (consumerName !== undefined) {
      const consumer = group.consumers.get(consumerName);
      if (consumer === undefined) return reply.array(0);
      list = consumer.pending;
    }
    const now = server.clock.now;
    const found: PendingEntry[] = [];
    for (let entry = list.ceiling(start!); count > 0 && entry !== undefined; entry = list.higher(entry.id)) {
      if (compareIds(entry.id, end!) > 0) break;
      if (minIdle !== 0 && now - entry.deliveryTime < minIdle) continue;
      found.push(entry);
      count--;
    }
    reply.array(found.length);
    for (const entry of found) {
      reply.array(4);
      replyStreamId(reply, entry.id);
      reply.bulk(entry.consumer?.name ?? '');
      reply.int(Math.max(0, now - entry.deliveryTime));
      reply.int(entry.deliveryCount);
    }
  },
});

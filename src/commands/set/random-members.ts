// https://redis.io/commands/srandmember/ (also SPOP)
import { parseInt64, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NOT_INTEGER, ERR_OUT_OF_RANGE_POSITIVE, ERR_SYNTAX, valueOutOfRange } from '../../core/errors.js';
import { distinctRandomIndices } from '../../engine/types/random-picks.js';
import { SetValue } from '../../engine/types/set.js';
import { readSet, replyMembers, writeSet } from './set-lookup.js';
import { unionSet } from './set-operations.js';
import { propagateAs } from '../../core/propagation.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_SET } from '../../pubsub/notifications.js';

const LONG_MAX = 9223372036854775807n;
/** Redis rebuilds the set from the survivors when fewer than 1/5 of the popped count remain. */
const SPOP_REBUILD_RATIO = 5;

export const srandmember = defineCommand({
  name: 'srandmember', arity: -2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output',
  group: 'set', since: '1.0.0', complexity: 'O(1), O(N) in the count with one',
  summary: 'Answers random members of a set (a negative count allows repeats).',
  run({ argv, db, reply }) {
    if (argv.length > 3) return reply.error(ERR_SYNTAX);
    if (argv.length === 2) {
      const set = readSet(db, argv[1]!, reply);
      if (set === null) return;
      if (set === undefined) return reply.nil();
      return reply.bulk(set.memberAt(set.randomIndex()));
    }
    const exact = parseInt64(argv[2]!);
    if (exact === null) return reply.error(ERR_NOT_INTEGER);
    if (exact < -LONG_MAX) return reply.error(valueOutOfRange(-LONG_MAX, LONG_MAX));
    const set = readSet(db, argv[1]!, reply);
    if (set === null) return;
    if (set === undefined || exact === 0n) return reply.array(0);
    const size = set.size;
    if (exact < 0n || exact === 1n) {
      const count = Number(exact < 0n ? -exact : exact);
      reply.array(count);
      for (let i = 0; i < count; i++) reply.bulk(set.memberAt(set.randomIndex()));
      return;
    }
    const indexes = distinctRandomIndices(size, exact >= BigInt(size) ? size : Number(exact));
    reply.array(indexes.length);
    for (const index of indexes) reply.bulk(set.memberAt(index));
  },
});

/** SPOP with a count is logged as SREMs of what it took, at most SREM_BATCH members each (as Redis). */
const SREM_BATCH = 1024;

function sremBatches(key: string, members: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < members.length; start += SREM_BATCH) batches.push(['SREM', key, ...members.slice(start, start + SREM_BATCH)]);
  return batches;
}

export const spop = defineCommand({
  name: 'spop', arity: -2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access delete', 1)], tips: 'nondeterministic_output',
  group: 'set', since: '1.0.0', complexity: 'O(1), O(N) in the count with one',
  summary: 'Removes and answers random members of a set.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    if (argv.length > 3) return reply.error(ERR_SYNTAX);
    const key = argv[1]!;
    if (argv.length === 2) {
      const set = writeSet(db, key, reply);
      if (set === null) return;
      if (set === undefined) return reply.nil();
      const member = set.popRandom();
      if (set.size === 0) db.delete(key);
      db.modified(key);
      notifyDb(db, NOTIFY_SET, 'spop', key);
      if (set.size === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
      reply.bulk(member);
      // The random pick is logged as its effect.
      return propagateAs(ctx, ['SREM', key, member]);
    }
    const count = parseInteger(argv[2]!);
    if (count === null || count < 0) return reply.error(ERR_OUT_OF_RANGE_POSITIVE);
    const set = writeSet(db, key, reply);
    if (set === null) return;
    if (set === undefined || count === 0) return reply.set(0);
    const size = set.size;
    notifyDb(db, NOTIFY_SET, 'spop', key);
    const limit = server.encodingLimits.setMaxIntsetEntries;
    if (count >= size) {
      // Redis answers the whole set as the union of that one set, built afresh: a small
      // hashtable of integers comes out sorted. Intsets are sorted already, and a set past the
      // intset limit would be rebuilt as a hashtable, in no particular order.
      const whole = set.isCompact || size > limit ? set.toArray() : unionSet([set], limit).toArray();
      db.delete(key);
      db.modified(key, size);
      notifyDb(db, NOTIFY_GENERIC, 'del', key);
      replyMembers(reply, whole);
      return propagateAs(ctx, ['DEL', key]);
    }
    const remaining = size - count;
    if (remaining * SPOP_REBUILD_RATIO > count) {
      reply.set(count);
      const popped: string[] = [];
      for (let i = 0; i < count; i++) {
        const member = set.popRandom();
        reply.bulk(member);
        popped.push(member);
      }
      propagateAs(ctx, ...sremBatches(key, popped));
    } else {
      // Few survivors: move them to a new set and answer what is left of the old one. The new
      // set starts as an intset, exactly as Redis's does.
      const survivors = new SetValue();
      for (let i = 0; i < remaining; i++) survivors.add(set.popRandom(), limit);
      const popped = set.toArray();
      replyMembers(reply, popped);
      db.replace(key, survivors);
      propagateAs(ctx, ...sremBatches(key, popped));
    }
    db.modified(key, count);
  },
});

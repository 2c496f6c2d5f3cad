// https://redis.io/commands/hincrby/ (also HINCRBYFLOAT)
import { isInt64, parseInt64, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_HASH_VALUE_NOT_FLOAT, ERR_HASH_VALUE_NOT_INTEGER, ERR_INCR_NAN, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW,
  ERR_VALUE_NAN_OR_INFINITY,
} from '../../core/errors.js';
import { incrementByFloat, parseLongDouble } from '../../core/long-double.js';
import { writeOrCreateHash } from './hash-lookup.js';
import { propagateAs } from '../../core/propagation.js';
import { notifyDb, NOTIFY_HASH } from '../../pubsub/notifications.js';

/** `current + increment` as Redis's 64-bit arithmetic gives it, or undefined on overflow. */
function addInt64(current: string, increment: string): string | undefined {
  const left = parseInteger(current)!;
  const right = parseInteger(increment)!;
  const sum = left + right;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right) && Number.isSafeInteger(sum)) return String(sum);
  const exact = parseInt64(current)! + parseInt64(increment)!;
  return isInt64(exact) ? exact.toString() : undefined;
}

export const hincrby = defineCommand({
  name: 'hincrby', arity: 4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1)',
  summary: 'Adds an integer to the number stored in a hash field (a missing field counts as 0); answers the result.',
  run({ argv, db, reply, server }) {
    const increment = argv[3]!;
    if (parseInteger(increment) === null) return reply.error(ERR_NOT_INTEGER);
    const key = argv[1]!;
    const field = argv[2]!;
    const hash = writeOrCreateHash(db, key, reply);
    if (hash === null) return;
    const current = hash.get(field) ?? '0';
    if (parseInteger(current) === null) return reply.error(ERR_HASH_VALUE_NOT_INTEGER);
    const result = addInt64(current, increment);
    if (result === undefined) return reply.error(ERR_OVERFLOW);
    hash.set(field, result, server.encodingLimits, true);
    db.modified(key);
    notifyDb(db, NOTIFY_HASH, 'hincrby', key);
    const number = Number(result);
    reply.int(Number.isSafeInteger(number) ? number : BigInt(result));
  },
});

export const hincrbyfloat = defineCommand({
  name: 'hincrbyfloat', arity: 4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'hash', since: '2.6.0', complexity: 'O(1)',
  summary: 'Adds a floating point amount to the number stored in a hash field, computed in extended precision.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const increment = argv[3]!;
    const parsed = parseLongDouble(increment);
    if (parsed === undefined) return reply.error(ERR_NOT_FLOAT);
    if (parsed.kind === 'infinite') return reply.error(ERR_VALUE_NAN_OR_INFINITY);
    const key = argv[1]!;
    const field = argv[2]!;
    const hash = writeOrCreateHash(db, key, reply);
    if (hash === null) return;
    // Redis adds C long doubles (x87 extended precision), exactly as INCRBYFLOAT does.
    const outcome = incrementByFloat(hash.get(field), increment);
    if ('error' in outcome) return reply.error(outcome.error === 'not-float' ? ERR_HASH_VALUE_NOT_FLOAT : ERR_INCR_NAN);
    hash.set(field, outcome.value, server.encodingLimits, true);
    db.modified(key);
    notifyDb(db, NOTIFY_HASH, 'hincrbyfloat', key);
    reply.bulk(outcome.value);
    // Replay must not redo the float arithmetic: the result is logged.
    propagateAs(ctx, ['HSET', key, field, outcome.value]);
  },
});

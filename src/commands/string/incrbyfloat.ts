import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_INCR_NAN, ERR_NOT_FLOAT, ERR_WRONGTYPE } from '../../core/errors.js';
import { incrementByFloat } from '../../core/long-double.js';
import type { RawString } from '../../engine/values.js';
import { propagateAs } from '../../core/propagation.js';
import { notify, NOTIFY_STRING } from '../../pubsub/notifications.js';

/** Both texts plain integers below 2^53: the sum is exact in any precision and prints as an integer. */
function integerSum(current: string | undefined, increment: string): string | undefined {
  const left = current === undefined ? 0 : parseInteger(current);
  if (left === null || !Number.isSafeInteger(left)) return undefined;
  const right = parseInteger(increment);
  if (right === null || !Number.isSafeInteger(right)) return undefined;
  const sum = left + right;
  return Number.isSafeInteger(sum) ? String(sum) : undefined;
}

export const incrbyfloat = defineCommand({
  name: 'incrbyfloat', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'string', since: '2.6.0', complexity: 'O(1)',
  summary: 'Adds a floating point amount to the number stored at a key, computed in extended precision.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const stored = db.get(key);
    let current: string | undefined;
    if (stored !== undefined) {
      if (typeof stored === 'string') current = stored;
      else if (stored.type === 'string') current = (stored as RawString).toString();
      else return reply.error(ERR_WRONGTYPE);
    }
    let result = integerSum(current, argv[2]!);
    if (result === undefined) {
      // Redis adds C long doubles (x87 extended precision); long-double.ts reproduces them exactly.
      const outcome = incrementByFloat(current, argv[2]!);
      if ('error' in outcome) return reply.error(outcome.error === 'not-float' ? ERR_NOT_FLOAT : ERR_INCR_NAN);
      result = outcome.value;
    }
    db.replace(key, result);
    db.modified(key);
    notify(ctx, NOTIFY_STRING, 'incrbyfloat', key);
    reply.bulk(result);
    // Replay must not redo the float arithmetic: the result is logged, keeping the TTL.
    propagateAs(ctx, ['SET', key, result, 'KEEPTTL']);
  },
});

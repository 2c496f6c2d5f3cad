import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_DECREMENT_OVERFLOW, ERR_NOT_INTEGER, ERR_OVERFLOW, ERR_WRONGTYPE } from '../../core/errors.js';
import type { RawString } from '../../engine/values.js';
import { notify, NOTIFY_STRING } from '../../pubsub/notifications.js';

/**
 * Adds `increment` to the 64-bit integer stored at argv[1] (0 when missing) and keeps the TTL.
 * Numbers carry the common case; bigint only when a value or the sum leaves the safe range.
 */
function addToInteger(ctx: CommandContext, increment: number | bigint): void {
  const { argv, db, reply } = ctx;
  const key = argv[1]!;
  const stored = db.get(key);
  let text: string | undefined;
  let current = 0;
  if (stored !== undefined) {
    if (typeof stored === 'string') text = stored;
    else if (stored.type === 'string') text = (stored as RawString).toString();
    else return reply.error(ERR_WRONGTYPE);
    const parsed = parseInteger(text);
    if (parsed === null) return reply.error(ERR_NOT_INTEGER);
    current = parsed;
  }
  if (typeof increment === 'number' && Number.isSafeInteger(current)) {
    const sum = current + increment;
    if (Number.isSafeInteger(sum)) {
      db.replace(key, String(sum));
      db.modified(key);
      notify(ctx, NOTIFY_STRING, 'incrby', key);
      return reply.int(sum);
    }
  }
  const exact = (text === undefined ? 0n : parseInt64(text)!) + BigInt(increment);
  if (exact > INT64_MAX || exact < INT64_MIN) return reply.error(ERR_OVERFLOW);
  db.replace(key, exact.toString());
  db.modified(key);
  notify(ctx, NOTIFY_STRING, 'incrby', key);
  reply.int(exact);
}

/** The increment argument: a safe number, an exact bigint beyond 2^53, or null if not an integer. */
function parseIncrement(text: string): number | bigint | null {
  const value = parseInteger(text);
  if (value === null || Number.isSafeInteger(value)) return value;
  return parseInt64(text);
}

const counterSpec = {
  flags: 'write denyoom fast', keys: [1, 1, 1] as [number, number, number], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'string' as const, since: '1.0.0', complexity: 'O(1)',
};

export const incr = defineCommand({
  ...counterSpec, name: 'incr', arity: 2, summary: 'Adds one to the integer stored at a key.',
  run: (ctx) => addToInteger(ctx, 1),
});

export const decr = defineCommand({
  ...counterSpec, name: 'decr', arity: 2, summary: 'Subtracts one from the integer stored at a key.',
  run: (ctx) => addToInteger(ctx, -1),
});

export const incrby = defineCommand({
  ...counterSpec, name: 'incrby', arity: 3, summary: 'Adds a signed 64-bit amount to the integer stored at a key.',
  run(ctx) {
    const increment = parseIncrement(ctx.argv[2]!);
    if (increment === null) return ctx.reply.error(ERR_NOT_INTEGER);
    addToInteger(ctx, increment);
  },
});

export const decrby = defineCommand({
  ...counterSpec, name: 'decrby', arity: 3, summary: 'Subtracts a signed 64-bit amount from the integer stored at a key.',
  run(ctx) {
    const decrement = parseIncrement(ctx.argv[2]!);
    if (decrement === null) return ctx.reply.error(ERR_NOT_INTEGER);
    // The negation of the smallest 64-bit integer does not fit in 64 bits.
    if (decrement === INT64_MIN) return ctx.reply.error(ERR_DECREMENT_OVERFLOW);
    addToInteger(ctx, -decrement);
  },
});

export const counterCommands = [incr, decr, incrby, decrby];

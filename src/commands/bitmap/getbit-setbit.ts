import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_BIT_OFFSET, ERR_BIT_VALUE, ERR_WRONGTYPE } from '../../core/errors.js';
import { isStringValue } from '../../engine/values.js';
import { parseBitOffset } from './bit-offset.js';
import { byteAt, writableBits } from './bit-strings.js';
import { notifyDb, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const getbit = defineCommand({
  name: 'getbit', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'bitmap', since: '2.2.0', complexity: 'O(1)',
  summary: 'Answers the bit at an offset of a string value (0 past its end or for a missing key).',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const offset = parseBitOffset(ctx, argv[2]!);
    if (offset === undefined) return reply.error(ERR_BIT_OFFSET);
    const value = db.read(argv[1]!);
    if (value === undefined) return reply.int(0);
    if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
    reply.int((byteAt(value, Math.floor(offset / 8)) >> (7 - (offset % 8))) & 1);
  },
});

export const setbit = defineCommand({
  name: 'setbit', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'bitmap', since: '2.2.0', complexity: 'O(1)',
  summary: 'Sets or clears the bit at an offset of a string value, zero-padding it as needed; answers the old bit.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const offset = parseBitOffset(ctx, argv[2]!);
    if (offset === undefined) return reply.error(ERR_BIT_OFFSET);
    const on = parseInteger(argv[3]!);
    if (on !== 0 && on !== 1) return reply.error(ERR_BIT_VALUE);
    const target = writableBits(ctx, key, offset);
    if (target === undefined) return;
    const byteIndex = Math.floor(offset / 8);
    const mask = 1 << (7 - (offset % 8));
    const byte = target.value.getByte(byteIndex);
    const old = byte & mask ? 1 : 0;
    if (target.grew || old !== on) {
      target.value.setByte(byteIndex, on ? byte | mask : byte & ~mask);
      db.modified(key);
      notifyDb(db, NOTIFY_STRING, 'setbit', key);
    }
    reply.int(old);
  },
});

import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NOT_INTEGER, ERR_OFFSET_RANGE, ERR_STRING_TOO_LONG, ERR_WRONGTYPE } from '../../core/errors.js';
import { RawString, isStringValue } from '../../engine/values.js';
import { editableString } from './string-value.js';
import { notify, NOTIFY_STRING } from '../../pubsub/notifications.js';

function maxStringLength(ctx: CommandContext): number {
  return ctx.server.config.getNumber('proto-max-bulk-len');
}

export const append = defineCommand({
  name: 'append', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW insert', 1)],
  group: 'string', since: '2.0.0', complexity: 'O(1) amortized', summary: 'Appends bytes to a string value (creating it if needed); answers the new length.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const suffix = argv[2]!;
    const stored = db.get(key);
    if (stored === undefined) {
      // A new key holds the argument as given, like SET (Redis keeps its compact encoding too).
      db.set(key, suffix);
      db.modified(key);
      notify(ctx, NOTIFY_STRING, 'append', key);
      return reply.int(suffix.length);
    }
    if (!isStringValue(stored)) return reply.error(ERR_WRONGTYPE);
    if (stored.length + suffix.length > maxStringLength(ctx)) return reply.error(ERR_STRING_TOO_LONG);
    const edited = editableString(stored, suffix.length);
    edited.append(suffix);
    if (edited !== stored) db.replace(key, edited);
    db.modified(key);
    notify(ctx, NOTIFY_STRING, 'append', key);
    reply.int(edited.length);
  },
});

export const setrange = defineCommand({
  name: 'setrange', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'string', since: '2.2.0', complexity: 'O(1) plus the bytes written',
  summary: 'Overwrites part of a string value at a byte offset, zero-padding as needed; answers the new length.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const offset = parseInteger(argv[2]!);
    if (offset === null) return reply.error(ERR_NOT_INTEGER);
    if (offset < 0) return reply.error(ERR_OFFSET_RANGE);
    const bytes = argv[3]!;
    const stored = db.get(key);
    if (stored === undefined) {
      // Writing nothing into a missing key creates nothing.
      if (bytes.length === 0) return reply.int(0);
      if (offset + bytes.length > maxStringLength(ctx)) return reply.error(ERR_STRING_TOO_LONG);
      const created = new RawString('', offset + bytes.length);
      created.setRange(offset, bytes);
      db.set(key, created);
      db.modified(key);
      notify(ctx, NOTIFY_STRING, 'setrange', key);
      return reply.int(created.length);
    }
    if (!isStringValue(stored)) return reply.error(ERR_WRONGTYPE);
    if (bytes.length === 0) return reply.int(stored.length);
    if (offset + bytes.length > maxStringLength(ctx)) return reply.error(ERR_STRING_TOO_LONG);
    const edited = editableString(stored, Math.max(0, offset + bytes.length - stored.length));
    edited.setRange(offset, bytes);
    if (edited !== stored) db.replace(key, edited);
    db.modified(key);
    notify(ctx, NOTIFY_STRING, 'setrange', key);
    reply.int(edited.length);
  },
});

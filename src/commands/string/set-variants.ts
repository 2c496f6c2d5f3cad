import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import type { ExpireUnit } from './expire-options.js';
import { expireDeadline } from './expire-options.js';
import { propagateAs } from '../../core/propagation.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const setnx = defineCommand({
  name: 'setnx', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('OW insert', 1)],
  group: 'string', since: '1.0.0', complexity: 'O(1)', summary: 'Sets a key to a string only when the key does not exist; answers 1 or 0.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    if (db.get(key) !== undefined) return reply.int(0);
    db.set(key, argv[2]!);
    db.modified(key);
    notify(ctx, NOTIFY_STRING, 'set', key);
    reply.int(1);
  },
});

/** SETEX and PSETEX: `key ttl value`, the TTL relative to now in the command's unit. */
function setWithTtl(ctx: CommandContext, unit: ExpireUnit, command: string): void {
  const { argv, db, reply, server } = ctx;
  const deadline = expireDeadline(unit, argv[2]!, server.clock.now, command);
  if (typeof deadline === 'string') return reply.error(deadline);
  const key = argv[1]!;
  db.set(key, argv[3]!);
  db.setExpire(key, deadline);
  db.modified(key);
  notify(ctx, NOTIFY_STRING, 'set', key);
  notify(ctx, NOTIFY_GENERIC, 'expire', key);
  reply.ok();
  // Logged with an absolute deadline, as SET ... PXAT.
  propagateAs(ctx, ['SET', key, argv[3]!, 'PXAT', String(deadline)]);
}

export const setex = defineCommand({
  name: 'setex', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('OW update', 1)],
  group: 'string', since: '2.0.0', complexity: 'O(1)', summary: 'Sets a string value with a time to live in seconds.',
  run: (ctx) => setWithTtl(ctx, 'ex', 'setex'),
});

export const psetex = defineCommand({
  name: 'psetex', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('OW update', 1)],
  group: 'string', since: '2.6.0', complexity: 'O(1)', summary: 'Sets a string value with a time to live in milliseconds.',
  run: (ctx) => setWithTtl(ctx, 'px', 'psetex'),
});

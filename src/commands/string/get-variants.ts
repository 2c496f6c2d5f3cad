import type { Deadline } from '../../engine/database.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_WRONGTYPE } from '../../core/errors.js';
import { isStringValue, stringContent } from '../../engine/values.js';
import { expireDeadline, parseStringOptions } from './expire-options.js';
import { replyStringOrNil } from './string-value.js';
import { propagateAs } from '../../core/propagation.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const getset = defineCommand({
  name: 'getset', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'string', since: '1.0.0', complexity: 'O(1)', summary: 'Sets a string value, dropping any TTL, and answers the previous value.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    if (!replyStringOrNil(reply, db.read(key))) return;
    db.set(key, argv[2]!);
    db.modified(key);
    notify(ctx, NOTIFY_STRING, 'set', key);
    propagateAs(ctx, ['SET', key, argv[2]!]);
  },
});

export const getdel = defineCommand({
  name: 'getdel', arity: 2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access delete', 1)],
  group: 'string', since: '6.2.0', complexity: 'O(1)', summary: 'Answers a string value and deletes its key.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const value = db.read(key);
    if (!replyStringOrNil(reply, value) || value === undefined) return;
    db.delete(key);
    db.modified(key);
    notify(ctx, NOTIFY_GENERIC, 'del', key);
    propagateAs(ctx, [ctx.server.config.getBool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', key]);
  },
});

export const getex = defineCommand({
  name: 'getex', arity: -2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'string', since: '6.2.0', complexity: 'O(1)', summary: 'Answers a string value and optionally sets or removes its TTL.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const options = parseStringOptions(argv, 2, 'getex');
    if (typeof options === 'string') return reply.error(options);
    const key = argv[1]!;
    const value = db.read(key);
    // The key is looked up before the expiry argument is checked: a missing key answers nil.
    if (value === undefined) return reply.nil();
    if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
    const now = server.clock.now;
    let deadline: Deadline = 0;
    if (options.expireUnit !== undefined) {
      const result = expireDeadline(options.expireUnit, options.expireText!, now, 'getex');
      if (typeof result === 'string') return reply.error(result);
      deadline = result;
    }
    reply.bulk(stringContent(value));
    const absolute = options.expireUnit === 'exat' || options.expireUnit === 'pxat';
    if (absolute && deadline <= now) {
      db.delete(key);
      db.modified(key);
      notify(ctx, NOTIFY_GENERIC, 'del', key);
      propagateAs(ctx, [server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    } else if (options.expireUnit !== undefined) {
      db.setExpire(key, deadline);
      db.modified(key);
      notify(ctx, NOTIFY_GENERIC, 'expire', key);
      propagateAs(ctx, ['PEXPIREAT', key, String(deadline)]);
    } else if (options.persist && db.persist(key)) {
      db.modified(key);
      notify(ctx, NOTIFY_GENERIC, 'persist', key);
      propagateAs(ctx, ['PERSIST', key]);
    }
  },
});

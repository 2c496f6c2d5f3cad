// https://redis.io/commands/?group=string
import type { Deadline } from '../../engine/database.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { expireDeadline, parseStringOptions } from './expire-options.js';
import { replyStringOrNil } from './string-value.js';
import { propagateAs } from '../../core/propagation.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const get = defineCommand({
  name: 'get', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'string', since: '1.0.0', complexity: 'O(1)', summary: 'Returns the string value of a key.',
  run({ argv, db, reply }) {
    const value = db.read(argv[1]!);
    if (typeof value === 'string') reply.bulk(value);
    else replyStringOrNil(reply, value);
  },
});

function runSet(ctx: CommandContext): void {
  const { argv, db, reply, server } = ctx;
  const key = argv[1]!;
  const value = argv[2]!;
  if (argv.length === 3) {
    db.set(key, value);
    db.modified(key);
    notify(ctx, NOTIFY_STRING, 'set', key);
    return reply.ok();
  }
  const options = parseStringOptions(argv, 3, 'set');
  if (typeof options === 'string') return reply.error(options);
  let deadline: Deadline | undefined;
  if (options.expireUnit !== undefined) {
    const result = expireDeadline(options.expireUnit, options.expireText!, server.clock.now, 'set');
    if (typeof result === 'string') return reply.error(result);
    deadline = result;
  }
  // With GET, the old value is answered (or WRONGTYPE raised) before NX/XX are looked at.
  if (options.get && !replyStringOrNil(reply, db.read(key))) return;
  const exists = db.get(key) !== undefined;
  if ((options.nx && exists) || (options.xx && !exists)) {
    if (!options.get) reply.nil();
    return;
  }
  if (options.keepTtl) db.replace(key, value);
  else db.set(key, value);
  if (deadline !== undefined) db.setExpire(key, deadline);
  db.modified(key);
  notify(ctx, NOTIFY_STRING, 'set', key);
  if (deadline !== undefined) notify(ctx, NOTIFY_GENERIC, 'expire', key);
  if (!options.get) reply.ok();
  if (server.propagation !== undefined) propagateSet(ctx, options.expireUnit, deadline, options.get);
}

/**
 * A relative or second-based expiry is logged as an absolute PXAT (replay must not extend it);
 * without an expiry, GET is left out. With PXAT given, the command is logged as sent.
 */
function propagateSet(ctx: CommandContext, unit: string | undefined, deadline: Deadline | undefined, withGet: boolean): void {
  const argv = ctx.argv;
  if (unit !== undefined && unit !== 'pxat') propagateAs(ctx, ['SET', argv[1]!, argv[2]!, 'PXAT', String(deadline)]);
  else if (withGet && unit === undefined) propagateAs(ctx, argv.filter((arg, index) => index < 3 || arg.length !== 3 || arg.toLowerCase() !== 'get'));
}

export const set = defineCommand({
  name: 'set', arity: -3, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update variable_flags', 1)],
  group: 'string', since: '1.0.0', complexity: 'O(1)',
  summary: 'Sets the string value of a key, with optional expiry and conditions; can return the previous value.',
  run: runSet,
});

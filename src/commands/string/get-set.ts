// https://redis.io/commands/?group=string
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_WRONGTYPE } from '../../core/errors.js';
import { isStringValue, stringContent } from '../../engine/values.js';
import { expireDeadline, parseStringOptions } from './expire-options.js';

export const get = defineCommand({
  name: 'get', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'string', since: '1.0.0', summary: 'Returns the string value of a key.',
  run({ argv, db, reply }) {
    const value = db.get(argv[1]!);
    if (value === undefined) reply.nil();
    else if (typeof value === 'string') reply.bulk(value);
    else if (value.type === 'string') reply.bulk(stringContent(value as never));
    else reply.error(ERR_WRONGTYPE);
  },
});

function runSet(ctx: CommandContext): void {
  const { argv, db, reply, server } = ctx;
  const key = argv[1]!;
  const value = argv[2]!;
  if (argv.length === 3) {
    db.set(key, value);
    db.modified(key);
    return reply.ok();
  }
  const options = parseStringOptions(argv, 3, 'set');
  if (typeof options === 'string') return reply.error(options);
  let deadline: number | undefined;
  if (options.expireUnit !== undefined) {
    const result = expireDeadline(options.expireUnit, options.expireText!, server.clock.now, 'set');
    if (typeof result === 'string') return reply.error(result);
    deadline = result;
  }
  const existing = db.get(key);
  if (options.get && existing !== undefined && !isStringValue(existing)) return reply.error(ERR_WRONGTYPE);
  const blocked = (options.nx && existing !== undefined) || (options.xx && existing === undefined);
  if (!blocked) {
    if (options.keepTtl) db.replace(key, value);
    else db.set(key, value);
    if (deadline !== undefined) db.setExpire(key, deadline);
    db.modified(key);
  }
  if (options.get) {
    if (existing === undefined) reply.nil();
    else reply.bulk(stringContent(existing as never));
  } else if (blocked) {
    reply.nil();
  } else {
    reply.ok();
  }
}

export const set = defineCommand({
  name: 'set', arity: -3, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update variable_flags', 1)],
  group: 'string', since: '1.0.0', summary: 'Sets the string value of a key, with optional expiry and conditions; can return the previous value.',
  run: runSet,
});

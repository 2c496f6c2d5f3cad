// https://redis.io/commands/rename/ and /renamenx/
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NO_SUCH_KEY } from '../../core/errors.js';
import { notify, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

/** The value object moves as it is, with its TTL; the destination's old TTL goes with its old value. */
function rename(ctx: CommandContext, onlyIfNew: boolean): void {
  const { argv, db, reply } = ctx;
  const source = argv[1]!;
  const destination = argv[2]!;
  const value = db.get(source);
  if (value === undefined) return reply.error(ERR_NO_SUCH_KEY);
  if (source === destination) return onlyIfNew ? reply.int(0) : reply.ok();
  // Looked up even when it will be overwritten, so an expired destination is expired first.
  const destinationExists = db.get(destination) !== undefined;
  if (onlyIfNew && destinationExists) return reply.int(0);
  const deadline = db.getExpire(source);
  // The destination is created afresh (a `new` event), as Redis deletes it first.
  if (destinationExists) db.delete(destination);
  db.set(destination, value);
  db.delete(source);
  if (deadline !== undefined) db.setExpire(destination, deadline);
  // One change for the whole rename, announced for both keys.
  db.modified(source, 0);
  db.modified(destination);
  notify(ctx, NOTIFY_GENERIC, 'rename_from', source);
  notify(ctx, NOTIFY_GENERIC, 'rename_to', destination);
  if (onlyIfNew) reply.int(1);
  else reply.ok();
}

export const renameCommand = defineCommand({
  name: 'rename', arity: 3, flags: 'write', keys: [1, 2, 1],
  keySpecs: [rangeKeys('RW access delete', 1), rangeKeys('OW update', 2)],
  group: 'generic', since: '1.0.0', summary: 'Gives a key a new name, replacing any key of that name.',
  run: (ctx) => rename(ctx, false),
});

export const renamenx = defineCommand({
  name: 'renamenx', arity: 3, flags: 'write fast', keys: [1, 2, 1],
  keySpecs: [rangeKeys('RW access delete', 1), rangeKeys('OW insert', 2)],
  group: 'generic', since: '1.0.0', summary: 'Gives a key a new name unless a key of that name exists.',
  run: (ctx) => rename(ctx, true),
});

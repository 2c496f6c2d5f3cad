// https://redis.io/commands/copy/
import { isKeyword } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_DB_INDEX, ERR_SAME_OBJECT, ERR_SYNTAX } from '../../core/errors.js';
import type { Database } from '../../engine/database.js';
import { cloneValue } from '../../engine/values.js';
import { parseDbNumber } from './db-index.js';
import { notifyKeyspaceEvent, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

interface CopyOptions { target: Database; replace: boolean }

/** `DB index` and `REPLACE` in any order; each may repeat (the last DB wins). */
function parseCopyOptions({ argv, db, server }: CommandContext): CopyOptions | string {
  const options: CopyOptions = { target: db, replace: false };
  for (let i = 3; i < argv.length; i++) {
    const option = argv[i]!;
    if (isKeyword(option, 'replace')) {
      options.replace = true;
    } else if (isKeyword(option, 'db') && i + 1 < argv.length) {
      const index = parseDbNumber(argv[++i]!);
      if (typeof index !== 'number') return index.error;
      if (index < 0 || index >= server.keyspace.databases.length) return ERR_DB_INDEX;
      options.target = server.keyspace.db(index);
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

export const copy = defineCommand({
  name: 'copy', arity: -3, flags: 'write denyoom', keys: [1, 2, 1],
  keySpecs: [rangeKeys('RO access', 1), rangeKeys('OW update', 2)],
  group: 'generic', since: '6.2.0', summary: 'Copies a value, with its TTL, to another key, optionally in another database.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const options = parseCopyOptions(ctx);
    if (typeof options === 'string') return reply.error(options);
    const { target } = options;
    const source = argv[1]!;
    const destination = argv[2]!;
    if (target === db && source === destination) return reply.error(ERR_SAME_OBJECT);
    const value = db.read(source);
    if (value === undefined) return reply.int(0);
    const deadline = db.getExpire(source);
    if (target.get(destination) !== undefined && !options.replace) return reply.int(0);
    // set() replaces the old value and drops its TTL.
    // Replaced by a new key (a `new` event), as Redis deletes the old one first.
    target.delete(destination);
    target.set(destination, cloneValue(value));
    if (deadline !== undefined) target.setExpire(destination, deadline);
    target.modified(destination);
    notifyKeyspaceEvent(ctx.server, NOTIFY_GENERIC, 'copy_to', destination, target.index);
    reply.int(1);
  },
});

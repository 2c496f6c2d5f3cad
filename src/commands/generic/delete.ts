// https://redis.io/commands/del/ and /unlink/
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { notify, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

/** Both free the value right away: dropping the reference leaves the work to V8's collector. */
function deleteKeys(ctx: CommandContext): void {
  const { argv, db, reply } = ctx;
  let deleted = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    // has() first so a key past its deadline counts as expired, not deleted.
    if (db.has(key) && db.delete(key)) {
      deleted++;
      db.modified(key);
      notify(ctx, NOTIFY_GENERIC, 'del', key);
    }
  }
  reply.int(deleted);
}

const tips = 'request_policy:multi_shard response_policy:agg_sum';

export const del = defineCommand({
  name: 'del', arity: -2, flags: 'write', keys: [1, -1, 1], keySpecs: [rangeKeys('RM delete', 1, -1)], tips,
  group: 'generic', since: '1.0.0', summary: 'Deletes keys and returns how many existed.',
  run: deleteKeys,
});

export const unlink = defineCommand({
  name: 'unlink', arity: -2, flags: 'write fast', keys: [1, -1, 1], keySpecs: [rangeKeys('RM delete', 1, -1)], tips,
  group: 'generic', since: '4.0.0', summary: 'Deletes keys without blocking and returns how many existed.',
  run: deleteKeys,
});

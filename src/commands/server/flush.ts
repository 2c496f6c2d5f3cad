// https://redis.io/commands/?group=server (keyspace-wide commands)
import { defineCommand } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_SYNTAX } from '../../core/errors.js';
import type { Database } from '../../engine/database.js';
import { forcePropagation } from '../../core/propagation.js';

/** FLUSHALL/FLUSHDB take an optional SYNC or ASYNC; both free memory without blocking (new maps, old ones to the GC). */
function flushMode(argv: readonly string[]): boolean {
  if (argv.length > 2) return false;
  if (argv.length === 2) {
    const mode = argv[1]!.toLowerCase();
    return mode === 'sync' || mode === 'async';
  }
  return true;
}

function flush(ctx: CommandContext, databases: readonly Database[]): void {
  if (!flushMode(ctx.argv)) return ctx.reply.error(ERR_SYNTAX);
  for (const db of databases) {
    const removed = db.size;
    db.clear();
    db.modified('', removed);
  }
  // Logged even when there was nothing to delete, as Redis does.
  forcePropagation(ctx);
  ctx.reply.ok();
}

export const flushall = defineCommand({
  name: 'flushall', arity: -1, flags: 'write', acl: 'keyspace dangerous', group: 'server', since: '1.0.0',
  tips: 'request_policy:all_shards response_policy:all_succeeded',
  summary: 'Deletes every key of every database.',
  run: (ctx) => flush(ctx, ctx.server.keyspace.databases),
});

export const flushdb = defineCommand({
  name: 'flushdb', arity: -1, flags: 'write', acl: 'keyspace dangerous', group: 'server', since: '1.0.0',
  tips: 'request_policy:all_shards response_policy:all_succeeded',
  summary: 'Deletes every key of the selected database.',
  run: (ctx) => flush(ctx, [ctx.db]),
});

export const dbsize = defineCommand({
  name: 'dbsize', arity: 1, flags: 'readonly fast', acl: 'keyspace', group: 'server', since: '1.0.0',
  tips: 'request_policy:all_shards response_policy:agg_sum',
  summary: 'Returns the number of keys in the selected database.',
  run: ({ db, reply }) => reply.int(db.size),
});

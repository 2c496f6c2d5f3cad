// https://redis.io/commands/hset/ (also HMSET and HSETNX)
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { wrongArity } from '../../core/errors.js';
import { writeOrCreateHash } from './hash-lookup.js';
import { notifyDb, NOTIFY_HASH } from '../../pubsub/notifications.js';

/** Stores every field/value pair of argv[2..]; answers how many fields were new. */
function setPairs({ argv, db, reply, server }: CommandContext, name: string): number | undefined {
  if ((argv.length & 1) === 1) {
    reply.error(wrongArity(name));
    return undefined;
  }
  const key = argv[1]!;
  const hash = writeOrCreateHash(db, key, reply);
  if (hash === null) return undefined;
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (hash.set(argv[i]!, argv[i + 1]!, server.encodingLimits)) created++;
  }
  db.modified(key, (argv.length - 2) / 2);
  notifyDb(db, NOTIFY_HASH, 'hset', key);
  return created;
}

export const hset = defineCommand({
  name: 'hset', arity: -4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1) per pair',
  summary: 'Sets fields of a hash to values, creating the hash if needed; answers how many fields were new.',
  run(ctx) {
    const created = setPairs(ctx, 'hset');
    if (created !== undefined) ctx.reply.int(created);
  },
});

export const hmset = defineCommand({
  name: 'hmset', arity: -4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1) per pair',
  summary: 'Sets fields of a hash to values (the older form of HSET, answering OK).',
  run(ctx) {
    if (setPairs(ctx, 'hmset') !== undefined) ctx.reply.ok();
  },
});

export const hsetnx = defineCommand({
  name: 'hsetnx', arity: 4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW insert', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1)',
  summary: 'Sets a hash field only when the field does not exist yet; answers 1 or 0.',
  run({ argv, db, reply, server }) {
    const key = argv[1]!;
    const hash = writeOrCreateHash(db, key, reply);
    if (hash === null) return;
    if (hash.has(argv[2]!)) return reply.int(0);
    hash.set(argv[2]!, argv[3]!, server.encodingLimits);
    db.modified(key);
    notifyDb(db, NOTIFY_HASH, 'hset', key);
    reply.int(1);
  },
});

// https://redis.io/commands/restore/
import { isKeyword, parseInt64 } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_BUSYKEY, ERR_NOT_INTEGER, ERR_RESTORE_INVALID_FREQ, ERR_RESTORE_INVALID_IDLETIME, ERR_RESTORE_INVALID_TTL, ERR_SYNTAX,
} from '../../core/errors.js';
import { toDeadline } from '../../engine/database.js';
import { restorePayload } from '../../persistence/rdb/rdb-reader.js';
import { notify, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

interface RestoreOptions { replace: boolean; absoluteTtl: boolean }

/**
 * REPLACE, ABSTTL, IDLETIME s and FREQ f in any order (IDLETIME and FREQ exclude each other).
 * Restis keeps no access times, so IDLETIME and FREQ are checked and then ignored.
 */
function parseRestoreOptions(argv: readonly string[]): RestoreOptions | string {
  const options: RestoreOptions = { replace: false, absoluteTtl: false };
  let idle = false;
  let freq = false;
  for (let i = 4; i < argv.length; i++) {
    const option = argv[i]!;
    const more = argv.length - i - 1;
    if (isKeyword(option, 'replace')) {
      options.replace = true;
    } else if (isKeyword(option, 'absttl')) {
      options.absoluteTtl = true;
    } else if (isKeyword(option, 'idletime') && more >= 1 && !freq) {
      const seconds = parseInt64(argv[++i]!);
      if (seconds === null) return ERR_NOT_INTEGER;
      if (seconds < 0n) return ERR_RESTORE_INVALID_IDLETIME;
      idle = true;
    } else if (isKeyword(option, 'freq') && more >= 1 && !idle) {
      const frequency = parseInt64(argv[++i]!);
      if (frequency === null) return ERR_NOT_INTEGER;
      if (frequency < 0n || frequency > 255n) return ERR_RESTORE_INVALID_FREQ;
      freq = true;
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

export const restore = defineCommand({
  name: 'restore', arity: -4, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('OW update', 1)],
  acl: 'dangerous',
  group: 'generic', since: '2.6.0', summary: 'Creates a key from a DUMP payload, with an optional TTL.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const options = parseRestoreOptions(argv);
    if (typeof options === 'string') return reply.error(options);
    const key = argv[1]!;
    if (!options.replace && db.get(key) !== undefined) return reply.error(ERR_BUSYKEY);
    const ttl = parseInt64(argv[2]!);
    if (ttl === null) return reply.error(ERR_NOT_INTEGER);
    if (ttl < 0n) return reply.error(ERR_RESTORE_INVALID_TTL);
    const restored = restorePayload(Buffer.from(argv[3]!, 'latin1'), server.encodingLimits);
    if (restored.error !== undefined) return reply.error(restored.error);
    const value = restored.value;
    const existed = options.replace && db.delete(key);
    const now = server.clock.now;
    const deadline = ttl === 0n ? undefined : toDeadline(BigInt.asIntN(64, options.absoluteTtl ? ttl : ttl + BigInt(now)));
    if (deadline !== undefined && deadline <= now) {
      // Already expired: nothing is created, though REPLACE has removed the old key.
      if (existed) {
        db.modified(key);
        notify(ctx, NOTIFY_GENERIC, 'del', key);
      }
      return reply.ok();
    }
    db.set(key, value);
    if (deadline !== undefined) db.setExpire(key, deadline);
    db.modified(key);
    notify(ctx, NOTIFY_GENERIC, 'restore', key);
    reply.ok();
  },
});

// https://redis.io/commands/expire/ (and PEXPIRE, EXPIREAT, PEXPIREAT)
import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { toDeadline, type Deadline } from '../../engine/database.js';
import { propagateAs } from '../../core/propagation.js';
import { ERR_EXPIRE_GT_LT, ERR_EXPIRE_NX_XX, ERR_NOT_INTEGER, invalidExpireTime, unsupportedOption } from '../../core/errors.js';
import { notify, NOTIFY_GENERIC } from '../../pubsub/notifications.js';


interface ExpireConditions { nx: boolean; xx: boolean; gt: boolean; lt: boolean }

/** NX/XX/GT/LT from argv[3..], any case, repeats allowed; checked before the time argument. */
function parseConditions(argv: readonly string[]): ExpireConditions | string {
  const conditions: ExpireConditions = { nx: false, xx: false, gt: false, lt: false };
  for (let i = 3; i < argv.length; i++) {
    const option = argv[i]!;
    const word = option.length === 2 ? option.toLowerCase() : '';
    if (word === 'nx' || word === 'xx' || word === 'gt' || word === 'lt') conditions[word] = true;
    else return unsupportedOption(option);
  }
  if (conditions.nx && (conditions.xx || conditions.gt || conditions.lt)) return ERR_EXPIRE_NX_XX;
  if (conditions.gt && conditions.lt) return ERR_EXPIRE_GT_LT;
  return conditions;
}

/**
 * The absolute deadline in ms the time argument asks for, with Redis's 64-bit overflow checks:
 * plain numbers when everything stays below 2^53 (every real date), 64-bit bigint math otherwise.
 */
function deadlineOf(text: string, inSeconds: boolean, baseMs: number, command: string): Deadline | string {
  const small = parseInteger(text);
  if (small === null) return ERR_NOT_INTEGER;
  if (Number.isSafeInteger(small)) {
    const deadline = (inSeconds ? small * 1000 : small) + baseMs;
    if (Number.isSafeInteger(deadline)) return deadline;
  }
  let when = parseInt64(text)!;
  if (when === null) return ERR_NOT_INTEGER;
  if (inSeconds) {
    // BigInt division truncates toward zero, like C's.
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) return invalidExpireTime(command);
    when *= 1000n;
  }
  const base = BigInt(baseMs);
  if (when > INT64_MAX - base) return invalidExpireTime(command);
  return toDeadline(when + base);
}

/** A TTL absent counts as infinite: GT never beats it, LT always does. */
function conditionsAllow(conditions: ExpireConditions, current: Deadline | undefined, when: Deadline): boolean {
  if (conditions.nx && current !== undefined) return false;
  if (conditions.xx && current === undefined) return false;
  if (conditions.gt && (current === undefined || when <= current)) return false;
  if (conditions.lt && current !== undefined && when >= current) return false;
  return true;
}

function expire(ctx: CommandContext, inSeconds: boolean, relative: boolean): void {
  const { argv, db, reply, server } = ctx;
  const conditions = parseConditions(argv);
  if (typeof conditions === 'string') return reply.error(conditions);
  const now = server.clock.now;
  const when = deadlineOf(argv[2]!, inSeconds, relative ? now : 0, ctx.spec.name);
  if (typeof when === 'string') return reply.error(when);
  const key = argv[1]!;
  if (db.get(key) === undefined) return reply.int(0);
  if (!conditionsAllow(conditions, db.getExpire(key), when)) return reply.int(0);
  // A deadline already reached deletes the key at once, as Redis does.
  if (when <= now) db.delete(key);
  else db.setExpire(key, when);
  db.modified(key);
  notify(ctx, NOTIFY_GENERIC, when <= now ? 'del' : 'expire', key);
  reply.int(1);
  if (server.propagation !== undefined) propagateExpire(ctx, when <= now, when);
}

/** Logged as an absolute PEXPIREAT (the conditions kept), or as the deletion it caused. */
function propagateExpire(ctx: CommandContext, deleted: boolean, when: Deadline): void {
  const argv = ctx.argv;
  if (deleted) return propagateAs(ctx, [ctx.server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', argv[1]!]);
  if (ctx.spec.name === 'pexpireat') return;
  const logged = argv.slice();
  logged[0] = 'PEXPIREAT';
  logged[2] = String(when);
  propagateAs(ctx, logged);
}

const declaration = (name: string, since: string, summary: string, inSeconds: boolean, relative: boolean) =>
  defineCommand({
    name, arity: -3, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
    group: 'generic', since, summary,
    run: (ctx) => expire(ctx, inSeconds, relative),
  });

export const expireCommand = declaration('expire', '1.0.0', 'Sets a time to live in seconds on a key.', true, true);
export const pexpire = declaration('pexpire', '2.6.0', 'Sets a time to live in milliseconds on a key.', false, true);
export const expireat = declaration('expireat', '1.2.0', 'Sets the Unix time in seconds at which a key expires.', true, false);
export const pexpireat = declaration('pexpireat', '2.6.0', 'Sets the Unix time in milliseconds at which a key expires.', false, false);

// https://redis.io/commands/ttl/ (and PTTL, EXPIRETIME, PEXPIRETIME)
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';

/** Milliseconds to whole seconds, rounded as Redis does; bigint arithmetic where doubles lose digits. */
function toSeconds(ms: number | bigint): number | bigint {
  if (typeof ms === 'number' && ms + 500 <= Number.MAX_SAFE_INTEGER) return Math.floor((ms + 500) / 1000);
  return (BigInt(ms) + 500n) / 1000n;
}

/** -2 for a missing key, -1 for a key without TTL, else the remaining (or absolute) time. */
function timeToLive(ctx: CommandContext, inMilliseconds: boolean, absolute: boolean): void {
  const { argv, db, reply, server } = ctx;
  const key = argv[1]!;
  if (db.read(key) === undefined) return reply.int(-2);
  const deadline = db.getExpire(key);
  if (deadline === undefined) return reply.int(-1);
  let remaining: number | bigint = absolute ? deadline : typeof deadline === 'bigint' ? deadline - BigInt(server.clock.now) : deadline - server.clock.now;
  if (remaining < 0) remaining = 0;
  if (!inMilliseconds) reply.int(toSeconds(remaining));
  else reply.int(remaining);
}

const declaration = (name: string, since: string, summary: string, inMilliseconds: boolean, absolute: boolean) =>
  defineCommand({
    name, arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
    tips: absolute ? undefined : 'nondeterministic_output',
    group: 'generic', since, summary,
    run: (ctx) => timeToLive(ctx, inMilliseconds, absolute),
  });

export const ttl = declaration('ttl', '1.0.0', 'Returns the seconds left before a key expires.', false, false);
export const pttl = declaration('pttl', '2.6.0', 'Returns the milliseconds left before a key expires.', true, false);
export const expiretime = declaration('expiretime', '7.0.0', 'Returns the Unix time in seconds at which a key expires.', false, true);
export const pexpiretime = declaration('pexpiretime', '7.0.0', 'Returns the Unix time in milliseconds at which a key expires.', true, true);

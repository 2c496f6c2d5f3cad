// https://redis.io/commands/hsetex/ (Redis 8.0)
import { keywordOf, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_FIELD_EXPIRATION_EXCLUSIVE, ERR_FNX_FXX_EXCLUSIVE, ERR_HSETEX_NUMFIELDS, ERR_MISSING_EXPIRE_TIME, unknownArgument,
  wrongArity,
} from '../../core/errors.js';
import { HashValue } from '../../engine/types/hash.js';
import { expireField, FIELD_DELETED, finishFieldChanges } from './field-expiry.js';
import { parseFieldExpireTime } from './field-ttl-arguments.js';
import { writeHash } from './hash-lookup.js';
import { notifyDb, NOTIFY_HASH } from '../../pubsub/notifications.js';

interface HsetexOptions {
  condition: 'fnx' | 'fxx' | undefined;
  /** Absolute deadline in ms when EX/PX/EXAT/PXAT was given. */
  deadline: number | undefined;
  keepTtl: boolean;
  first: number;
  count: number;
}

const EXPIRATIONS: ReadonlyMap<string, { unitMs: 1 | 1000; relative: boolean }> = new Map([
  ['ex', { unitMs: 1000, relative: true }],
  ['px', { unitMs: 1, relative: true }],
  ['exat', { unitMs: 1000, relative: false }],
  ['pxat', { unitMs: 1, relative: false }],
]);

/** Redis prints the argument with %s: a NUL byte ends it. */
const cText = (text: string): string => {
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
};

/** `[FNX|FXX] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL] FIELDS numfields field value ...`, options in any order. */
function parseOptions(argv: readonly string[], now: number): HsetexOptions | string {
  const options: HsetexOptions = { condition: undefined, deadline: undefined, keepTtl: false, first: 0, count: 0 };
  for (let i = 2; i < argv.length; i++) {
    const word = keywordOf(argv[i]!);
    if (word === 'fields') {
      if (i >= argv.length - 3) return wrongArity('hsetex');
      const count = parseInteger(argv[i + 1]!);
      if (count === null || count < 1 || count > 2147483647) return ERR_HSETEX_NUMFIELDS;
      const remaining = argv.length - i - 2;
      if (remaining % 2 !== 0 || count !== remaining / 2) return wrongArity('hsetex');
      options.first = i + 2;
      options.count = count;
      return options;
    }
    const expiration = EXPIRATIONS.get(word);
    if (expiration !== undefined || word === 'keepttl') {
      if (options.deadline !== undefined || options.keepTtl) return ERR_FIELD_EXPIRATION_EXCLUSIVE;
      if (expiration === undefined) {
        options.keepTtl = true;
        continue;
      }
      if (i >= argv.length - 1) return ERR_MISSING_EXPIRE_TIME;
      const deadline = parseFieldExpireTime(argv[++i]!, expiration.unitMs, expiration.relative ? now : 0, 'hsetex');
      if (typeof deadline === 'string') return deadline;
      options.deadline = deadline;
    } else if (word === 'fnx' || word === 'fxx') {
      if (options.condition !== undefined) return ERR_FNX_FXX_EXCLUSIVE;
      options.condition = word;
    } else {
      return unknownArgument(cText(argv[i]!));
    }
  }
  // Every path above returns before the arguments run out (arity -6); kept for safety.
  return wrongArity('hsetex');
}

export const hsetex = defineCommand({
  name: 'hsetex', arity: -6, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'hash', since: '8.0.0', complexity: 'O(N) in the fields set',
  summary: 'Sets hash fields, optionally only if all or none exist and with a TTL; answers 1, or 0 when nothing was set.',
  run({ argv, db, reply, server }) {
    const now = server.clock.now;
    const options = parseOptions(argv, now);
    if (typeof options === 'string') return reply.error(options);
    const key = argv[1]!;
    let hash = writeHash(db, key, reply);
    if (hash === null) return;
    if (hash === undefined) {
      if (options.condition === 'fxx') return reply.int(0);
      hash = new HashValue();
      db.set(key, hash);
    } else if (options.condition !== undefined) {
      const wantExisting = options.condition === 'fxx';
      for (let i = options.first; i < argv.length; i += 2) {
        if (hash.has(argv[i]!) !== wantExisting) return reply.int(0);
      }
    }
    const { deadline } = options;
    if (deadline !== undefined) hash.enableFieldTtls();
    // A TTL about to be set anyway, or KEEPTTL, spares the old one; otherwise a write drops it.
    const keepTtl = deadline !== undefined || options.keepTtl;
    const limits = server.encodingLimits;
    let deleted = false;
    for (let i = options.first; i < argv.length; i += 2) {
      hash.set(argv[i]!, argv[i + 1]!, limits, keepTtl);
      if (deadline !== undefined && expireField(hash, argv[i]!, deadline, undefined, now) === FIELD_DELETED) deleted = true;
    }
    notifyDb(db, NOTIFY_HASH, 'hset', key);
    finishFieldChanges(db, key, hash, options.count, deadline === undefined ? undefined : deleted ? 'hdel' : 'hexpire');
    reply.int(1);
  },
});

// https://redis.io/commands/hgetex/ (Redis 8.0)
import { keywordOf } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NUMFIELDS_NOT_POSITIVE } from '../../core/errors.js';
import { DEADLINE_SET, expireField, FIELD_DELETED, finishFieldChanges } from './field-expiry.js';
import { parseFieldExpireTime, parseFieldList } from './field-ttl-arguments.js';
import { writeHash } from './hash-lookup.js';

/** The optional expiration option: unit and whether the time is relative to now. */
const EXPIRATIONS: ReadonlyMap<string, { unitMs: 1 | 1000; relative: boolean }> = new Map([
  ['ex', { unitMs: 1000, relative: true }],
  ['px', { unitMs: 1, relative: true }],
  ['exat', { unitMs: 1000, relative: false }],
  ['pxat', { unitMs: 1, relative: false }],
]);

export const hgetex = defineCommand({
  name: 'hgetex', arity: -5, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access update', 1)],
  group: 'hash', since: '8.0.0', complexity: 'O(N) in the fields given',
  summary: 'Answers the values of hash fields and optionally sets or removes their TTL.',
  run({ argv, db, reply, server }) {
    const key = argv[1]!;
    const hash = writeHash(db, key, reply);
    if (hash === null) return;
    const option = keywordOf(argv[2]!);
    const expiration = EXPIRATIONS.get(option);
    const persist = option === 'persist';
    const now = server.clock.now;
    let deadline = 0;
    let fieldsAt = 2;
    if (expiration !== undefined) {
      const parsed = parseFieldExpireTime(argv[3]!, expiration.unitMs, expiration.relative ? now : 0, 'hgetex');
      if (typeof parsed === 'string') return reply.error(parsed);
      deadline = parsed;
      fieldsAt = 4;
    } else if (persist) {
      fieldsAt = 3;
    }
    const fields = parseFieldList(argv, fieldsAt, ERR_NUMFIELDS_NOT_POSITIVE, 'hgetex');
    if (typeof fields === 'string') return reply.error(fields);
    reply.array(fields.count);
    if (hash === undefined) {
      for (let i = 0; i < fields.count; i++) reply.nil();
      return;
    }
    if (expiration !== undefined || persist) hash.enableFieldTtls();
    let changes = 0;
    let updated = 0;
    for (let i = fields.first; i < argv.length; i++) {
      const field = argv[i]!;
      const value = hash.get(field);
      if (value === undefined) {
        reply.nil();
        continue;
      }
      reply.bulk(value);
      if (persist) {
        if (hash.persistField(field)) { changes++; updated++; }
      } else if (expiration !== undefined) {
        const result = expireField(hash, field, deadline, undefined, now);
        if (result === DEADLINE_SET || result === FIELD_DELETED) changes++;
        if (result === DEADLINE_SET) updated++;
      }
    }
    const event = updated > 0 ? (persist ? 'hpersist' : 'hexpire') : changes > 0 ? 'hdel' : undefined;
    finishFieldChanges(db, key, hash, changes, event);
  },
});

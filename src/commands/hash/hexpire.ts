// https://redis.io/commands/hexpire/ (also HPEXPIRE, HEXPIREAT, HPEXPIREAT; Redis 7.4)
import { keywordOf } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import { ERR_NUMFIELDS_NOT_GREATER_THAN_ZERO } from '../../core/errors.js';
import { DEADLINE_SET, expireField, FIELD_DELETED, finishFieldChanges, NO_SUCH_FIELD, type ExpireCondition } from './field-expiry.js';
import { parseFieldExpireTime, parseFieldList } from './field-ttl-arguments.js';
import { writeHash } from './hash-lookup.js';

const CONDITIONS: ReadonlySet<string> = new Set(['nx', 'xx', 'gt', 'lt']);

function expireCommand(name: string, unitMs: 1 | 1000, relative: boolean, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -6, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
    group: 'hash', since: '7.4.0', complexity: 'O(N) in the fields given', summary,
    run({ argv, db, reply, server }) {
      const key = argv[1]!;
      // Redis checks the type before the arguments.
      const hash = writeHash(db, key, reply);
      if (hash === null) return;
      const now = server.clock.now;
      const deadline = parseFieldExpireTime(argv[2]!, unitMs, relative ? now : 0, name);
      if (typeof deadline === 'string') return reply.error(deadline);
      const word = keywordOf(argv[3]!);
      const condition = (CONDITIONS.has(word) ? word : undefined) as ExpireCondition;
      const fields = parseFieldList(argv, condition === undefined ? 3 : 4, ERR_NUMFIELDS_NOT_GREATER_THAN_ZERO, name);
      if (typeof fields === 'string') return reply.error(fields);
      reply.array(fields.count);
      if (hash === undefined) {
        for (let i = 0; i < fields.count; i++) reply.int(NO_SUCH_FIELD);
        return;
      }
      hash.enableFieldTtls();
      let changes = 0;
      let deleted = false;
      for (let i = fields.first; i < argv.length; i++) {
        const result = expireField(hash, argv[i]!, deadline, condition, now);
        if (result === DEADLINE_SET || result === FIELD_DELETED) changes++;
        if (result === FIELD_DELETED) deleted = true;
        reply.int(result);
      }
      finishFieldChanges(db, key, hash, changes, changes === 0 ? undefined : deleted ? 'hdel' : 'hexpire');
    },
  });
}

export const hexpire = expireCommand('hexpire', 1000, true, 'Gives hash fields a time to live in seconds; answers a status per field.');
export const hpexpire = expireCommand('hpexpire', 1, true, 'Gives hash fields a time to live in milliseconds; answers a status per field.');
export const hexpireat = expireCommand('hexpireat', 1000, false, 'Makes hash fields expire at a Unix time in seconds; answers a status per field.');
export const hpexpireat = expireCommand('hpexpireat', 1, false, 'Makes hash fields expire at a Unix time in milliseconds; answers a status per field.');

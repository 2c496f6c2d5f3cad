// https://redis.io/commands/hgetdel/ (Redis 8.0)
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NUMFIELDS_NOT_POSITIVE } from '../../core/errors.js';
import { finishFieldChanges } from './field-expiry.js';
import { parseFieldList } from './field-ttl-arguments.js';
import { writeHash } from './hash-lookup.js';

export const hgetdel = defineCommand({
  name: 'hgetdel', arity: -5, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access delete', 1)],
  group: 'hash', since: '8.0.0', complexity: 'O(N) in the fields given',
  summary: 'Answers the values of hash fields and deletes the fields (the key goes with its last field).',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const hash = writeHash(db, key, reply);
    if (hash === null) return;
    const fields = parseFieldList(argv, 2, ERR_NUMFIELDS_NOT_POSITIVE, 'hgetdel');
    if (typeof fields === 'string') return reply.error(fields);
    reply.array(fields.count);
    let deleted = 0;
    for (let i = fields.first; i < argv.length; i++) {
      const value = hash?.get(argv[i]!);
      if (value === undefined) {
        reply.nil();
        continue;
      }
      reply.bulk(value);
      hash!.delete(argv[i]!);
      deleted++;
    }
    if (hash !== undefined && deleted > 0) finishFieldChanges(db, key, hash, deleted, 'hdel');
  },
});

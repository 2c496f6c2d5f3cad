// https://redis.io/commands/hpersist/ (Redis 7.4)
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NUMFIELDS_NOT_POSITIVE } from '../../core/errors.js';
import { parseFieldList } from './field-ttl-arguments.js';
import { writeHash } from './hash-lookup.js';
import { notifyDb, NOTIFY_HASH } from '../../pubsub/notifications.js';

const NO_SUCH_FIELD = -2;
const NO_TTL = -1;
const PERSISTED = 1;

export const hpersist = defineCommand({
  name: 'hpersist', arity: -5, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'hash', since: '7.4.0', complexity: 'O(N) in the fields given',
  summary: 'Removes the TTL of hash fields; answers a status per field.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const hash = writeHash(db, key, reply);
    if (hash === null) return;
    const fields = parseFieldList(argv, 2, ERR_NUMFIELDS_NOT_POSITIVE, 'hpersist');
    if (typeof fields === 'string') return reply.error(fields);
    reply.array(fields.count);
    let persisted = false;
    for (let i = fields.first; i < argv.length; i++) {
      const deadline = hash?.fieldDeadline(argv[i]!);
      if (deadline === undefined) {
        reply.int(NO_SUCH_FIELD);
      } else if (deadline === 0) {
        reply.int(NO_TTL);
      } else {
        hash!.persistField(argv[i]!);
        persisted = true;
        reply.int(PERSISTED);
      }
    }
    // One change for the whole command, as Redis counts it.
    if (persisted) {
      db.modified(key);
      notifyDb(db, NOTIFY_HASH, 'hpersist', key);
    }
  },
});

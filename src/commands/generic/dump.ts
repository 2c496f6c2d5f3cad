// https://redis.io/commands/dump/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { dumpPayload } from '../../persistence/rdb/rdb-writer.js';

export const dump = defineCommand({
  name: 'dump', arity: 2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  tips: 'nondeterministic_output',
  group: 'generic', since: '2.6.0', summary: 'Serialises a value in the RDB format, with the RDB version and a CRC-64.',
  run({ argv, db, reply }) {
    const value = db.read(argv[1]!);
    if (value === undefined) return reply.nil();
    const payload = dumpPayload(value);
    reply.bulk(payload.latin1Slice(0, payload.length));
  },
});

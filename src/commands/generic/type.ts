// https://redis.io/commands/type/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { typeOfValue } from '../../engine/values.js';

export const type = defineCommand({
  name: 'type', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'generic', since: '1.0.0', summary: 'Returns the type of the value at a key, or none.',
  run({ argv, db, reply }) {
    const value = db.read(argv[1]!);
    reply.simple(value === undefined ? 'none' : typeOfValue(value));
  },
});

// https://redis.io/commands/xlen/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { WRONG_TYPE, readStream } from './stream-common.js';

export const xlen = defineCommand({
  name: 'xlen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'stream', since: '5.0.0', complexity: 'O(1)',
  summary: 'Returns the number of entries in a stream.',
  run({ argv, db, reply }) {
    const stream = readStream(db, argv[1]!, reply);
    if (stream === WRONG_TYPE) return;
    reply.int(stream?.length ?? 0);
  },
});

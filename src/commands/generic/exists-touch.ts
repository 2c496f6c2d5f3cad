// https://redis.io/commands/exists/ and /touch/
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';

/** A key named twice is counted twice, as Redis does. */
function countLiveKeys({ argv, db, reply }: CommandContext): void {
  let found = 0;
  for (let i = 1; i < argv.length; i++) {
    if (db.read(argv[i]!) !== undefined) found++;
  }
  reply.int(found);
}

const tips = 'request_policy:multi_shard response_policy:agg_sum';

export const exists = defineCommand({
  name: 'exists', arity: -2, flags: 'readonly fast', keys: [1, -1, 1], keySpecs: [rangeKeys('RO', 1, -1)], tips,
  group: 'generic', since: '1.0.0', summary: 'Counts how many of the given keys exist.',
  run: countLiveKeys,
});

/** Restis keeps no access times for keys, so touching is only the existence count. */
export const touch = defineCommand({
  name: 'touch', arity: -2, flags: 'readonly fast', keys: [1, -1, 1], keySpecs: [rangeKeys('RO', 1, -1)], tips,
  group: 'generic', since: '3.2.1', summary: 'Marks keys as accessed and counts how many exist.',
  run: countLiveKeys,
});

// https://redis.io/commands/?group=set: SCARD SISMEMBER SMISMEMBER SMEMBERS
import { defineCommand, rangeKeys } from '../../core/command.js';
import { readSet } from './set-lookup.js';

export const scard = defineCommand({
  name: 'scard', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'set', since: '1.0.0', complexity: 'O(1)', summary: 'Answers the number of members of a set.',
  run({ argv, db, reply }) {
    const set = readSet(db, argv[1]!, reply);
    if (set !== null) reply.int(set?.size ?? 0);
  },
});

export const sismember = defineCommand({
  name: 'sismember', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'set', since: '1.0.0', complexity: 'O(1)', summary: 'Answers 1 when the set has the member, else 0.',
  run({ argv, db, reply }) {
    const set = readSet(db, argv[1]!, reply);
    if (set !== null) reply.int(set?.has(argv[2]!) ? 1 : 0);
  },
});

export const smismember = defineCommand({
  name: 'smismember', arity: -3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'set', since: '6.2.0', complexity: 'O(N) in the members asked for',
  summary: 'Answers 1 or 0 for each member asked for, by whether the set has it.',
  run({ argv, db, reply }) {
    const set = readSet(db, argv[1]!, reply);
    if (set === null) return;
    reply.array(argv.length - 2);
    for (let i = 2; i < argv.length; i++) reply.int(set?.has(argv[i]!) ? 1 : 0);
  },
});

export const smembers = defineCommand({
  name: 'smembers', arity: 2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output_order',
  group: 'set', since: '1.0.0', complexity: 'O(N) in the size of the set', summary: 'Answers every member of a set.',
  run({ argv, db, reply }) {
    const set = readSet(db, argv[1]!, reply);
    if (set === null) return;
    const size = set?.size ?? 0;
    reply.set(size);
    for (let i = 0; i < size; i++) reply.bulk(set!.memberAt(i));
  },
});

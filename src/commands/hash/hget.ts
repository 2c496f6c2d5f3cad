// https://redis.io/commands/?group=hash: the single-field reads HGET HMGET HEXISTS HSTRLEN HLEN
import { defineCommand, rangeKeys } from '../../core/command.js';
import { readHash } from './hash-lookup.js';

export const hget = defineCommand({
  name: 'hget', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1)', summary: 'Answers the value of one hash field, or nil.',
  run({ argv, db, reply }) {
    const hash = readHash(db, argv[1]!, reply);
    if (hash === null) return;
    const value = hash?.get(argv[2]!);
    if (value === undefined) reply.nil();
    else reply.bulk(value);
  },
});

export const hmget = defineCommand({
  name: 'hmget', arity: -3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(N) in the fields asked for',
  summary: 'Answers the values of several hash fields, nil for each missing one.',
  run({ argv, db, reply }) {
    const hash = readHash(db, argv[1]!, reply);
    if (hash === null) return;
    reply.array(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      const value = hash?.get(argv[i]!);
      if (value === undefined) reply.nil();
      else reply.bulk(value);
    }
  },
});

export const hexists = defineCommand({
  name: 'hexists', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1)', summary: 'Answers 1 when the hash has the field, else 0.',
  run({ argv, db, reply }) {
    const hash = readHash(db, argv[1]!, reply);
    if (hash !== null) reply.int(hash?.has(argv[2]!) ? 1 : 0);
  },
});

export const hstrlen = defineCommand({
  name: 'hstrlen', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'hash', since: '3.2.0', complexity: 'O(1)', summary: 'Answers the byte length of a hash field\'s value (0 when missing).',
  run({ argv, db, reply }) {
    const hash = readHash(db, argv[1]!, reply);
    if (hash !== null) reply.int(hash?.get(argv[2]!)?.length ?? 0);
  },
});

export const hlen = defineCommand({
  name: 'hlen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'hash', since: '2.0.0', complexity: 'O(1)', summary: 'Answers the number of fields in a hash.',
  run({ argv, db, reply }) {
    const hash = readHash(db, argv[1]!, reply);
    if (hash !== null) reply.int(hash?.size ?? 0);
  },
});

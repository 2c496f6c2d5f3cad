// https://redis.io/commands/hgetall/ (also HKEYS and HVALS)
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import { readHash } from './hash-lookup.js';

type Part = 'pairs' | 'fields' | 'values';

function wholeHashCommand(name: string, part: Part, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: 2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output_order',
    group: 'hash', since: '2.0.0', complexity: 'O(N) in the size of the hash', summary,
    run({ argv, db, reply }) {
      const hash = readHash(db, argv[1]!, reply);
      if (hash === null) return;
      const items = hash?.pairs() ?? [];
      const size = items.length / 2;
      if (part === 'pairs') reply.map(size);
      else reply.array(size);
      for (let i = 0; i < items.length; i += 2) {
        if (part !== 'values') reply.bulk(items[i]!);
        if (part !== 'fields') reply.bulk(items[i + 1]!);
      }
    },
  });
}

export const hgetall = wholeHashCommand('hgetall', 'pairs', 'Answers every field and value of a hash.');
export const hkeys = wholeHashCommand('hkeys', 'fields', 'Answers every field of a hash.');
export const hvals = wholeHashCommand('hvals', 'values', 'Answers every value of a hash.');

// https://redis.io/commands/lpush/ (also RPUSH, LPUSHX, RPUSHX)
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { ListEnd } from '../../engine/types/list.js';
import { pushElements, writeList } from './list-lookup.js';

/** LPUSH/RPUSH, and their X forms that only push onto a list that exists. */
function pushCommand(name: string, end: ListEnd, onlyExisting: boolean, since: string, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW insert', 1)],
    group: 'list', since, complexity: 'O(1) per element', summary,
    run({ argv, db, reply }) {
      const key = argv[1]!;
      const list = writeList(db, key, reply);
      if (list === null) return;
      if (list === undefined && onlyExisting) return reply.int(0);
      reply.int(pushElements(db, key, list, end, argv, 2).length);
    },
  });
}

export const lpush = pushCommand('lpush', 'left', false, '1.0.0', 'Prepends elements to a list, creating it if needed; answers the new length.');
export const rpush = pushCommand('rpush', 'right', false, '1.0.0', 'Appends elements to a list, creating it if needed; answers the new length.');
export const lpushx = pushCommand('lpushx', 'left', true, '2.2.0', 'Prepends elements to a list only when it exists; answers the length (0 without a list).');
export const rpushx = pushCommand('rpushx', 'right', true, '2.2.0', 'Appends elements to a list only when it exists; answers the length (0 without a list).');

// https://redis.io/commands/lpop/ (also RPOP)
import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import { ERR_OUT_OF_RANGE_POSITIVE, wrongArity } from '../../core/errors.js';
import type { ListEnd } from '../../engine/types/list.js';
import { popElements, replyElements, writeList } from './list-lookup.js';

/** LPOP/RPOP key [count]: one element as a bulk string, or with a count an array of up to count. */
function popCommand(name: string, end: ListEnd, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access delete', 1)],
    group: 'list', since: '1.0.0', complexity: 'O(N) in the elements popped', summary,
    run({ argv, db, reply }) {
      if (argv.length > 3) return reply.error(wrongArity(name));
      const withCount = argv.length === 3;
      let count = 1;
      if (withCount) {
        const parsed = parseInteger(argv[2]!);
        if (parsed === null || parsed < 0) return reply.error(ERR_OUT_OF_RANGE_POSITIVE);
        count = parsed;
      }
      const key = argv[1]!;
      const list = writeList(db, key, reply);
      if (list === null) return;
      if (list === undefined) return withCount ? reply.nilArray() : reply.nil();
      if (!withCount) return reply.bulk(popElements(db, key, list, end, 1)[0]!);
      if (count === 0) return reply.array(0);
      replyElements(reply, popElements(db, key, list, end, count));
    },
  });
}

export const lpop = popCommand('lpop', 'left', 'Removes and returns the first element(s) of a list; the key goes with the last one.');
export const rpop = popCommand('rpop', 'right', 'Removes and returns the last element(s) of a list; the key goes with the last one.');

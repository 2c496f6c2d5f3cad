// https://redis.io/commands/lmove/ (also RPOPLPUSH)
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_SYNTAX } from '../../core/errors.js';
import type { ListEnd } from '../../engine/types/list.js';
import { moveElement, parseListEnd, writeList } from './list-lookup.js';

/** Source key: read and emptied; destination key: written. */
export const MOVE_KEY_SPECS = [rangeKeys('RW access delete', 1), rangeKeys('RW insert', 2)];

function runMove({ argv, db, reply }: CommandContext, from: ListEnd, to: ListEnd): void {
  const sourceKey = argv[1]!;
  const source = writeList(db, sourceKey, reply);
  if (source === null) return;
  if (source === undefined) return reply.nil();
  moveElement(db, reply, sourceKey, source, argv[2]!, from, to);
}

export const lmove = defineCommand({
  name: 'lmove', arity: 5, flags: 'write denyoom', keys: [1, 2, 1], keySpecs: MOVE_KEY_SPECS,
  group: 'list', since: '6.2.0', complexity: 'O(1)',
  summary: 'Pops an element from one end of a list and pushes it onto an end of another (or the same) list.',
  run(ctx) {
    const from = parseListEnd(ctx.argv[3]!);
    const to = parseListEnd(ctx.argv[4]!);
    if (from === undefined || to === undefined) return ctx.reply.error(ERR_SYNTAX);
    runMove(ctx, from, to);
  },
});

export const rpoplpush = defineCommand({
  name: 'rpoplpush', arity: 3, flags: 'write denyoom', keys: [1, 2, 1], keySpecs: MOVE_KEY_SPECS,
  group: 'list', since: '1.2.0', complexity: 'O(1)',
  summary: 'Pops the last element of a list and pushes it onto the head of another (or the same) list (LMOVE RIGHT LEFT).',
  run: (ctx) => runMove(ctx, 'right', 'left'),
});

// https://redis.io/commands/xrange/ and https://redis.io/commands/xrevrange/
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { WRONG_TYPE, parseRangeBound, readStream, replyRange } from './stream-common.js';

function runRange(ctx: CommandContext, reverse: boolean): void {
  const { argv, db, reply } = ctx;
  // XREVRANGE takes the end first.
  const start = parseRangeBound(reply, argv[reverse ? 3 : 2]!, false);
  if (start === null) return;
  const end = parseRangeBound(reply, argv[reverse ? 2 : 3]!, true);
  if (end === null) return;
  let count = -1;
  for (let i = 4; i < argv.length; i++) {
    if (isKeyword(argv[i]!, 'count') && i + 1 < argv.length) {
      const value = parseInteger(argv[++i]!);
      if (value === null) return reply.error(ERR_NOT_INTEGER);
      count = value < 0 ? 0 : value;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  const stream = readStream(db, argv[1]!, reply);
  if (stream === WRONG_TYPE) return;
  if (stream === undefined) return reply.array(0);
  if (count === 0) return reply.nilArray();
  replyRange(reply, stream, start, end, count === -1 ? 0 : count, reverse);
}

const rangeCommand = (name: string, reverse: boolean, summary: string): CommandDeclaration => defineCommand({
  name, arity: -4, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'stream', since: '5.0.0', complexity: 'O(log N + M), M being the entries returned',
  summary, run: (ctx) => runRange(ctx, reverse),
});

export const xrange = rangeCommand('xrange', false, 'Returns the entries of a stream between two IDs.');
export const xrevrange = rangeCommand('xrevrange', true, 'Returns the entries of a stream between two IDs, newest first.');

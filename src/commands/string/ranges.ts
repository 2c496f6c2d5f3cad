import { parseInt64, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NOT_INTEGER, ERR_WRONGTYPE } from '../../core/errors.js';
import { isStringValue } from '../../engine/values.js';

export const strlen = defineCommand({
  name: 'strlen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'string', since: '2.2.0', complexity: 'O(1)', summary: 'Answers the byte length of a string value (0 for a missing key).',
  run({ argv, db, reply }) {
    const value = db.read(argv[1]!);
    if (value === undefined) return reply.int(0);
    if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
    reply.int(value.length);
  },
});

/** start > end for two negative indexes, exact even where doubles cannot tell them apart. */
function negativeRangeIsEmpty(start: number, end: number, startText: string, endText: string): boolean {
  if (start !== end || Number.isSafeInteger(start)) return start > end;
  return parseInt64(startText)! > parseInt64(endText)!;
}

/** GETRANGE and SUBSTR: inclusive byte range, negative indexes count from the end, clamped. */
function runGetRange({ argv, db, reply }: CommandContext): void {
  let start = parseInteger(argv[2]!);
  if (start === null) return reply.error(ERR_NOT_INTEGER);
  let end = parseInteger(argv[3]!);
  if (end === null) return reply.error(ERR_NOT_INTEGER);
  const value = db.read(argv[1]!);
  if (value === undefined) return reply.bulk('');
  if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
  if (start < 0 && end < 0 && negativeRangeIsEmpty(start, end, argv[2]!, argv[3]!)) return reply.bulk('');
  const length = value.length;
  if (start < 0) start = Math.max(0, length + start);
  if (end < 0) end = Math.max(0, length + end);
  if (end >= length) end = length - 1;
  if (start > end || length === 0) return reply.bulk('');
  reply.bulk(value.slice(start, end + 1));
}

const rangeSpec: Omit<CommandDeclaration, 'name' | 'summary' | 'since'> = {
  arity: 4, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'string', complexity: 'O(N) in the returned length', run: runGetRange,
};

export const getrange = defineCommand({
  ...rangeSpec, name: 'getrange', since: '2.4.0', summary: 'Answers the bytes of a string value between two inclusive offsets.',
});

export const substr = defineCommand({
  ...rangeSpec, name: 'substr', since: '1.0.0', summary: 'Older name of GETRANGE: the bytes between two inclusive offsets.',
});

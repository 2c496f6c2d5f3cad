// https://redis.io/commands/llen/ (also LINDEX, LRANGE)
import { parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_NOT_INTEGER } from '../../core/errors.js';
import type { ListValue } from '../../engine/types/list.js';
import { readList } from './list-lookup.js';

/** A list index as Redis reads it: negative counts from the tail. -1 when it is outside the list. */
export function resolveIndex(list: ListValue, index: number): number {
  const position = index < 0 ? list.length + index : index;
  return position >= 0 && position < list.length ? position : -1;
}

/**
 * LRANGE/LTRIM's reading of start and end (inclusive, negative from the tail, clamped): the
 * positions, or undefined when the range is empty.
 */
export function resolveRange(length: number, start: number, end: number): [number, number] | undefined {
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return undefined;
  if (end >= length) end = length - 1;
  return [start, end];
}

export const llen = defineCommand({
  name: 'llen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO', 1)],
  group: 'list', since: '1.0.0', complexity: 'O(1)', summary: 'Returns the number of elements in a list (0 without a list).',
  run({ argv, db, reply }) {
    const list = readList(db, argv[1]!, reply);
    if (list !== null) reply.int(list === undefined ? 0 : list.length);
  },
});

export const lindex = defineCommand({
  name: 'lindex', arity: 3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'list', since: '1.0.0', complexity: 'O(1) at either end, O(N) in the distance from the nearer end otherwise',
  summary: 'Returns the element at an index of a list (negative indexes count from the tail).',
  run({ argv, db, reply }) {
    // The key is looked up before the index is parsed: a missing key answers nil whatever the index.
    const list = readList(db, argv[1]!, reply);
    if (list === null) return;
    if (list === undefined) return reply.nil();
    const index = parseInteger(argv[2]!);
    if (index === null) return reply.error(ERR_NOT_INTEGER);
    const position = resolveIndex(list, index);
    if (position === -1) reply.nil();
    else reply.bulk(list.at(position));
  },
});

export const lrange = defineCommand({
  name: 'lrange', arity: 4, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'list', since: '1.0.0', complexity: 'O(S+N): S the distance of start from the nearer end, N the elements answered',
  summary: 'Returns the elements of a list between two indexes, both included.',
  run({ argv, db, reply }) {
    const start = parseInteger(argv[2]!);
    const end = parseInteger(argv[3]!);
    if (start === null || end === null) return reply.error(ERR_NOT_INTEGER);
    const list = readList(db, argv[1]!, reply);
    if (list === null) return;
    const range = list === undefined ? undefined : resolveRange(list.length, start, end);
    if (range === undefined) return reply.array(0);
    const [first, last] = range;
    reply.array(last - first + 1);
    for (let i = first; i <= last; i++) reply.bulk(list!.at(i));
  },
});

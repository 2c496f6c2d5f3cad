// https://redis.io/commands/linsert/ (also LSET, LREM, LTRIM)
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_INDEX_OUT_OF_RANGE, ERR_NO_SUCH_KEY, ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { writeList } from './list-lookup.js';
import { resolveIndex, resolveRange } from './read.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_LIST } from '../../pubsub/notifications.js';

export const linsert = defineCommand({
  name: 'linsert', arity: 5, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW insert', 1)],
  group: 'list', since: '2.2.0', complexity: 'O(N) in the elements before the pivot',
  summary: 'Inserts an element before or after the first occurrence of a pivot; answers the new length, -1 without the pivot.',
  run({ argv, db, reply }) {
    const where = argv[2]!;
    const after = isKeyword(where, 'after');
    if (!after && !isKeyword(where, 'before')) return reply.error(ERR_SYNTAX);
    const key = argv[1]!;
    const list = writeList(db, key, reply);
    if (list === null) return;
    if (list === undefined) return reply.int(0);
    const pivot = list.indexOf(argv[3]!);
    if (pivot === -1) return reply.int(-1);
    list.insertAt(after ? pivot + 1 : pivot, argv[4]!);
    db.signalReady(key);
    db.modified(key);
    notifyDb(db, NOTIFY_LIST, 'linsert', key);
    reply.int(list.length);
  },
});

export const lset = defineCommand({
  name: 'lset', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'list', since: '1.0.0', complexity: 'O(1) at either end, O(N) in the distance from the nearer end otherwise',
  summary: 'Replaces the element at an index of a list.',
  run({ argv, db, reply }) {
    const key = argv[1]!;
    const list = writeList(db, key, reply);
    if (list === null) return;
    if (list === undefined) return reply.error(ERR_NO_SUCH_KEY);
    const index = parseInteger(argv[2]!);
    if (index === null) return reply.error(ERR_NOT_INTEGER);
    const position = resolveIndex(list, index);
    if (position === -1) return reply.error(ERR_INDEX_OUT_OF_RANGE);
    list.setAt(position, argv[3]!);
    db.modified(key);
    notifyDb(db, NOTIFY_LIST, 'lset', key);
    reply.ok();
  },
});

export const lrem = defineCommand({
  name: 'lrem', arity: 4, flags: 'write', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  group: 'list', since: '1.0.0', complexity: 'O(N+M): N the length of the list, M the elements removed',
  summary: 'Removes occurrences of an element from a list: count > 0 the first ones, < 0 the last ones, 0 all.',
  run({ argv, db, reply }) {
    const count = parseInteger(argv[2]!);
    if (count === null) return reply.error(ERR_NOT_INTEGER);
    const key = argv[1]!;
    const list = writeList(db, key, reply);
    if (list === null) return;
    if (list === undefined) return reply.int(0);
    const removed = list.removeMatching(argv[3]!, Math.abs(count), count < 0);
    if (removed !== 0) {
      if (list.length === 0) db.delete(key);
      db.modified(key, removed);
      notifyDb(db, NOTIFY_LIST, 'lrem', key);
      if (list.length === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
    }
    reply.int(removed);
  },
});

export const ltrim = defineCommand({
  name: 'ltrim', arity: 4, flags: 'write', keys: [1, 1, 1], keySpecs: [rangeKeys('RW delete', 1)],
  group: 'list', since: '1.0.0', complexity: 'O(N) in the elements removed',
  summary: 'Keeps only the elements of a list between two indexes, both included.',
  run({ argv, db, reply }) {
    const start = parseInteger(argv[2]!);
    const end = parseInteger(argv[3]!);
    if (start === null || end === null) return reply.error(ERR_NOT_INTEGER);
    const key = argv[1]!;
    const list = writeList(db, key, reply);
    if (list === null) return;
    if (list === undefined) return reply.ok();
    const length = list.length;
    const range = resolveRange(length, start, end);
    const dropLeft = range === undefined ? length : range[0];
    const dropRight = range === undefined ? 0 : length - range[1] - 1;
    list.trim(dropLeft, dropRight);
    if (list.length === 0) db.delete(key);
    // Redis signals the key even when nothing was trimmed.
    db.modified(key, dropLeft + dropRight);
    notifyDb(db, NOTIFY_LIST, 'ltrim', key);
    if (list.length === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
    reply.ok();
  },
});

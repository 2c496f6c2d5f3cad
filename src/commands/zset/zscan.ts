// https://redis.io/commands/zscan/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_INVALID_CURSOR } from '../../core/errors.js';
import { formatDouble } from '../../core/number-format.js';
import { listpackScoreText } from '../../engine/types/zset.js';
import { parseScanCursor, parseScanOptions, replyScan, scanCursorId } from '../generic/scan-arguments.js';
import { readZset } from './zset-lookup.js';

export const zscan = defineCommand({
  name: 'zscan', arity: -3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output',
  group: 'sorted_set', since: '2.8.0', complexity: 'O(1) per call, O(N) for a whole iteration',
  summary: 'Iterates over the members and scores of a sorted set, a batch per call.',
  run({ argv, db, reply, server }) {
    const cursor = parseScanCursor(argv[2]!);
    if (cursor === null) return reply.error(ERR_INVALID_CURSOR);
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    if (zset === undefined) return replyScan(reply, 0, []);
    const options = parseScanOptions(argv, 3, false);
    if (typeof options === 'string') return reply.error(options);
    const { matches } = options;
    const found: string[] = [];
    const table = zset.table;
    if (table === undefined) {
      // A listpack is answered whole, with cursor 0, whatever COUNT says; scores as it stores them.
      zset.walk(0, false, (member, score) => {
        if (matches === undefined || matches(member)) found.push(member, listpackScoreText(score));
        return true;
      });
      return replyScan(reply, 0, found);
    }
    const next = server.keyspace.collectionCursors.step(table, scanCursorId(cursor), options.count, () => table.keys(), (member) => table.has(member), (member) => {
      if (matches === undefined || matches(member)) found.push(member, formatDouble(table.get(member)!));
    });
    replyScan(reply, next, found);
  },
});

// https://redis.io/commands/sscan/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_INVALID_CURSOR } from '../../core/errors.js';
import { parseScanCursor, parseScanOptions, replyScan, scanCursorId } from '../generic/scan-arguments.js';
import { readSet } from './set-lookup.js';

export const sscan = defineCommand({
  name: 'sscan', arity: -3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output',
  group: 'set', since: '2.8.0', complexity: 'O(1) per call, O(N) for a whole iteration',
  summary: 'Iterates over the members of a set, a batch per call.',
  run({ argv, db, reply, server }) {
    const cursor = parseScanCursor(argv[2]!);
    if (cursor === null) return reply.error(ERR_INVALID_CURSOR);
    const set = readSet(db, argv[1]!, reply);
    if (set === null) return;
    if (set === undefined) return replyScan(reply, 0, []);
    const options = parseScanOptions(argv, 3, false);
    if (typeof options === 'string') return reply.error(options);
    const { matches } = options;
    const found: string[] = [];
    if (set.isCompact) {
      // An intset is answered whole, with cursor 0, whatever COUNT says.
      for (let i = 0; i < set.size; i++) {
        const member = set.memberAt(i);
        if (matches === undefined || matches(member)) found.push(member);
      }
      return replyScan(reply, 0, found);
    }
    const next = server.keyspace.collectionCursors.step(set, scanCursorId(cursor), options.count, () => set.liveMemberIterator(), (member) => set.has(member), (member) => {
      if (matches === undefined || matches(member)) found.push(member);
    });
    replyScan(reply, next, found);
  },
});

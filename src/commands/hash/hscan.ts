// https://redis.io/commands/hscan/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_INVALID_CURSOR } from '../../core/errors.js';
import { parseScanCursor, parseScanOptions, replyScan, scanCursorId } from '../generic/scan-arguments.js';
import { readHash } from './hash-lookup.js';

export const hscan = defineCommand({
  name: 'hscan', arity: -3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)], tips: 'nondeterministic_output',
  group: 'hash', since: '2.8.0', complexity: 'O(1) per call, O(N) for a whole iteration',
  summary: 'Iterates over the fields and values of a hash, a batch per call.',
  run({ argv, db, reply, server }) {
    const cursor = parseScanCursor(argv[2]!);
    if (cursor === null) return reply.error(ERR_INVALID_CURSOR);
    const hash = readHash(db, argv[1]!, reply);
    if (hash === null) return;
    if (hash === undefined) return replyScan(reply, 0, []);
    const options = parseScanOptions(argv, 3, false);
    if (typeof options === 'string') return reply.error(options);
    const { matches } = options;
    const found: string[] = [];
    if (hash.isCompact) {
      // A listpack is answered whole, with cursor 0, whatever COUNT says.
      const items = hash.pairs();
      for (let i = 0; i < items.length; i += 2) {
        if (matches === undefined || matches(items[i]!)) found.push(items[i]!, items[i + 1]!);
      }
      return replyScan(reply, 0, found);
    }
    const next = server.keyspace.collectionCursors.step(hash, scanCursorId(cursor), options.count, () => hash.liveFieldIterator(), (field) => hash.has(field), (field) => {
      if (matches === undefined || matches(field)) found.push(field, hash.get(field)!);
    });
    replyScan(reply, next, found);
  },
});

// https://redis.io/commands/scan/
import { defineCommand } from '../../core/command.js';
import { ERR_INVALID_CURSOR } from '../../core/errors.js';
import { typeOfValue } from '../../engine/values.js';
import { parseScanCursor, parseScanOptions, replyScan, scanCursorId } from './scan-arguments.js';

export const scan = defineCommand({
  name: 'scan', arity: -2, flags: 'readonly', tips: 'nondeterministic_output request_policy:special',
  group: 'generic', since: '2.8.0', summary: 'Iterates over the keys of the selected database, a batch per call.',
  run({ argv, db, reply }) {
    const cursor = parseScanCursor(argv[1]!);
    if (cursor === null) return reply.error(ERR_INVALID_CURSOR);
    const options = parseScanOptions(argv, 2, true);
    if (typeof options === 'string') return reply.error(options);
    const { matches, type } = options;
    const found: string[] = [];
    const next = db.scan(scanCursorId(cursor), options.count, (key) => {
      if (matches !== undefined && !matches(key)) return;
      if (type !== undefined) {
        // Redis looks the value up for the type check, which counts as a keyspace read.
        const value = db.read(key);
        if (value === undefined || typeOfValue(value) !== type) return;
      }
      found.push(key);
    });
    replyScan(reply, next, found);
  },
});

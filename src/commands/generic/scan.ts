// https://redis.io/commands/scan/
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand } from '../../core/command.js';
import { ERR_INVALID_CURSOR, ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { compileGlob } from '../../core/glob.js';
import { typeOfValue } from '../../engine/values.js';
import { parseScanCursor, scanCursorId } from './scan-cursor.js';

interface ScanOptions {
  count: number;
  matches: ((key: string) => boolean) | undefined;
  /** Lower-cased type name; names no value has simply match nothing. */
  type: string | undefined;
}

function parseScanOptions(argv: readonly string[]): ScanOptions | string {
  const options: ScanOptions = { count: 10, matches: undefined, type: undefined };
  for (let i = 2; i < argv.length; i += 2) {
    const option = argv[i]!;
    if (i + 1 >= argv.length) return ERR_SYNTAX;
    const value = argv[i + 1]!;
    if (isKeyword(option, 'count')) {
      const count = parseInteger(value);
      if (count === null) return ERR_NOT_INTEGER;
      if (count < 1) return ERR_SYNTAX;
      options.count = count;
    } else if (isKeyword(option, 'match')) {
      // A lone '*' filters nothing, so it keeps even the empty key.
      options.matches = value === '*' ? undefined : compileGlob(value);
    } else if (isKeyword(option, 'type')) {
      options.type = value.toLowerCase();
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

export const scan = defineCommand({
  name: 'scan', arity: -2, flags: 'readonly', tips: 'nondeterministic_output request_policy:special',
  group: 'generic', since: '2.8.0', summary: 'Iterates over the keys of the selected database, a batch per call.',
  run({ argv, db, reply }) {
    const cursor = parseScanCursor(argv[1]!);
    if (cursor === null) return reply.error(ERR_INVALID_CURSOR);
    const options = parseScanOptions(argv);
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
    reply.array(2);
    reply.bulk(String(next));
    reply.array(found.length);
    for (const key of found) reply.bulk(key);
  },
});

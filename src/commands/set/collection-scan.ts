/**
 * What HSCAN, SSCAN (and ZSCAN) share: their options, parsed as Redis's scanGenericCommand does
 * for a key's collection (COUNT and MATCH; TYPE is a syntax error there), and the reply shape.
 */
import { isKeyword, parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { compileGlob } from '../../core/glob.js';
import type { Reply } from '../../core/reply.js';

export interface CollectionScanOptions {
  count: number;
  /** undefined: everything matches (no MATCH, or MATCH *). */
  matches: ((text: string) => boolean) | undefined;
}

/** Options from argv[3] on (after command, key and cursor); a string is the error to answer. */
export function parseCollectionScanOptions(argv: readonly string[]): CollectionScanOptions | string {
  const options: CollectionScanOptions = { count: 10, matches: undefined };
  for (let i = 3; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) return ERR_SYNTAX;
    const option = argv[i]!;
    const value = argv[i + 1]!;
    if (isKeyword(option, 'count')) {
      const count = parseInteger(value);
      if (count === null) return ERR_NOT_INTEGER;
      if (count < 1) return ERR_SYNTAX;
      options.count = count;
    } else if (isKeyword(option, 'match')) {
      options.matches = value === '*' ? undefined : compileGlob(value);
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

/** [cursor, [items...]] in both protocols. */
export function replyScan(reply: Reply, cursor: number, items: readonly string[]): void {
  reply.array(2);
  reply.bulk(String(cursor));
  reply.array(items.length);
  for (const item of items) reply.bulk(item);
}

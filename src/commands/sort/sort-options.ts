import { keywordOf, parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../core/errors.js';
import { cString } from './sort-score.js';

export interface SortOptions {
  descending: boolean;
  alpha: boolean;
  limitStart: number;
  /** Negative: no limit. */
  limitCount: number;
  /** The BY pattern, when given. */
  by: string | undefined;
  /** A BY pattern without `*` (such as `nosort`) was given: keep the collection's own order. */
  dontSort: boolean;
  /** GET patterns, in order. */
  gets: string[];
  /** STORE destination (the last one wins). */
  store: string | undefined;
}

/**
 * SORT's options after the key, in any order and repeatable. An option whose arguments are
 * missing, STORE in SORT_RO, or an unknown word is a syntax error.
 */
export function parseSortOptions(argv: readonly string[], readonly: boolean): SortOptions | string {
  const options: SortOptions = {
    descending: false, alpha: false, limitStart: 0, limitCount: -1, by: undefined, dontSort: false, gets: [], store: undefined,
  };
  for (let i = 2; i < argv.length; i++) {
    const left = argv.length - i - 1;
    const option = keywordOf(argv[i]!);
    if (option === 'asc') {
      options.descending = false;
    } else if (option === 'desc') {
      options.descending = true;
    } else if (option === 'alpha') {
      options.alpha = true;
    } else if (option === 'limit' && left >= 2) {
      const start = parseInteger(argv[i + 1]!);
      const count = parseInteger(argv[i + 2]!);
      if (start === null || count === null) return ERR_NOT_INTEGER;
      options.limitStart = start;
      options.limitCount = count;
      i += 2;
    } else if (option === 'store' && !readonly && left >= 1) {
      options.store = argv[++i]!;
    } else if (option === 'by' && left >= 1) {
      const pattern = argv[++i]!;
      options.by = pattern;
      // Once set it stays set, even if a later BY has a `*`, as in Redis.
      if (!cString(pattern).includes('*')) options.dontSort = true;
    } else if (option === 'get' && left >= 1) {
      options.gets.push(argv[++i]!);
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

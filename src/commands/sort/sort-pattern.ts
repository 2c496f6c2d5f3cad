import type { Database } from '../../engine/database.js';
import { HashValue } from '../../engine/types/hash.js';
import { isStringValue, stringContent } from '../../engine/values.js';
import { cString } from './sort-score.js';

/**
 * SORT's BY and GET patterns: `#` is the element itself; otherwise the first `*` is replaced by
 * the element to form a key name, and a `->field` after the `*` reads that field of a hash
 * instead of a string. Redis scans the pattern with C string functions, so only the part before
 * a NUL byte is searched for `*` and `->`, while the substitution copies the whole pattern.
 * Answers undefined for a missing key or field, a key of the wrong type, or a pattern without `*`.
 */
export function lookupByPattern(db: Database, pattern: string, element: string): string | undefined {
  const searchable = cString(pattern);
  if (searchable === '#') return element;
  const star = searchable.indexOf('*');
  if (star === -1) return undefined;
  const arrow = searchable.indexOf('->', star + 1);
  // An arrow at the very end names no field: it stays part of the key name.
  const hasField = arrow !== -1 && arrow + 2 < searchable.length;
  const key = pattern.slice(0, star) + element + (hasField ? pattern.slice(star + 1, arrow) : pattern.slice(star + 1));
  const value = db.read(key);
  if (value === undefined) return undefined;
  if (hasField) return value instanceof HashValue ? value.get(pattern.slice(arrow + 2)) : undefined;
  return isStringValue(value) ? stringContent(value) : undefined;
}

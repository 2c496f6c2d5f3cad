// https://redis.io/commands/sort/ and https://redis.io/commands/sort_ro/
import { defineCommand, rangeKeys, type KeySpec } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_SORT_SCORE_NOT_DOUBLE, ERR_WRONGTYPE } from '../../core/errors.js';
import type { Database } from '../../engine/database.js';
import { ListValue } from '../../engine/types/list.js';
import { SetValue } from '../../engine/types/set.js';
import { SortedSet } from '../../engine/types/zset.js';
import { partialQuicksort } from './partial-quicksort.js';
import { parseSortOptions, type SortOptions } from './sort-options.js';
import { lookupByPattern } from './sort-pattern.js';
import { cString, sortWeight } from './sort-score.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_LIST } from '../../pubsub/notifications.js';

/** One element being sorted, with what it is compared by. */
interface SortItem {
  element: string;
  /** Numeric weight (0 when a BY key is missing). */
  score: number;
  /** ALPHA: the text compared (already cut at the first NUL unless storing); undefined when a BY key is missing. */
  text: string | undefined;
}

type Sortable = ListValue | SetValue | SortedSet;

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Redis's comparison: numeric weights with ties broken by the elements' bytes; ALPHA compares
 * texts (see loadWeights), and with BY puts missing weights first.
 */
function comparator(options: SortOptions): (a: SortItem, b: SortItem) => number {
  const sign = options.descending ? -1 : 1;
  if (!options.alpha) {
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : byteOrder(a.element, b.element));
  }
  return (a, b) => {
    if (a.text === undefined || b.text === undefined) {
      return sign * (a.text === b.text ? 0 : a.text === undefined ? -1 : 1);
    }
    return sign * byteOrder(a.text, b.text);
  };
}

function item(element: string): SortItem {
  return { element, score: 0, text: undefined };
}

/**
 * The elements to sort, adjusting the output window. Lists and sorted sets that need no sorting
 * give only the window (in reverse for DESC); otherwise every element comes, in the collection's
 * order (a set's members always all come, in its own order, and DESC does not reverse them).
 */
function loadItems(value: Sortable, dontSort: boolean, descending: boolean, window: { start: number; end: number }): SortItem[] {
  const items: SortItem[] = [];
  const { start, end } = window;
  if (value instanceof SetValue) {
    for (const member of value.toArray()) items.push(item(member));
    return items;
  }
  const length = value instanceof ListValue ? value.length : value.size;
  if (!dontSort) {
    if (value instanceof ListValue) for (const element of value.toArray()) items.push(item(element));
    else for (const [member] of value.entries()) items.push(item(member));
    return items;
  }
  if (end < start) {
    // Nothing in the window.
  } else if (value instanceof ListValue) {
    const from = descending ? length - 1 - start : start;
    for (let i = 0; i <= end - start; i++) items.push(item(value.at(descending ? from - i : from + i)));
  } else {
    const ranks = descending ? value.slice(length - 1 - end, length - 1 - start, true) : value.slice(start, end);
    for (const member of ranks.members) items.push(item(member));
  }
  // The window now covers exactly what was loaded.
  window.end -= start;
  window.start = 0;
  return items;
}

/**
 * Loads weights; answers false when one cannot be read as a number (numeric sorting only). ALPHA
 * compares with strcoll, which under the C/C.UTF-8 locales Redis runs with is byte order up to the
 * first NUL; a STORE compares whole byte strings instead.
 */
function loadWeights(db: Database, items: SortItem[], options: SortOptions, by: string | undefined): boolean {
  let convertible = true;
  const wholeText = options.store !== undefined;
  for (const entry of items) {
    let weight: string | undefined = entry.element;
    if (by !== undefined) {
      weight = lookupByPattern(db, by, entry.element);
      if (weight === undefined) continue;
    }
    if (options.alpha) {
      entry.text = wholeText ? weight : cString(weight);
      continue;
    }
    const score = sortWeight(weight);
    if (score === null) convertible = false;
    else entry.score = score;
  }
  return convertible;
}

function runSort(ctx: CommandContext, readonly: boolean): void {
  const { argv, db, reply } = ctx;
  const options = parseSortOptions(argv, readonly);
  if (typeof options === 'string') return reply.error(options);
  const found = db.read(argv[1]!);
  if (found !== undefined && !(found instanceof ListValue || found instanceof SetValue || found instanceof SortedSet)) {
    return reply.error(ERR_WRONGTYPE);
  }
  const value: Sortable = found ?? new ListValue();
  let { dontSort, by } = options;
  if (dontSort && value instanceof SetValue && options.store !== undefined) {
    // A set has no order of its own: what gets stored must not depend on its layout.
    dontSort = false;
    options.alpha = true;
    by = undefined;
  }
  // Redis turns a compact sorted set into its skiplist form before sorting it, even for SORT_RO.
  if (value instanceof SortedSet) value.convertToSkiplist();

  const length = value instanceof ListValue ? value.length : value.size;
  let start = options.limitStart < 0 ? 0 : options.limitStart;
  let end = options.limitCount < 0 ? length - 1 : start + options.limitCount - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;

  const window = { start, end };
  const items = loadItems(value, dontSort, options.descending, window);
  ({ start, end } = window);

  let convertible = true;
  if (!dontSort) {
    convertible = loadWeights(db, items, options, by);
    if (convertible) {
      const compare = comparator(options);
      if (by !== undefined && (start !== 0 || end !== items.length - 1)) partialQuicksort(items, compare, start, end);
      else items.sort(compare);
    }
  }
  if (!convertible) return reply.error(ERR_SORT_SCORE_NOT_DOUBLE);

  const span = Math.max(0, end - start + 1);
  const gets = options.gets;
  if (options.store === undefined) {
    reply.array(gets.length === 0 ? span : gets.length * span);
    for (let i = start; i <= end; i++) {
      const element = items[i]!.element;
      if (gets.length === 0) reply.bulk(element);
      for (const pattern of gets) {
        const found = lookupByPattern(db, pattern, element);
        if (found === undefined) reply.nil();
        else reply.bulk(found);
      }
    }
    return;
  }
  const stored: string[] = [];
  for (let i = start; i <= end; i++) {
    const element = items[i]!.element;
    if (gets.length === 0) stored.push(element);
    for (const pattern of gets) stored.push(lookupByPattern(db, pattern, element) ?? '');
  }
  const destination = options.store;
  if (stored.length !== 0) {
    db.set(destination, ListValue.from(stored));
    db.modified(destination);
    notifyDb(db, NOTIFY_LIST, 'sortstore', destination);
  } else if (db.delete(destination)) {
    db.modified(destination);
    notifyDb(db, NOTIFY_GENERIC, 'del', destination);
  }
  reply.int(stored.length);
}

const UNKNOWN_KEYS: KeySpec = { flags: ['RO', 'access'], begin: 'unknown', find: 'unknown' };

export const sort = defineCommand({
  name: 'sort', arity: -2, flags: 'write denyoom movablekeys', keys: [1, 1, 1],
  keySpecs: [rangeKeys('RO access', 1), UNKNOWN_KEYS, { flags: ['OW', 'update'], begin: 'unknown', find: 'unknown' }],
  acl: '-group set sortedset list dangerous',
  group: 'generic', since: '1.0.0', summary: 'Sorts a list, set or sorted set, optionally by external weights, and answers or stores the result.',
  run: (ctx) => runSort(ctx, false),
});

export const sortRo = defineCommand({
  name: 'sort_ro', arity: -2, flags: 'readonly movablekeys', keys: [1, 1, 1],
  keySpecs: [rangeKeys('RO access', 1), UNKNOWN_KEYS],
  acl: '-group set sortedset list dangerous',
  group: 'generic', since: '7.0.0', summary: 'Read-only SORT: the same sorting, without STORE.',
  run: (ctx) => runSort(ctx, true),
});

// https://redis.io/commands/lmpop/
import { keywordOf, parseInteger } from '../../core/args.js';
import { defineCommand, keyNumKeys } from '../../core/command.js';
import { ERR_COUNT_NOT_POSITIVE, ERR_NUMKEYS_NOT_POSITIVE, ERR_SYNTAX } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import type { ListEnd } from '../../engine/types/list.js';
import { ListValue } from '../../engine/types/list.js';
import { parseListEnd, popElements, replyKeyAndElements, writeList } from './list-lookup.js';
import { propagateAs } from '../../core/propagation.js';

export interface MpopArguments {
  keys: string[];
  end: ListEnd;
  count: number;
}

/** `numkeys key [key ...] LEFT|RIGHT [COUNT count]` starting at argv[numkeysIndex] (LMPOP, BLMPOP). */
export function parseMpopArguments(argv: readonly string[], numkeysIndex: number): MpopArguments | string {
  const numkeys = parseInteger(argv[numkeysIndex]!);
  if (numkeys === null || numkeys < 1) return ERR_NUMKEYS_NOT_POSITIVE;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) return ERR_SYNTAX;
  const end = parseListEnd(argv[whereIndex]!);
  if (end === undefined) return ERR_SYNTAX;
  let count: number | undefined;
  for (let i = whereIndex + 1; i < argv.length; i++) {
    if (count === undefined && keywordOf(argv[i]!) === 'count' && i + 1 < argv.length) {
      const parsed = parseInteger(argv[++i]!);
      if (parsed === null || parsed < 1) return ERR_COUNT_NOT_POSITIVE;
      count = parsed;
    } else {
      return ERR_SYNTAX;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), end, count: count ?? 1 };
}

/**
 * Pops from the first non-empty list among `keys` and answers [key, elements]. Returns false
 * when every key is missing (nothing answered); a key of another type met before a list answers
 * WRONGTYPE.
 */
/** Told which list gave how many elements (what LMPOP propagates). */
export type Popped = (key: string, end: ListEnd, count: number) => void;

/** LMPOP and BLMPOP are logged as the LPOP/RPOP with a count that they amounted to. */
export function poppedAsCommand(key: string, end: ListEnd, count: number): string[] {
  return [end === 'left' ? 'LPOP' : 'RPOP', key, String(count)];
}

export function popFromFirstList(db: Database, reply: Reply, { keys, end, count }: MpopArguments, popped?: Popped): boolean {
  for (const key of keys) {
    const list = writeList(db, key, reply);
    if (list === null) return true;
    if (list === undefined) continue;
    const elements = popElements(db, key, list, end, count);
    replyKeyAndElements(reply, key, elements);
    popped?.(key, end, elements.length);
    return true;
  }
  return false;
}

/** Like popFromFirstList for a woken client: keys of other types are skipped, not answered. */
export function popFromFirstReadyList(db: Database, reply: Reply, { keys, end, count }: MpopArguments, popped?: Popped): boolean {
  for (const key of keys) {
    const list = db.get(key);
    if (!(list instanceof ListValue)) continue;
    const elements = popElements(db, key, list, end, count);
    replyKeyAndElements(reply, key, elements);
    popped?.(key, end, elements.length);
    return true;
  }
  return false;
}

export const lmpop = defineCommand({
  name: 'lmpop', arity: -4, flags: 'write movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RW access delete', 1)],
  group: 'list', since: '7.0.0', complexity: 'O(N+M): N the keys given, M the elements popped',
  summary: 'Pops one or more elements from the first non-empty list among several keys.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const parsed = parseMpopArguments(argv, 1);
    if (typeof parsed === 'string') return reply.error(parsed);
    if (!popFromFirstList(db, reply, parsed, (key, end, count) => propagateAs(ctx, poppedAsCommand(key, end, count)))) reply.nilArray();
  },
});

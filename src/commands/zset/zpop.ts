// https://redis.io/commands/zpopmin/ (also ZPOPMAX ZMPOP)
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, keyNumKeys, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import { ERR_COUNT_NOT_POSITIVE, ERR_NUMKEYS_NOT_POSITIVE, ERR_OUT_OF_RANGE_POSITIVE, ERR_SYNTAX, ERR_WRONGTYPE } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { Database } from '../../engine/database.js';
import { SortedSet } from '../../engine/types/zset.js';
import { propagateAs } from '../../core/propagation.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_ZSET } from '../../pubsub/notifications.js';

/** How a pop answers: Redis's four shapes, decided by the command and the protocol. */
export interface PopShape {
  /** Put the key's name first (BZPOPMIN, ZMPOP...). */
  withKey: boolean;
  /** [member, score] pairs in an array of their own instead of one flat array. */
  nested: boolean;
  /** A null array instead of an empty one when no key holds anything (ZMPOP). */
  nilWhenEmpty: boolean;
}

/** Removes up to `count` lowest (or highest) members of a non-empty sorted set and answers them. */
export function popAndReply(db: Database, reply: Reply, key: string, zset: SortedSet, highest: boolean, count: number, shape: PopShape): number {
  const taken = Math.min(count, zset.size);
  const size = zset.size;
  const { members, scores } = highest ? zset.slice(size - taken, size - 1, true) : zset.slice(0, taken - 1);
  if (shape.withKey && shape.nested) {
    reply.array(2);
    reply.bulk(key);
    reply.array(taken);
  } else if (shape.withKey) {
    reply.array(taken * 2 + 1);
    reply.bulk(key);
  } else {
    reply.array(shape.nested ? taken : taken * 2);
  }
  for (let i = 0; i < taken; i++) {
    if (shape.nested) reply.array(2);
    reply.bulk(members[i]!);
    reply.double(scores[i]!);
  }
  if (highest) zset.removeRange(size - taken, size - 1);
  else zset.removeRange(0, taken - 1);
  if (zset.size === 0) db.delete(key);
  db.modified(key, taken);
  notifyDb(db, NOTIFY_ZSET, highest ? 'zpopmax' : 'zpopmin', key);
  if (zset.size === 0) notifyDb(db, NOTIFY_GENERIC, 'del', key);
  return taken;
}

/** ZMPOP and BZMPOP are logged as the ZPOPMIN/ZPOPMAX with a count they amounted to; BZPOPMIN/MAX without one. */
export function zpopAsCommand(key: string, highest: boolean, taken: number | undefined): string[] {
  const name = highest ? 'ZPOPMAX' : 'ZPOPMIN';
  return taken === undefined ? [name, key] : [name, key, String(taken)];
}

/**
 * Redis's genericZpopCommand: pops from the first of `keys` that exists (WRONGTYPE if it is not a
 * sorted set). `count` -1 is the plain single pop.
 */
export function popFirstExisting(db: Database, reply: Reply, keys: readonly string[], highest: boolean, count: number, shape: PopShape, popped?: (key: string, taken: number) => void): void {
  for (const key of keys) {
    const value = db.get(key);
    if (value === undefined) continue;
    if (!(value instanceof SortedSet)) return reply.error(ERR_WRONGTYPE);
    if (count === 0) return reply.array(0);
    const taken = popAndReply(db, reply, key, value, highest, count === -1 ? 1 : count, shape);
    popped?.(key, taken);
    return;
  }
  if (shape.nilWhenEmpty) reply.nilArray();
  else reply.array(0);
}

function popCommand(name: string, highest: boolean, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -2, flags: 'write fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW access delete', 1)],
    group: 'sorted_set', since: '5.0.0', complexity: 'O(log(N)*M) for M members popped', summary,
    run({ argv, db, reply }) {
      if (argv.length > 3) return reply.error(ERR_SYNTAX);
      let count = -1;
      if (argv.length === 3) {
        const parsed = parseInteger(argv[2]!);
        if (parsed === null || parsed < 0) return reply.error(ERR_OUT_OF_RANGE_POSITIVE);
        count = parsed;
      }
      // RESP3 nests the pairs when a count was given, even COUNT 1.
      const shape = { withKey: false, nested: reply.protocol === 3 && count !== -1, nilWhenEmpty: false };
      popFirstExisting(db, reply, [argv[1]!], highest, count, shape);
    },
  });
}

export const zpopmin = popCommand('zpopmin', false, 'Removes and answers the members with the lowest scores of a sorted set.');
export const zpopmax = popCommand('zpopmax', true, 'Removes and answers the members with the highest scores of a sorted set.');

export interface MultiPopArguments {
  keys: string[];
  highest: boolean;
  count: number;
}

/** `numkeys key [key ...] MIN|MAX [COUNT count]` from argv[numkeysIndex]; a string is the error. */
export function parseMultiPop(argv: readonly string[], numkeysIndex: number): MultiPopArguments | string {
  const numkeys = parseInteger(argv[numkeysIndex]!);
  if (numkeys === null || numkeys < 1) return ERR_NUMKEYS_NOT_POSITIVE;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) return ERR_SYNTAX;
  const where = argv[whereIndex]!;
  let highest: boolean;
  if (isKeyword(where, 'min')) highest = false;
  else if (isKeyword(where, 'max')) highest = true;
  else return ERR_SYNTAX;
  let count = -1;
  for (let i = whereIndex + 1; i < argv.length; i++) {
    if (count === -1 && isKeyword(argv[i]!, 'count') && i + 1 < argv.length) {
      const parsed = parseInteger(argv[++i]!);
      if (parsed === null || parsed < 1) return ERR_COUNT_NOT_POSITIVE;
      count = parsed;
    } else {
      return ERR_SYNTAX;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), highest, count: count === -1 ? 1 : count };
}

export const MULTI_POP_SHAPE: PopShape = { withKey: true, nested: true, nilWhenEmpty: true };

export const zmpop = defineCommand({
  name: 'zmpop', arity: -4, flags: 'write movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RW access delete', 1)],
  group: 'sorted_set', since: '7.0.0', complexity: 'O(K) + O(M*log(N)) for K keys and M members popped',
  summary: 'Removes and answers the lowest or highest scored members of the first non-empty sorted set among several keys.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const parsed = parseMultiPop(argv, 1);
    if (typeof parsed === 'string') return reply.error(parsed);
    popFirstExisting(db, reply, parsed.keys, parsed.highest, parsed.count, MULTI_POP_SHAPE,
      (key, taken) => propagateAs(ctx, zpopAsCommand(key, parsed.highest, taken)));
  },
});

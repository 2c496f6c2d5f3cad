// https://redis.io/commands/sinter/ (also SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE)
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, keyNumKeys, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_LIMIT_NEGATIVE, ERR_NUMKEYS_NOT_POSITIVE, ERR_NUMKEYS_TOO_MANY, ERR_SYNTAX } from '../../core/errors.js';
import type { SetValue } from '../../engine/types/set.js';
import { readSet, replyMembers } from './set-lookup.js';
import { differenceSet, intersectMembers, setOf, unionSet } from './set-operations.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_SET } from '../../pubsub/notifications.js';

/** The sets at `keys` (undefined for missing ones); null after answering WRONGTYPE for any key. */
function readSets({ db, reply }: CommandContext, keys: readonly string[]): Array<SetValue | undefined> | null {
  const sets: Array<SetValue | undefined> = [];
  for (const key of keys) {
    const set = readSet(db, key, reply);
    if (set === null) return null;
    sets.push(set);
  }
  return sets;
}

/** Stores a non-empty result at `destination` (dropping its TTL) or deletes it; answers the size. */
function storeResult({ db, reply, spec }: CommandContext, destination: string, result: SetValue): void {
  if (result.size > 0) {
    db.set(destination, result);
    db.modified(destination);
    notifyDb(db, NOTIFY_SET, spec.name, destination);
  } else if (db.delete(destination)) {
    db.modified(destination);
    notifyDb(db, NOTIFY_GENERIC, 'del', destination);
  }
  reply.int(result.size);
}

type Operation = (ctx: CommandContext, sets: ReadonlyArray<SetValue | undefined>) => SetValue | string[];

const intersection: Operation = (_ctx, sets) => intersectMembers(sets);
const union: Operation = (ctx, sets) => unionSet(sets, ctx.server.encodingLimits.setMaxIntsetEntries);
const difference: Operation = (ctx, sets) => differenceSet(sets, ctx.server.encodingLimits.setMaxIntsetEntries);

function asMembers(result: SetValue | string[]): string[] {
  return Array.isArray(result) ? result : result.toArray();
}

function readingCommand(name: string, operation: Operation, summary: string, complexity: string): CommandDeclaration {
  return defineCommand({
    name, arity: -2, flags: 'readonly', keys: [1, -1, 1], keySpecs: [rangeKeys('RO access', 1, -1)], tips: 'nondeterministic_output_order',
    group: 'set', since: '1.0.0', complexity, summary,
    run(ctx) {
      const sets = readSets(ctx, ctx.argv.slice(1));
      if (sets !== null) replyMembers(ctx.reply, asMembers(operation(ctx, sets)));
    },
  });
}

function storingCommand(name: string, destinationFlags: string, operation: Operation, summary: string, complexity: string): CommandDeclaration {
  return defineCommand({
    name, arity: -3, flags: 'write denyoom', keys: [1, -1, 1],
    keySpecs: [rangeKeys(destinationFlags, 1), rangeKeys('RO access', 2, -1)],
    group: 'set', since: '1.0.0', complexity, summary,
    run(ctx) {
      const sets = readSets(ctx, ctx.argv.slice(2));
      if (sets === null) return;
      const result = operation(ctx, sets);
      const stored = Array.isArray(result) ? setOf(result, ctx.server.encodingLimits.setMaxIntsetEntries) : result;
      storeResult(ctx, ctx.argv[1]!, stored);
    },
  });
}

const INTER_COMPLEXITY = 'O(N*M): N the smallest set\'s size, M the number of sets';
const UNION_COMPLEXITY = 'O(N) in the members of all the sets';

export const sinter = readingCommand('sinter', intersection, 'Answers the members every given set has.', INTER_COMPLEXITY);
export const sunion = readingCommand('sunion', union, 'Answers the members any given set has.', UNION_COMPLEXITY);
export const sdiff = readingCommand('sdiff', difference, 'Answers the members of the first set that no other given set has.', UNION_COMPLEXITY);
export const sinterstore = storingCommand('sinterstore', 'RW update', intersection, 'Stores the intersection of sets at a key; answers its size.', INTER_COMPLEXITY);
export const sunionstore = storingCommand('sunionstore', 'OW update', union, 'Stores the union of sets at a key; answers its size.', UNION_COMPLEXITY);
export const sdiffstore = storingCommand('sdiffstore', 'OW update', difference, 'Stores the difference of sets at a key; answers its size.', UNION_COMPLEXITY);

/** LIMIT: a non-negative integer (0: no limit); anything else gets the same error. */
function parseLimit(text: string): number | null {
  const limit = parseInteger(text);
  return limit === null || limit < 0 ? null : limit;
}

export const sintercard = defineCommand({
  name: 'sintercard', arity: -3, flags: 'readonly movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RO access', 1)],
  group: 'set', since: '7.0.0', complexity: INTER_COMPLEXITY,
  summary: 'Answers the size of the intersection of sets, counting up to an optional LIMIT.',
  run(ctx) {
    const { argv, reply } = ctx;
    const numkeys = parseInteger(argv[1]!);
    if (numkeys === null || numkeys < 1) return reply.error(ERR_NUMKEYS_NOT_POSITIVE);
    if (numkeys > argv.length - 2) return reply.error(ERR_NUMKEYS_TOO_MANY);
    let limit = 0;
    for (let i = 2 + numkeys; i < argv.length; i++) {
      if (isKeyword(argv[i]!, 'limit') && i + 1 < argv.length) {
        const parsed = parseLimit(argv[++i]!);
        if (parsed === null) return reply.error(ERR_LIMIT_NEGATIVE);
        limit = parsed;
      } else {
        return reply.error(ERR_SYNTAX);
      }
    }
    const sets = readSets(ctx, argv.slice(2, 2 + numkeys));
    if (sets !== null) reply.int(intersectMembers(sets, limit).length);
  },
});

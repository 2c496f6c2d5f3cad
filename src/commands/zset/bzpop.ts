// https://redis.io/commands/bzpopmin/ (also BZPOPMAX BZMPOP)
import { defineCommand, keyNumKeys, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_UNBLOCKED, ERR_WRONGTYPE } from '../../core/errors.js';
import { parseTimeoutSeconds } from '../../core/timeout.js';
import { SortedSet } from '../../engine/types/zset.js';
import { MULTI_POP_SHAPE, parseMultiPop, popAndReply, zpopAsCommand, type PopShape } from './zpop.js';
import { propagateAs, propagateUnit } from '../../core/propagation.js';

const SINGLE_POP_SHAPE: PopShape = { withKey: true, nested: false, nilWhenEmpty: false };

/**
 * Pops from the first of `keys` holding a non-empty sorted set, or waits until one does. Keys of
 * another type answer WRONGTYPE now; while waiting, only a sorted set written to a key wakes it.
 */
function popOrBlock(ctx: CommandContext, keys: readonly string[], highest: boolean, count: number, shape: PopShape, timeoutText: string): void | Promise<void> {
  const { db, reply, session, server } = ctx;
  const withCount = ctx.spec.name === 'bzmpop';
  const deadline = parseTimeoutSeconds(timeoutText, server.clock.now);
  if (typeof deadline === 'string') return reply.error(deadline);
  for (const key of keys) {
    const value = db.get(key);
    if (value === undefined) continue;
    if (!(value instanceof SortedSet)) return reply.error(ERR_WRONGTYPE);
    if (value.size === 0) continue;
    const taken = popAndReply(db, reply, key, value, highest, count, shape);
    // Logged as the non-blocking pop it amounted to, here and when served later.
    return propagateAs(ctx, zpopAsCommand(key, highest, withCount ? taken : undefined));
  }
  // Inside MULTI or a script, waiting is not possible: answer as a timeout.
  if (ctx.denyBlocking) return reply.nilArray();
  return server.keyspace.blocking.block({
    session, db, keys, deadline,
    attempt() {
      for (const key of keys) {
        const value = db.get(key);
        if (value instanceof SortedSet && value.size > 0) {
          const taken = popAndReply(db, reply, key, value, highest, count, shape);
          propagateUnit(server, db.index, [zpopAsCommand(key, highest, withCount ? taken : undefined)]);
          return true;
        }
      }
      return false;
    },
    timedOut: () => reply.nilArray(),
    unblockedWithError: () => reply.error(ERR_UNBLOCKED),
  });
}

function blockingPopCommand(name: string, highest: boolean, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -3, flags: 'write noscript blocking fast', keys: [1, -2, 1], keySpecs: [rangeKeys('RW access delete', 1, -2)],
    group: 'sorted_set', since: '5.0.0', complexity: 'O(log(N))', summary,
    run(ctx) {
      const { argv } = ctx;
      return popOrBlock(ctx, argv.slice(1, -1), highest, 1, SINGLE_POP_SHAPE, argv[argv.length - 1]!);
    },
  });
}

export const bzpopmin = blockingPopCommand('bzpopmin', false,
  'Removes and answers the lowest scored member of the first non-empty sorted set among several keys, waiting for one if none has members.');
export const bzpopmax = blockingPopCommand('bzpopmax', true,
  'Removes and answers the highest scored member of the first non-empty sorted set among several keys, waiting for one if none has members.');

export const bzmpop = defineCommand({
  name: 'bzmpop', arity: -5, flags: 'write blocking movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RW access delete', 2)],
  group: 'sorted_set', since: '7.0.0', complexity: 'O(K) + O(M*log(N)) for K keys and M members popped',
  summary: 'Removes and answers the lowest or highest scored members of the first non-empty sorted set among several keys, waiting for one if none has members.',
  run(ctx) {
    const parsed = parseMultiPop(ctx.argv, 2);
    if (typeof parsed === 'string') return ctx.reply.error(parsed);
    return popOrBlock(ctx, parsed.keys, parsed.highest, parsed.count, MULTI_POP_SHAPE, ctx.argv[1]!);
  },
});

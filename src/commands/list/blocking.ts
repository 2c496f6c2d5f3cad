// https://redis.io/commands/blpop/ (also BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP)
import { defineCommand, keyNumKeys, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_SYNTAX, ERR_UNBLOCKED } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { parseTimeoutSeconds } from '../../core/timeout.js';
import { ListValue, type ListEnd } from '../../engine/types/list.js';
import { moveElement, parseListEnd, popElements, writeList } from './list-lookup.js';
import { MOVE_KEY_SPECS } from './move.js';
import { parseMpopArguments, popFromFirstList, popFromFirstReadyList, poppedAsCommand, type MpopArguments } from './mpop.js';
import { propagateAs, propagateUnit } from '../../core/propagation.js';

/**
 * Parks the client until one of `keys` holds a list it can be served from. `serve(readyKey)`
 * tries again (from that key only when the caller knows which key became ready, as Redis serves
 * a waiter from the key it is handling). Timeouts and CLIENT UNBLOCK TIMEOUT answer a null array
 * in every form of these commands.
 */
function waitForLists(ctx: CommandContext, keys: readonly string[], deadline: number, serve: (readyKey?: string) => boolean): Promise<void> {
  const { session, db, reply, server } = ctx;
  return server.keyspace.blocking.block({
    session, db, keys, deadline,
    attempt: serve,
    timedOut: () => reply.nilArray(),
    unblockedWithError: () => reply.error(ERR_UNBLOCKED),
  });
}

/** Keys to look at on wake-up: the ready one when known, else all of them in order. */
function candidates(keys: readonly string[], readyKey: string | undefined): readonly string[] {
  return readyKey !== undefined && keys.includes(readyKey) ? [readyKey] : keys;
}

function replyKeyAndValue(reply: Reply, key: string, value: string): void {
  reply.array(2);
  reply.bulk(key);
  reply.bulk(value);
}

/** BLPOP/BRPOP key [key ...] timeout. */
function blockingPop(name: string, end: ListEnd, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -3, flags: 'write noscript blocking', keys: [1, -2, 1], keySpecs: [rangeKeys('RW access delete', 1, -2)],
    group: 'list', since: '2.0.0', complexity: 'O(N) in the keys given', summary,
    run(ctx) {
      const { argv, db, reply, server } = ctx;
      const deadline = parseTimeoutSeconds(argv[argv.length - 1]!, server.clock.now);
      if (typeof deadline === 'string') return reply.error(deadline);
      const keys = argv.slice(1, -1);
      const popName = end === 'left' ? 'LPOP' : 'RPOP';
      for (const key of keys) {
        const list = writeList(db, key, reply);
        if (list === null) return;
        if (list === undefined) continue;
        replyKeyAndValue(reply, key, popElements(db, key, list, end, 1)[0]!);
        // Logged as the non-blocking pop it amounted to, here and when served later.
        return propagateAs(ctx, [popName, key]);
      }
      if (ctx.denyBlocking) return reply.nilArray();
      return waitForLists(ctx, keys, deadline, (readyKey) => {
        for (const key of candidates(keys, readyKey)) {
          const list = db.get(key);
          if (!(list instanceof ListValue)) continue;
          replyKeyAndValue(reply, key, popElements(db, key, list, end, 1)[0]!);
          propagateUnit(server, db.index, [[popName, key]]);
          return true;
        }
        return false;
      });
    },
  });
}

export const blpop = blockingPop('blpop', 'left', 'Pops the first element of the first non-empty list among several keys, waiting for one if none has any.');
export const brpop = blockingPop('brpop', 'right', 'Pops the last element of the first non-empty list among several keys, waiting for one if none has any.');

/** BLMOVE and BRPOPLPUSH: LMOVE that waits for the source list. */
function blockingMove(ctx: CommandContext, from: ListEnd, to: ListEnd, timeoutText: string): void | Promise<void> {
  const { argv, db, reply, server, spec } = ctx;
  const deadline = parseTimeoutSeconds(timeoutText, server.clock.now);
  if (typeof deadline === 'string') return reply.error(deadline);
  const sourceKey = argv[1]!;
  const destinationKey = argv[2]!;
  const source = writeList(db, sourceKey, reply);
  if (source === null) return;
  if (source !== undefined) {
    moveElement(db, reply, sourceKey, source, destinationKey, from, to);
    // Logged as LMOVE / RPOPLPUSH with the arguments as sent; when served later, with the ends spelt out.
    return propagateAs(ctx, ctx.spec.name === 'brpoplpush' ? ['RPOPLPUSH', sourceKey, destinationKey] : ['LMOVE', ...argv.slice(1, 5)]);
  }
  // Unlike the other forms, a wait refused inside MULTI answers a null bulk string.
  if (ctx.denyBlocking) return reply.nil();
  return waitForLists(ctx, [sourceKey], deadline, () => {
    const list = db.get(sourceKey);
    if (!(list instanceof ListValue)) return false;
    // A destination that now holds another type answers WRONGTYPE and ends the wait.
    if (moveElement(db, reply, sourceKey, list, destinationKey, from, to)) {
      propagateUnit(server, db.index, [spec.name === 'brpoplpush' ? ['RPOPLPUSH', sourceKey, destinationKey] : ['LMOVE', sourceKey, destinationKey, from, to]]);
    }
    return true;
  });
}

export const blmove = defineCommand({
  name: 'blmove', arity: 6, flags: 'write denyoom noscript blocking', keys: [1, 2, 1], keySpecs: MOVE_KEY_SPECS,
  group: 'list', since: '6.2.0', complexity: 'O(1)',
  summary: 'Moves an element between lists like LMOVE, waiting for the source list if it is empty.',
  run(ctx) {
    const from = parseListEnd(ctx.argv[3]!);
    const to = parseListEnd(ctx.argv[4]!);
    if (from === undefined || to === undefined) return ctx.reply.error(ERR_SYNTAX);
    return blockingMove(ctx, from, to, ctx.argv[5]!);
  },
});

export const brpoplpush = defineCommand({
  name: 'brpoplpush', arity: 4, flags: 'write denyoom noscript blocking', keys: [1, 2, 1], keySpecs: MOVE_KEY_SPECS,
  group: 'list', since: '2.2.0', complexity: 'O(1)',
  summary: 'RPOPLPUSH that waits for the source list if it is empty (BLMOVE RIGHT LEFT).',
  run: (ctx) => blockingMove(ctx, 'right', 'left', ctx.argv[3]!),
});

export const blmpop = defineCommand({
  name: 'blmpop', arity: -5, flags: 'write blocking movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RW access delete', 2)],
  group: 'list', since: '7.0.0', complexity: 'O(N+M): N the keys given, M the elements popped',
  summary: 'LMPOP that waits for one of the lists if all are empty.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    // The timeout is read after the other arguments.
    const parsed = parseMpopArguments(argv, 2);
    if (typeof parsed === 'string') return reply.error(parsed);
    const deadline = parseTimeoutSeconds(argv[1]!, server.clock.now);
    if (typeof deadline === 'string') return reply.error(deadline);
    if (popFromFirstList(db, reply, parsed, (key, end, count) => propagateAs(ctx, poppedAsCommand(key, end, count)))) return;
    if (ctx.denyBlocking) return reply.nilArray();
    return waitForLists(ctx, parsed.keys, deadline, (readyKey) => {
      const from: MpopArguments = { ...parsed, keys: [...candidates(parsed.keys, readyKey)] };
      return popFromFirstReadyList(db, reply, from, (key, end, count) => propagateUnit(server, db.index, [poppedAsCommand(key, end, count)]));
    });
  },
});

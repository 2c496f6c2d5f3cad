// https://redis.io/commands/xread/ and https://redis.io/commands/xreadgroup/
import { notify, NOTIFY_STREAM } from '../../pubsub/notifications.js';
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, keywordKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_NOT_INTEGER, ERR_STREAM_GROUP_DESTROYED, ERR_STREAM_KEY_GONE, ERR_SYNTAX, ERR_UNBLOCKED, ERR_WRONGTYPE,
  ERR_XREADGROUP_DOLLAR, ERR_XREADGROUP_MISSING_GROUP, ERR_XREAD_GREATER_ID, ERR_XREAD_GROUP_OPTION,
  ERR_XREAD_NOACK_OPTION, ERR_XREAD_UNBALANCED, noKeyOrGroupInXreadgroup,
} from '../../core/errors.js';
import { parseTimeoutMilliseconds } from '../../core/timeout.js';
import type { ConsumerGroup } from '../../engine/types/stream-group.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { MAX_ID, MIN_ID, compareIds, isMaxId, nextId } from '../../engine/types/stream-id.js';
import type { StreamValue } from '../../engine/types/stream.js';
import { WRONG_TYPE, asStream, parseStrictIdOrReply } from './stream-common.js';
import { deliverHistory, deliverNew, readAfter, replyBatches, type StreamBatch } from './stream-delivery.js';
import { propagateAs, propagateUnit } from '../../core/propagation.js';
import { createConsumerAsCommand, setIdAsCommand, xclaimAsCommand } from './stream-propagation.js';

/** A blocked read without COUNT takes at most this many entries when it wakes up. */
const BLOCKED_DEFAULT_COUNT = 1000;

interface ReadArguments {
  group: { name: string; consumer: string } | undefined;
  noAck: boolean;
  /** 0: no limit. */
  count: number;
  /** Absolute deadline (0: forever), or undefined without BLOCK. */
  deadline: number | undefined;
  keys: string[];
  /** One per key; `>` is MAX_ID, `$` the stream's last ID at the time of the call. */
  ids: StreamId[];
}

/** Parses the options and the key/ID lists; returns undefined after replying an error. */
function parseReadArguments(ctx: CommandContext, groupRead: boolean): ReadArguments | undefined {
  const { argv, reply, db, server } = ctx;
  let deadline: number | undefined;
  let count = 0;
  let streamsAt = 0;
  let streamCount = 0;
  let noAck = false;
  let group: ReadArguments['group'];
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const option = argv[i]!;
    if (isKeyword(option, 'block') && more > 0) {
      const parsed = parseTimeoutMilliseconds(argv[++i]!, server.clock.now);
      if (typeof parsed === 'string') return void reply.error(parsed);
      deadline = parsed;
    } else if (isKeyword(option, 'count') && more > 0) {
      const value = parseInteger(argv[++i]!);
      if (value === null) return void reply.error(ERR_NOT_INTEGER);
      count = value < 0 ? 0 : value;
    } else if (isKeyword(option, 'streams') && more > 0) {
      streamsAt = i + 1;
      streamCount = argv.length - streamsAt;
      if (streamCount % 2 !== 0) return void reply.error(ERR_XREAD_UNBALANCED);
      streamCount /= 2;
      break;
    } else if (isKeyword(option, 'group') && more >= 2) {
      if (!groupRead) return void reply.error(ERR_XREAD_GROUP_OPTION);
      group = { name: argv[i + 1]!, consumer: argv[i + 2]! };
      i += 2;
    } else if (isKeyword(option, 'noack')) {
      if (!groupRead) return void reply.error(ERR_XREAD_NOACK_OPTION);
      noAck = true;
    } else {
      return void reply.error(ERR_SYNTAX);
    }
  }
  if (streamsAt === 0) return void reply.error(ERR_SYNTAX);
  if (groupRead && group === undefined) return void reply.error(ERR_XREADGROUP_MISSING_GROUP);

  const keys = argv.slice(streamsAt, streamsAt + streamCount);
  const ids: StreamId[] = [];
  for (let k = 0; k < streamCount; k++) {
    const key = keys[k]!;
    const stream = asStream(db.read(key));
    if (stream === WRONG_TYPE) return void reply.error(ERR_WRONGTYPE);
    if (group !== undefined && (stream === undefined || !stream.groups.has(group.name))) {
      return void reply.error(noKeyOrGroupInXreadgroup(key, group.name));
    }
    const text = argv[streamsAt + streamCount + k]!;
    // Compared as C strings: a NUL byte ends the argument.
    const word = text.split('\0', 1)[0];
    if (word === '$') {
      if (groupRead) return void reply.error(ERR_XREADGROUP_DOLLAR);
      ids.push(stream?.lastId ?? MIN_ID);
    } else if (word === '>') {
      if (!groupRead) return void reply.error(ERR_XREAD_GREATER_ID);
      ids.push(MAX_ID);
    } else {
      const id = parseStrictIdOrReply(reply, text);
      if (id === null) return undefined;
      ids.push({ ms: id.ms, seq: id.seq });
    }
  }
  return { group, noAck, count, deadline, keys, ids };
}

/** Reads one stream for a group: new entries for `>`, else the consumer's own history. */
function readForGroup(ctx: CommandContext, args: ReadArguments, stream: StreamValue, group: ConsumerGroup, after: StreamId, history: boolean, key: string, logged?: string[][]): StreamBatch['entries'] {
  const now = ctx.server.clock.now;
  const consumerName = args.group!.consumer;
  const created = !group.consumers.has(consumerName);
  const consumer = group.consumer(consumerName, now);
  if (created) notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', key);
  consumer.seenTime = now;
  ctx.server.keyspace.dirty++;
  if (history) return deliverHistory(stream, consumer, nextId(after), args.count, now);
  const entries = deliverNew(stream, group, consumer, after, args.count, args.noAck, now);
  if (logged !== undefined && entries.length !== 0) {
    // New deliveries are logged as their effect on the group: XCLAIMs, or with NOACK the group's new last ID.
    const groupName = args.group!.name;
    if (args.noAck) {
      if (created) logged.push(createConsumerAsCommand(key, groupName, consumerName));
      logged.push(setIdAsCommand(key, groupName, group));
    } else {
      for (const entry of entries) {
        const id = { ms: entry.ms, seq: entry.seq };
        logged.push(xclaimAsCommand(key, groupName, { lastId: id } as ConsumerGroup, consumerName, { id, deliveryTime: now, deliveryCount: 1 }));
      }
    }
  }
  return entries;
}

/** Serves what can be served now, as Redis does before considering to block. */
function readNow(ctx: CommandContext, args: ReadArguments, logged?: string[][]): StreamBatch[] {
  const batches: StreamBatch[] = [];
  args.keys.forEach((key, k) => {
    const stream = asStream(ctx.db.get(key));
    if (stream === undefined || stream === WRONG_TYPE) return;
    const after = args.ids[k]!;
    if (args.group !== undefined) {
      const group = stream.groups.get(args.group.name)!;
      if (!isMaxId(after)) {
        batches.push({ key, entries: readForGroup(ctx, args, stream, group, after, true, key) });
        return;
      }
      const last = stream.length === 0 ? undefined : stream.lastEntryId();
      if (last === undefined || compareIds(last, group.lastId) <= 0) return;
      batches.push({ key, entries: readForGroup(ctx, args, stream, group, group.lastId, false, key, logged) });
      return;
    }
    const last = stream.length === 0 ? undefined : stream.lastEntryId();
    if (last === undefined || compareIds(last, after) <= 0) return;
    batches.push({ key, entries: readAfter(stream, after, args.count) });
  });
  return batches;
}

/**
 * A blocked reader's second chance once one of its keys was written: the first key with news
 * answers (a group reader learns instead that its stream or group is gone).
 */
function attemptBlocked(ctx: CommandContext, args: ReadArguments): boolean {
  const { reply, db } = ctx;
  for (let k = 0; k < args.keys.length; k++) {
    const key = args.keys[k]!;
    const stream = asStream(db.get(key));
    let after = args.ids[k]!;
    let group: ConsumerGroup | undefined;
    if (args.group !== undefined) {
      if (stream === undefined || stream === WRONG_TYPE) {
        reply.error(ERR_STREAM_KEY_GONE);
        return true;
      }
      group = stream.groups.get(args.group.name);
      if (group === undefined) {
        reply.error(ERR_STREAM_GROUP_DESTROYED);
        return true;
      }
      after = group.lastId;
    } else if (stream === undefined || stream === WRONG_TYPE) {
      continue;
    }
    // Redis compares with the last ID ever generated, deleted or not.
    if (compareIds(stream.lastId, after) <= 0) continue;
    const logged: string[][] | undefined = ctx.server.propagation === undefined ? undefined : [];
    const entries = group === undefined
      ? readAfter(stream, after, args.count)
      : readForGroup(ctx, args, stream, group, after, false, key, logged);
    replyBatches(reply, [{ key, entries }]);
    if (logged !== undefined && logged.length !== 0) propagateUnit(ctx.server, db.index, logged);
    return true;
  }
  return false;
}

function runRead(ctx: CommandContext, groupRead: boolean): void | Promise<void> {
  const args = parseReadArguments(ctx, groupRead);
  if (args === undefined) return;
  const { reply, server, session, db } = ctx;
  const logged: string[][] | undefined = groupRead && server.propagation !== undefined ? [] : undefined;
  const batches = readNow(ctx, args, logged);
  // XREADGROUP is never logged as itself: only what its deliveries did.
  if (logged !== undefined) propagateAs(ctx, ...logged);
  if (batches.length !== 0) return replyBatches(reply, batches);
  if (args.deadline === undefined || ctx.denyBlocking) return reply.nilArray();
  if (args.count === 0) args.count = BLOCKED_DEFAULT_COUNT;
  // The handler's context outlives the call: the waiter answers through it later.
  const waiting: CommandContext = { ...ctx };
  return server.keyspace.blocking.block({
    session,
    db,
    keys: [...new Set(args.keys)],
    deadline: args.deadline,
    attempt: () => attemptBlocked(waiting, args),
    timedOut: () => reply.nilArray(),
    unblockedWithError: () => reply.error(ERR_UNBLOCKED),
  });
}

const STREAM_KEYS_SPEC = (flags: string, startFrom: number) => keywordKeys(flags, 'STREAMS', startFrom, -1, 1, 2);

export const xread: CommandDeclaration = defineCommand({
  name: 'xread', arity: -4, flags: 'readonly blocking movablekeys', keys: [0, 0, 0],
  keySpecs: [STREAM_KEYS_SPEC('RO access', 1)], group: 'stream', since: '5.0.0',
  complexity: 'O(log N + M) per stream, M being the entries returned',
  summary: 'Reads entries after given IDs from one or more streams, optionally waiting for new ones.',
  run: (ctx) => runRead(ctx, false),
});

export const xreadgroup: CommandDeclaration = defineCommand({
  name: 'xreadgroup', arity: -7, flags: 'write blocking movablekeys', keys: [0, 0, 0],
  keySpecs: [STREAM_KEYS_SPEC('RO access', 4)], group: 'stream', since: '5.0.0',
  complexity: 'O(log N + M) per stream, M being the entries returned',
  summary: 'Reads entries from streams as a consumer of a group, recording them as pending; can wait for new ones.',
  run: (ctx) => runRead(ctx, true),
});

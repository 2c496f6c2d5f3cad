// https://redis.io/commands/xinfo/
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, noGroupForKey, unknownSubcommandOrArity } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { replyHelp } from '../server/help-reply.js';
import { UNKNOWN_ENTRIES_READ, type ConsumerGroup } from '../../engine/types/stream-group.js';
import { MAX_ID, MIN_ID } from '../../engine/types/stream-id.js';
import type { PendingEntry, PendingList } from '../../engine/types/stream-pending.js';
import type { StreamValue } from '../../engine/types/stream.js';
import { WRONG_TYPE, readStream, replyEntry, replyRange, replyStreamId } from './stream-common.js';

/** XINFO STREAM FULL lists this many entries (and pending entries per list) unless COUNT says otherwise. */
const FULL_DEFAULT_COUNT = 10;

/** The stream at argv[2]; replies "no such key" or WRONGTYPE and returns undefined otherwise. */
function existingStream(ctx: CommandContext): StreamValue | undefined {
  const stream = readStream(ctx.db, ctx.argv[2]!, ctx.reply);
  if (stream === WRONG_TYPE) return undefined;
  if (stream === undefined) ctx.reply.error(ERR_NO_SUCH_KEY);
  return stream;
}

function replyOptionalInt(reply: Reply, value: number | bigint | undefined): void {
  if (value === undefined) reply.nil();
  else reply.int(value);
}

function replyEntriesRead(reply: Reply, group: ConsumerGroup): void {
  replyOptionalInt(reply, group.entriesRead === UNKNOWN_ENTRIES_READ ? undefined : group.entriesRead);
}

/** The first or last entry, or nil. */
function replyEdgeEntry(reply: Reply, stream: StreamValue, last: boolean): void {
  let found = false;
  stream.forEachInRange(MIN_ID, MAX_ID, last, (ms, seq, pairs) => {
    replyEntry(reply, ms, seq, pairs);
    found = true;
    return false;
  });
  if (!found) reply.nil();
}

function replyStreamHeader(reply: Reply, stream: StreamValue, pairs: number): void {
  reply.map(pairs);
  reply.bulk('length');
  reply.int(stream.length);
  reply.bulk('radix-tree-keys');
  reply.int(stream.radixTreeKeys);
  reply.bulk('radix-tree-nodes');
  reply.int(stream.radixTreeNodes());
  reply.bulk('last-generated-id');
  replyStreamId(reply, stream.lastId);
  reply.bulk('max-deleted-entry-id');
  replyStreamId(reply, stream.maxDeletedId);
  reply.bulk('entries-added');
  reply.int(stream.entriesAdded);
  reply.bulk('recorded-first-entry-id');
  replyStreamId(reply, stream.firstId);
}

/** Up to `count` (0: all) pending entries of a list, each an array of `fields` written by `write`. */
function replyPendingList(reply: Reply, list: PendingList, count: number, fields: number, write: (entry: PendingEntry) => void): void {
  const total = count === 0 ? list.size : Math.min(count, list.size);
  reply.array(total);
  let written = 0;
  for (const entry of list) {
    if (written === total) break;
    reply.array(fields);
    write(entry);
    written++;
  }
}

function replyFullGroups(reply: Reply, stream: StreamValue, count: number): void {
  const groups = stream.sortedGroups();
  reply.array(groups.length);
  for (const group of groups) {
    reply.map(7);
    reply.bulk('name');
    reply.bulk(group.name);
    reply.bulk('last-delivered-id');
    replyStreamId(reply, group.lastId);
    reply.bulk('entries-read');
    replyEntriesRead(reply, group);
    reply.bulk('lag');
    replyOptionalInt(reply, stream.groupLag(group));
    reply.bulk('pel-count');
    reply.int(group.pending.size);
    reply.bulk('pending');
    replyPendingList(reply, group.pending, count, 4, (entry) => {
      replyStreamId(reply, entry.id);
      reply.bulk(entry.consumer?.name ?? '');
      reply.int(entry.deliveryTime);
      reply.int(entry.deliveryCount);
    });
    const consumers = group.sortedConsumers();
    reply.bulk('consumers');
    reply.array(consumers.length);
    for (const consumer of consumers) {
      reply.map(4);
      reply.bulk('name');
      reply.bulk(consumer.name);
      reply.bulk('seen-time');
      reply.int(consumer.seenTime);
      reply.bulk('pel-count');
      reply.int(consumer.pending.size);
      reply.bulk('pending');
      replyPendingList(reply, consumer.pending, count, 3, (entry) => {
        replyStreamId(reply, entry.id);
        reply.int(entry.deliveryTime);
        reply.int(entry.deliveryCount);
      });
    }
  }
}

const stream: CommandDeclaration = {
  name: 'stream', arity: -3, flags: 'readonly', keys: [2, 2, 1], keySpecs: [rangeKeys('RO access', 2)],
  group: 'stream', since: '5.0.0', summary: "Describes a stream: its counters, first and last entries, or everything with FULL.",
  run(ctx) {
    const { argv, reply } = ctx;
    const value = existingStream(ctx);
    if (value === undefined) return;
    const syntaxError = () => reply.error(unknownSubcommandOrArity(argv[1]!, argv[0]!));
    if (argv.length === 3) {
      replyStreamHeader(reply, value, 10);
      reply.bulk('groups');
      reply.int(value.groups.size);
      reply.bulk('first-entry');
      replyEdgeEntry(reply, value, false);
      reply.bulk('last-entry');
      replyEdgeEntry(reply, value, true);
      return;
    }
    if ((argv.length !== 4 && argv.length !== 6) || !isKeyword(argv[3]!, 'full')) return syntaxError();
    let count = FULL_DEFAULT_COUNT;
    if (argv.length === 6) {
      if (!isKeyword(argv[4]!, 'count')) return syntaxError();
      const parsed = parseInteger(argv[5]!);
      if (parsed === null) return reply.error(ERR_NOT_INTEGER);
      count = parsed < 0 ? FULL_DEFAULT_COUNT : parsed;
    }
    replyStreamHeader(reply, value, 9);
    reply.bulk('entries');
    replyRange(reply, value, MIN_ID, MAX_ID, count, false);
    reply.bulk('groups');
    replyFullGroups(reply, value, count);
  },
};

const groups: CommandDeclaration = {
  name: 'groups', arity: 3, flags: 'readonly', keys: [2, 2, 1], keySpecs: [rangeKeys('RO access', 2)],
  group: 'stream', since: '5.0.0', summary: 'Lists the consumer groups of a stream with their progress.',
  run(ctx) {
    const { reply } = ctx;
    const value = existingStream(ctx);
    if (value === undefined) return;
    const list = value.sortedGroups();
    reply.array(list.length);
    for (const group of list) {
      reply.map(6);
      reply.bulk('name');
      reply.bulk(group.name);
      reply.bulk('consumers');
      reply.int(group.consumers.size);
      reply.bulk('pending');
      reply.int(group.pending.size);
      reply.bulk('last-delivered-id');
      replyStreamId(reply, group.lastId);
      reply.bulk('entries-read');
      replyEntriesRead(reply, group);
      reply.bulk('lag');
      replyOptionalInt(reply, value.groupLag(group));
    }
  },
};

const consumers: CommandDeclaration = {
  name: 'consumers', arity: 4, flags: 'readonly', keys: [2, 2, 1], keySpecs: [rangeKeys('RO access', 2)],
  tips: 'nondeterministic_output', group: 'stream', since: '5.0.0',
  summary: 'Lists the consumers of a group with their pending counts and idle times.',
  run(ctx) {
    const { argv, reply, server } = ctx;
    const value = existingStream(ctx);
    if (value === undefined) return;
    const group = value.groups.get(argv[3]!);
    if (group === undefined) return reply.error(noGroupForKey(argv[3]!, argv[2]!));
    const now = server.clock.now;
    const list = group.sortedConsumers();
    reply.array(list.length);
    for (const consumer of list) {
      reply.map(3);
      reply.bulk('name');
      reply.bulk(consumer.name);
      reply.bulk('pending');
      reply.int(consumer.pending.size);
      reply.bulk('idle');
      reply.int(Math.max(0, now - consumer.seenTime));
    }
  },
};

const HELP_LINES = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <group>',
  '    The consumers of <group>: name, pending entries, idle milliseconds.',
  'GROUPS <key>',
  '    The consumer groups of the stream at <key>.',
  'STREAM <key> [FULL [COUNT <count>]]',
  '    The stream at <key>; FULL adds its entries and groups (COUNT of each, 10 by default, 0 for all).',
  'HELP',
  '    This text.',
];

export const xinfo = defineCommand({
  name: 'xinfo', arity: -2, acl: '-group', group: 'stream', since: '5.0.0',
  summary: 'Describes streams, their consumer groups and consumers.',
  subcommands: [
    stream, groups, consumers,
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'stream', since: '5.0.0',
      summary: 'Lists the XINFO subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    },
  ],
});

// https://redis.io/commands/xgroup/
import { isKeyword, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_BUSYGROUP, ERR_NOT_INTEGER, ERR_XGROUP_ENTRIES_READ, ERR_XGROUP_NO_KEY, noGroupForKey, unknownSubcommandOrArity,
} from '../../core/errors.js';
import { replyHelp } from '../server/help-reply.js';
import { ConsumerGroup, UNKNOWN_ENTRIES_READ } from '../../engine/types/stream-group.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { MIN_ID } from '../../engine/types/stream-id.js';
import type { Int64 } from '../../engine/types/stream-pending.js';
import { StreamValue } from '../../engine/types/stream.js';
import { WRONG_TYPE, parseIdOrReply, writeStream } from './stream-common.js';
import { notify, NOTIFY_STREAM } from '../../pubsub/notifications.js';

interface GroupTarget {
  stream: StreamValue | undefined;
  group: ConsumerGroup | undefined;
  makeStream: boolean;
  entriesRead: Int64;
}

/**
 * What every subcommand but HELP does first, in Redis's order: CREATE/SETID options, the key
 * (which must exist unless MKSTREAM), then the group for the subcommands that need one.
 * Returns undefined after replying an error.
 */
function resolveTarget(ctx: CommandContext, needsGroup: boolean, options: 'create' | 'setid' | 'none'): GroupTarget | undefined {
  const { argv, db, reply } = ctx;
  let makeStream = false;
  let entriesRead: Int64 = UNKNOWN_ENTRIES_READ;
  if (options !== 'none') {
    for (let i = 5; i < argv.length;) {
      if (options === 'create' && isKeyword(argv[i]!, 'mkstream')) {
        makeStream = true;
        i++;
      } else if (isKeyword(argv[i]!, 'entriesread') && i + 1 < argv.length) {
        const value = parseInteger(argv[i + 1]!);
        if (value === null) return void reply.error(ERR_NOT_INTEGER);
        if (value < 0 && value !== UNKNOWN_ENTRIES_READ) return void reply.error(ERR_XGROUP_ENTRIES_READ);
        entriesRead = value > Number.MAX_SAFE_INTEGER ? BigInt(argv[i + 1]!) : value;
        i += 2;
      } else {
        return void reply.error(unknownSubcommandOrArity(argv[1]!, argv[0]!));
      }
    }
  }
  const stream = writeStream(db, argv[2]!, reply);
  if (stream === WRONG_TYPE) return undefined;
  if (stream === undefined && !makeStream) return void reply.error(ERR_XGROUP_NO_KEY);
  const group = stream?.groups.get(argv[3]!);
  if (needsGroup && group === undefined) return void reply.error(noGroupForKey(argv[3]!, argv[2]!));
  return { stream, group, makeStream, entriesRead };
}

/** The `$` or ID argument of CREATE and SETID. */
function groupStartId(ctx: CommandContext, stream: StreamValue | undefined, strict: boolean): StreamId | undefined {
  const text = ctx.argv[4]!;
  if (text.split('\0', 1)[0] === '$') return stream?.lastId ?? MIN_ID;
  const id = parseIdOrReply(ctx.reply, text, { strict });
  return id === null ? undefined : { ms: id.ms, seq: id.seq };
}

const create: CommandDeclaration = {
  name: 'create', arity: -5, flags: 'write denyoom', keys: [2, 2, 1], keySpecs: [rangeKeys('RW insert', 2)],
  group: 'stream', since: '5.0.0', summary: 'Creates a consumer group on a stream, starting after an ID or at the end ($).',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const target = resolveTarget(ctx, false, 'create');
    if (target === undefined) return;
    if (argv.length > 8) return reply.error(unknownSubcommandOrArity(argv[1]!, argv[0]!));
    const id = groupStartId(ctx, target.stream, true);
    if (id === undefined) return;
    let stream = target.stream;
    if (stream === undefined) {
      stream = new StreamValue();
      db.set(argv[2]!, stream);
      db.modified(argv[2]!, 0);
    }
    if (stream.groups.has(argv[3]!)) return reply.error(ERR_BUSYGROUP);
    stream.groups.set(argv[3]!, new ConsumerGroup(argv[3]!, id, target.entriesRead));
    server.keyspace.dirty++;
    notify(ctx, NOTIFY_STREAM, 'xgroup-create', argv[2]!);
    reply.ok();
  },
};

const setid: CommandDeclaration = {
  name: 'setid', arity: -5, flags: 'write', keys: [2, 2, 1], keySpecs: [rangeKeys('RW update', 2)],
  group: 'stream', since: '5.0.0', summary: "Moves a consumer group's last delivered ID (and entries-read counter).",
  run(ctx) {
    const { argv, reply, server } = ctx;
    const target = resolveTarget(ctx, true, 'setid');
    if (target === undefined) return;
    if (argv.length !== 5 && argv.length !== 7) return reply.error(unknownSubcommandOrArity(argv[1]!, argv[0]!));
    const id = groupStartId(ctx, target.stream, false);
    if (id === undefined) return;
    target.group!.lastId = id;
    target.group!.entriesRead = target.entriesRead;
    server.keyspace.dirty++;
    notify(ctx, NOTIFY_STREAM, 'xgroup-setid', ctx.argv[2]!);
    reply.ok();
  },
};

const destroy: CommandDeclaration = {
  name: 'destroy', arity: 4, flags: 'write', keys: [2, 2, 1], keySpecs: [rangeKeys('RW delete', 2)],
  group: 'stream', since: '5.0.0', summary: 'Deletes a consumer group with its consumers and pending entries.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    const target = resolveTarget(ctx, false, 'none');
    if (target === undefined) return;
    if (target.group === undefined) return reply.int(0);
    target.stream!.groups.delete(argv[3]!);
    server.keyspace.dirty++;
    // Consumers blocked on the group learn that it is gone.
    db.signalReady(argv[2]!);
    notify(ctx, NOTIFY_STREAM, 'xgroup-destroy', ctx.argv[2]!);
    reply.int(1);
  },
};

const createconsumer: CommandDeclaration = {
  name: 'createconsumer', arity: 5, flags: 'write denyoom', keys: [2, 2, 1], keySpecs: [rangeKeys('RW insert', 2)],
  group: 'stream', since: '6.2.0', summary: 'Adds a consumer to a consumer group unless it is there already.',
  run(ctx) {
    const { argv, reply, server } = ctx;
    const target = resolveTarget(ctx, true, 'none');
    if (target === undefined) return;
    const group = target.group!;
    if (group.consumers.has(argv[4]!)) return reply.int(0);
    group.consumer(argv[4]!, server.clock.now);
    server.keyspace.dirty++;
    notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', ctx.argv[2]!);
    reply.int(1);
  },
};

const delconsumer: CommandDeclaration = {
  name: 'delconsumer', arity: 5, flags: 'write', keys: [2, 2, 1], keySpecs: [rangeKeys('RW delete', 2)],
  group: 'stream', since: '5.0.0', summary: 'Removes a consumer from a group and returns how many entries it had pending.',
  run(ctx) {
    const { argv, reply, server } = ctx;
    const target = resolveTarget(ctx, true, 'none');
    if (target === undefined) return;
    const existed = target.group!.consumers.has(argv[4]!);
    const pending = target.group!.deleteConsumer(argv[4]!);
    server.keyspace.dirty++;
    reply.int(pending);
    if (existed) notify(ctx, NOTIFY_STREAM, 'xgroup-delconsumer', argv[2]!);
  },
};

const HELP_LINES = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <group> <id|$> [MKSTREAM] [ENTRIESREAD <n>]',
  '    Creates group <group> reading <key> after <id> ($: its last entry); MKSTREAM creates an empty stream.',
  'CREATECONSUMER <key> <group> <consumer>',
  '    Adds <consumer> to <group>.',
  'DELCONSUMER <key> <group> <consumer>',
  '    Removes <consumer> and its pending entries from <group>.',
  'DESTROY <key> <group>',
  '    Deletes <group>.',
  'SETID <key> <group> <id|$> [ENTRIESREAD <n>]',
  "    Moves <group>'s last delivered ID.",
  'HELP',
  '    This text.',
];

export const xgroup = defineCommand({
  name: 'xgroup', arity: -2, acl: '-group', group: 'stream', since: '5.0.0',
  summary: 'Manages the consumer groups of a stream.',
  subcommands: [
    create, setid, destroy, createconsumer, delconsumer,
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'stream', since: '5.0.0',
      summary: 'Lists the XGROUP subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    },
  ],
});

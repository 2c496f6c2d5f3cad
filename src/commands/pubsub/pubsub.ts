import { defineCommand, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { unknownSubcommandOrArity } from '../../core/errors.js';
import { replyBulkArray } from '../../core/reply.js';
import { replyHelp } from '../server/help-reply.js';

const introspection = (decl: Omit<CommandDeclaration, 'group' | 'flags'>): CommandDeclaration => ({
  group: 'pubsub',
  flags: 'pubsub loading stale',
  ...decl,
});

/** CHANNELS and SHARDCHANNELS take at most one pattern (their arity only says "at least"). */
function listChannels(ctx: CommandContext, list: (pattern?: string) => string[]): void {
  const { argv, reply } = ctx;
  if (argv.length > 3) return reply.error(unknownSubcommandOrArity(argv[1]!, argv[0]!));
  replyBulkArray(reply, list(argv[2]));
}

/** `channel, count` pairs in a flat array, in both protocols. */
function countSubscribers(ctx: CommandContext, count: (channel: string) => number): void {
  const { argv, reply } = ctx;
  reply.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    reply.bulk(argv[i]!);
    reply.int(count(argv[i]!));
  }
}

export const pubsub = defineCommand({
  name: 'pubsub', arity: -2, group: 'pubsub', since: '2.8.0', acl: '-group',
  summary: 'Inspects the pub/sub state: active channels, subscriber and pattern counts.',
  subcommands: [
    introspection({
      name: 'channels', arity: -2, since: '2.8.0',
      summary: 'Lists the channels that have subscribers, optionally those matching a pattern.',
      run: (ctx) => listChannels(ctx, (pattern) => ctx.server.pubsub.activeChannels(pattern)),
    }),
    introspection({
      name: 'numsub', arity: -2, since: '2.8.0',
      summary: 'Counts the subscribers of each channel given (pattern subscribers not included).',
      run: (ctx) => countSubscribers(ctx, (channel) => ctx.server.pubsub.numsub(channel)),
    }),
    introspection({
      name: 'numpat', arity: 2, since: '2.8.0',
      summary: 'Counts the distinct patterns clients are subscribed to.',
      run: ({ server, reply }) => reply.int(server.pubsub.patternCount),
    }),
    introspection({
      name: 'shardchannels', arity: -2, since: '7.0.0',
      summary: 'Lists the shard channels that have subscribers, optionally those matching a pattern.',
      run: (ctx) => listChannels(ctx, (pattern) => ctx.server.pubsub.activeShardChannels(pattern)),
    }),
    introspection({
      name: 'shardnumsub', arity: -2, since: '7.0.0',
      summary: 'Counts the subscribers of each shard channel given.',
      run: (ctx) => countSubscribers(ctx, (channel) => ctx.server.pubsub.shardNumsub(channel)),
    }),
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'pubsub', since: '6.2.0', acl: '-group',
      summary: 'Lists the PUBSUB subcommands.',
      run({ reply }) {
        replyHelp(reply, [
          'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
          'CHANNELS [<pattern>]', '    Channels with at least one subscriber, all or those matching <pattern>.',
          'NUMPAT', '    How many distinct patterns are subscribed to.',
          'NUMSUB [<channel> ...]', '    Subscriber count of each channel, pattern subscribers not included.',
          'SHARDCHANNELS [<pattern>]', '    Shard channels with at least one subscriber, all or those matching <pattern>.',
          'SHARDNUMSUB [<shardchannel> ...]', '    Subscriber count of each shard channel.',
          'HELP', '    This text.',
        ]);
      },
    },
  ],
});

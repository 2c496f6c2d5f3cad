// https://redis.io/commands/command/
import { defineCommand, type CommandDeclaration, type CommandSpec } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_COMMAND_ARITY, ERR_COMMAND_INVALID_ARGS, ERR_COMMAND_NO_KEYS, ERR_INVALID_COMMAND, ERR_SYNTAX,
} from '../../core/errors.js';
import { globMatch } from '../../core/glob.js';
import { orderedKeyFlags, writeCommandDocs, writeCommandInfo } from './command-entries.js';
import { findKeys, hasKeyArguments } from './command-keys.js';
import { lookupByArgv } from './command-lookup.js';
import { replyHelp } from './help-reply.js';

const HELP_LINES = [
  'COMMAND [<subcommand> [<arg> ...]]. Without a subcommand: every command\'s details. Subcommands:',
  'COUNT',
  '    How many commands this server has (subcommands not counted).',
  'LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <glob>)]',
  '    Names of the commands and subcommands, optionally filtered.',
  'INFO [<command-name> ...]',
  '    Arity, flags, key positions, ACL categories, tips, key specs and subcommands of the named',
  '    commands (all of them without names); nil for names that are not commands.',
  'DOCS [<command-name> ...]',
  '    Summary, version, group and complexity of the named commands (all of them without names).',
  'GETKEYS <command> [<arg> ...]',
  '    The keys a whole command line would access.',
  'GETKEYSANDFLAGS <command> [<arg> ...]',
  '    The same keys, each with its access flags.',
  'HELP',
  '    This text.',
];

/** Fields every COMMAND subcommand shares with the container (Redis puts them all in @connection). */
const sub = (decl: Omit<CommandDeclaration, 'flags' | 'acl' | 'group'>): CommandDeclaration => ({
  flags: 'loading stale', acl: 'connection', group: 'server', ...decl,
});

function replyAllInfo(ctx: CommandContext): void {
  const commands = ctx.server.commands.all();
  ctx.reply.array(commands.length);
  for (const spec of commands) writeCommandInfo(ctx.reply, spec);
}

function listFilter(ctx: CommandContext): ((spec: CommandSpec) => boolean) | undefined | 'syntax' {
  const { argv } = ctx;
  if (argv.length === 2) return undefined;
  if (argv.length !== 5 || argv[2]!.toLowerCase() !== 'filterby') return 'syntax';
  const value = argv[4]!;
  switch (argv[3]!.toLowerCase()) {
    case 'module':
      // Restis has no modules: no command comes from one.
      return () => false;
    case 'aclcat': {
      const category = value.toLowerCase();
      return (spec) => (spec.aclCategories as readonly string[]).includes(category);
    }
    case 'pattern':
      return (spec) => globMatch(value, spec.fullName, true);
    default:
      return 'syntax';
  }
}

function getKeys(ctx: CommandContext, withFlags: boolean): void {
  const { argv, server, reply } = ctx;
  const line = argv.slice(2);
  const command = lookupByArgv(server.commands, line);
  if (command === undefined) return reply.error(ERR_INVALID_COMMAND);
  if (!hasKeyArguments(command)) return reply.error(ERR_COMMAND_NO_KEYS);
  const arity = command.arity;
  if ((arity > 0 && arity !== line.length) || line.length < -arity) return reply.error(ERR_COMMAND_ARITY);
  const keys = findKeys(command, line);
  if (keys.length === 0) {
    if (command.flags.has('no_mandatory_keys')) return reply.array(0);
    return reply.error(ERR_COMMAND_INVALID_ARGS);
  }
  reply.array(keys.length);
  for (const key of keys) {
    if (!withFlags) {
      reply.bulk(line[key.position]!);
      continue;
    }
    reply.array(2);
    reply.bulk(line[key.position]!);
    const flags = orderedKeyFlags(key.flags);
    reply.set(flags.length);
    for (const flag of flags) reply.simple(flag);
  }
}

export const command = defineCommand({
  name: 'command', arity: -1, flags: 'loading stale', acl: 'connection', tips: 'nondeterministic_output_order',
  group: 'server', since: '2.8.13', complexity: 'O(N) for N commands',
  summary: 'Describes every command the server knows.',
  run: replyAllInfo,
  subcommands: [
    sub({
      name: 'count', arity: 2, since: '2.8.13', complexity: 'O(1)',
      summary: 'Returns how many commands the server knows.',
      run: ({ server, reply }) => reply.int(server.commands.size),
    }),
    sub({
      name: 'list', arity: -2, tips: 'nondeterministic_output_order', since: '7.0.0',
      complexity: 'O(N) for N commands',
      summary: 'Lists the names of the commands and subcommands, optionally filtered.',
      run(ctx) {
        const filter = listFilter(ctx);
        if (filter === 'syntax') return ctx.reply.error(ERR_SYNTAX);
        const names: string[] = [];
        for (const spec of ctx.server.commands.allWithSubcommands()) {
          if (filter === undefined || filter(spec)) names.push(spec.fullName);
        }
        ctx.reply.array(names.length);
        for (const name of names) ctx.reply.bulk(name);
      },
    }),
    sub({
      name: 'info', arity: -2, tips: 'nondeterministic_output_order', since: '2.8.13',
      complexity: 'O(N) for N names',
      summary: 'Describes the named commands: arity, flags, keys, ACL categories, tips, key specs.',
      run(ctx) {
        const { argv, server, reply } = ctx;
        if (argv.length === 2) return replyAllInfo(ctx);
        reply.array(argv.length - 2);
        for (const name of argv.slice(2)) {
          const spec = server.commands.lookupFullName(name);
          if (spec === undefined) reply.nil();
          else writeCommandInfo(reply, spec);
        }
      },
    }),
    sub({
      name: 'docs', arity: -2, tips: 'nondeterministic_output_order', since: '7.0.0',
      complexity: 'O(N) for N names',
      summary: 'Documents the named commands: summary, version, group, complexity.',
      run({ argv, server, reply }) {
        const specs = argv.length === 2
          ? server.commands.all()
          : argv.slice(2).map((name) => server.commands.lookupFullName(name)).filter((spec) => spec !== undefined);
        reply.map(specs.length);
        for (const spec of specs) {
          reply.bulk(spec.fullName);
          writeCommandDocs(reply, spec);
        }
      },
    }),
    sub({
      name: 'getkeys', arity: -4, since: '2.8.13', complexity: 'O(N) for N arguments',
      summary: 'Extracts the key names from a whole command line.',
      run: (ctx) => getKeys(ctx, false),
    }),
    sub({
      name: 'getkeysandflags', arity: -4, since: '7.0.0', complexity: 'O(N) for N arguments',
      summary: 'Extracts the key names and their access flags from a whole command line.',
      run: (ctx) => getKeys(ctx, true),
    }),
    sub({
      name: 'help', arity: 2, since: '5.0.0', complexity: 'O(1)',
      summary: 'Lists the COMMAND subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    }),
  ],
});

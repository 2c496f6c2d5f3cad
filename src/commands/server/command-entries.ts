import type { CommandGroup, CommandSpec, KeySpec } from '../../core/command.js';
import type { Reply } from '../../core/reply.js';

/** Key spec flags in the order Redis prints them. */
export const KEY_SPEC_FLAG_ORDER = [
  'RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags',
] as const;

export function orderedKeyFlags(flags: readonly string[]): string[] {
  return KEY_SPEC_FLAG_ORDER.filter((flag) => flags.includes(flag));
}

/** Group names as COMMAND DOCS spells them. */
const GROUP_NAMES: Partial<Record<CommandGroup, string>> = { sorted_set: 'sorted-set' };

function writeFlagSet(reply: Reply, flags: readonly string[]): void {
  reply.set(flags.length);
  for (const flag of flags) reply.simple(flag);
}

/** Key specs may carry Redis's explanatory notes once the declarations have them. */
type KeySpecWithNotes = KeySpec & { notes?: string };

function writeKeySpec(reply: Reply, spec: KeySpecWithNotes): void {
  reply.map(spec.notes === undefined ? 3 : 4);
  if (spec.notes !== undefined) {
    reply.bulk('notes');
    reply.bulk(spec.notes);
  }
  reply.bulk('flags');
  writeFlagSet(reply, orderedKeyFlags(spec.flags));

  reply.bulk('begin_search');
  reply.map(2);
  reply.bulk('type');
  const begin = spec.begin;
  if (begin === 'unknown') {
    reply.bulk('unknown');
    reply.bulk('spec');
    reply.map(0);
  } else if ('index' in begin) {
    reply.bulk('index');
    reply.bulk('spec');
    reply.map(1);
    reply.bulk('index');
    reply.int(begin.index);
  } else {
    reply.bulk('keyword');
    reply.bulk('spec');
    reply.map(2);
    reply.bulk('keyword');
    reply.bulk(begin.keyword);
    reply.bulk('startfrom');
    reply.int(begin.startFrom);
  }

  reply.bulk('find_keys');
  reply.map(2);
  reply.bulk('type');
  const find = spec.find;
  if (find === 'unknown') {
    reply.bulk('unknown');
    reply.bulk('spec');
    reply.map(0);
  } else if ('lastKey' in find) {
    reply.bulk('range');
    reply.bulk('spec');
    reply.map(3);
    reply.bulk('lastkey');
    reply.int(find.lastKey);
    reply.bulk('keystep');
    reply.int(find.step);
    reply.bulk('limit');
    reply.int(find.limit);
  } else {
    reply.bulk('keynum');
    reply.bulk('spec');
    reply.map(3);
    reply.bulk('keynumidx');
    reply.int(find.keyNumIndex);
    reply.bulk('firstkey');
    reply.int(find.firstKey);
    reply.bulk('keystep');
    reply.int(find.step);
  }
}

/**
 * One COMMAND INFO entry, Redis 7.0's ten elements: name, arity, flags, first key, last key,
 * step, ACL categories, tips, key specs, subcommands (full entries).
 */
export function writeCommandInfo(reply: Reply, spec: CommandSpec): void {
  reply.array(10);
  reply.bulk(spec.fullName);
  reply.int(spec.arity);
  writeFlagSet(reply, spec.orderedFlags);
  reply.int(spec.firstKey);
  reply.int(spec.lastKey);
  reply.int(spec.keyStep);
  writeFlagSet(reply, spec.aclCategories.map((category) => `@${category}`));
  reply.set(spec.tips.length);
  for (const tip of spec.tips) reply.bulk(tip);
  reply.set(spec.keySpecs.length);
  for (const keySpec of spec.keySpecs) writeKeySpec(reply, keySpec);
  // Redis answers an empty set for a command without subcommands, an array for a container.
  if (spec.subcommands === undefined) return reply.set(0);
  reply.array(spec.subcommands.size);
  for (const sub of spec.subcommands.values()) writeCommandInfo(reply, sub);
}

/** One COMMAND DOCS entry: summary, since, group, complexity, and the subcommands' docs. */
export function writeCommandDocs(reply: Reply, spec: CommandSpec): void {
  const subcommands = spec.subcommands ? [...spec.subcommands.values()] : [];
  reply.map(3 + (spec.complexity !== undefined ? 1 : 0) + (spec.subcommands ? 1 : 0));
  reply.bulk('summary');
  reply.bulk(spec.summary);
  reply.bulk('since');
  reply.bulk(spec.since);
  reply.bulk('group');
  reply.bulk(GROUP_NAMES[spec.group] ?? spec.group);
  if (spec.complexity !== undefined) {
    reply.bulk('complexity');
    reply.bulk(spec.complexity);
  }
  if (spec.subcommands) {
    reply.bulk('subcommands');
    reply.map(subcommands.length);
    for (const sub of subcommands) {
      reply.bulk(sub.fullName);
      writeCommandDocs(reply, sub);
    }
  }
}

import type { CommandSpec } from '../../core/command.js';
import type { CommandTable } from '../../core/registry.js';

/**
 * `name` or `container|sub`, any letter case, as COMMAND INFO and COMMAND DOCS accept them.
 * More than one '|' names nothing.
 */
export function lookupByFullName(table: CommandTable, fullName: string): CommandSpec | undefined {
  const parts = fullName.split('|');
  if (parts.length > 2) return undefined;
  const spec = table.lookup(parts[0]!);
  if (spec === undefined || parts.length === 1) return spec;
  return spec.subcommands?.get(parts[1]!.toLowerCase());
}

/** The command an argv would run (`CONFIG GET x` -> config|get), as COMMAND GETKEYS resolves it. */
export function lookupByArgv(table: CommandTable, argv: readonly string[]): CommandSpec | undefined {
  const spec = table.lookup(argv[0]!);
  if (spec === undefined || spec.subcommands === undefined || argv.length === 1) return spec;
  return spec.subcommands.get(argv[1]!.toLowerCase());
}

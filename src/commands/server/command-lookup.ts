import type { CommandSpec } from '../../core/command.js';
import type { CommandTable } from '../../core/registry.js';

/** The command an argv would run (`CONFIG GET x` -> config|get), as COMMAND GETKEYS resolves it. */
export function lookupByArgv(table: CommandTable, argv: readonly string[]): CommandSpec | undefined {
  const spec = table.lookup(argv[0]!);
  if (spec === undefined || spec.subcommands === undefined || argv.length === 1) return spec;
  return spec.subcommands.get(argv[1]!.toLowerCase());
}

import { buildSpec, type CommandSpec } from './command.js';
import type { CommandTable } from './registry.js';
import type { Session } from './session.js';

/** What the dispatcher's checks say about a command another executor will run. */
export interface Admission {
  /** The command (or subcommand) as this server knows it; undefined for one it does not know. */
  spec: CommandSpec | undefined;
  /** The error to answer instead of running it. */
  refusal: string | undefined;
}

/**
 * The session's rules (REST restrictions, the read-only token) for a command that runs elsewhere
 * (the gateway's upstream). Unlike dispatch, a command or subcommand this server does not know is
 * not refused here: the upstream may know it, and otherwise answers its own error. The read-only
 * token still refuses it, since nothing says it only reads.
 */
export function admission(commands: CommandTable, session: Session, argv: string[]): Admission {
  const name = argv[0]!;
  let spec = commands.lookup(name);
  if (spec?.subcommands !== undefined && argv.length >= 2) spec = spec.subcommands.get(argv[1]!.length <= 64 ? argv[1]!.toLowerCase() : '') ?? spec;
  const filter = session.commandFilter;
  if (filter === undefined) return { spec, refusal: undefined };
  const checked = spec ?? unknownCommandSpec(name);
  return { spec, refusal: filter(checked, argv) };
}

/** A stand-in for a command only the upstream knows: no flags, so it is neither read-only nor restricted. */
function unknownCommandSpec(name: string): CommandSpec {
  return buildSpec({ name: name.toLowerCase(), arity: -1, group: 'generic', since: '', summary: '', run: () => undefined });
}

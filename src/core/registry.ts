import { buildSpec, type CommandDeclaration, type CommandSpec } from './command.js';

/** The one command table: every front end, COMMAND and the dispatcher read it. */
export class CommandTable {
  private readonly byName = new Map<string, CommandSpec>();
  private readonly specs: CommandSpec[] = [];

  constructor(declarations: readonly CommandDeclaration[]) {
    for (const declaration of declarations) {
      const spec = buildSpec(declaration);
      if (this.byName.has(spec.name)) throw new Error(`command '${spec.name}' is declared twice`);
      this.specs.push(spec);
      this.byName.set(spec.name, spec);
      // Clients send upper case; keep both spellings so the hot path skips toLowerCase().
      this.byName.set(spec.name.toUpperCase(), spec);
    }
  }

  /** Top-level command by name, any letter case. */
  lookup(name: string): CommandSpec | undefined {
    return this.byName.get(name) ?? (name.length <= 64 ? this.byName.get(name.toLowerCase()) : undefined);
  }

  /**
   * `name` or `container|sub`, any letter case, as COMMAND INFO, COMMAND DOCS and ACL spell them.
   * More than one '|' names nothing.
   */
  lookupFullName(fullName: string): CommandSpec | undefined {
    const parts = fullName.split('|');
    if (parts.length > 2) return undefined;
    const spec = this.lookup(parts[0]!);
    if (spec === undefined || parts.length === 1) return spec;
    return spec.subcommands?.get(parts[1]!.toLowerCase());
  }

  all(): readonly CommandSpec[] {
    return this.specs;
  }

  get size(): number {
    return this.specs.length;
  }

  /** Every command and subcommand. */
  *allWithSubcommands(): Iterable<CommandSpec> {
    for (const spec of this.specs) {
      yield spec;
      if (spec.subcommands) yield* spec.subcommands.values();
    }
  }
}

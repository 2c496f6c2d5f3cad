import type { CommandSpec, KeySpec } from '../../core/command.js';
import { parseInteger } from '../../core/args.js';

/** A key argument found in an argv: its position and its key spec flags. */
export interface KeyReference {
  position: number;
  flags: readonly string[];
}

/**
 * Where a few commands' key flags (or keys) depend on their arguments, Redis asks a function
 * instead of the key specs (the specs say 'variable_flags' or 'incomplete'). These answer the
 * same for COMMAND GETKEYS/GETKEYSANDFLAGS.
 */
const ARGUMENT_DEPENDENT_KEYS: Record<string, (argv: readonly string[]) => KeyReference[]> = {
  set(argv) {
    const withGet = argv.slice(3).some((arg) => arg.toLowerCase() === 'get');
    return [{ position: 1, flags: withGet ? ['RW', 'access', 'update'] : ['OW', 'update'] }];
  },
  bitfield(argv) {
    let readonly = true;
    for (let i = 2; i < argv.length; i++) {
      const remaining = argv.length - i - 1;
      const op = argv[i]!.toLowerCase();
      if (op === 'get' && remaining >= 2) i += 2;
      else if (op === 'overflow' && remaining >= 1) i += 1;
      else {
        // SET/INCRBY write; anything else is a syntax error, which is safer counted as a write.
        readonly = false;
        break;
      }
    }
    return [{ position: 1, flags: readonly ? ['RO', 'access'] : ['RW', 'access', 'update'] }];
  },
  sort(argv) {
    const keys: KeyReference[] = [{ position: 1, flags: ['RO', 'access'] }];
    let store: KeyReference | undefined;
    const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
    for (let i = 2; i < argv.length; i++) {
      const option = argv[i]!.toLowerCase();
      if (skip[option] !== undefined) i += skip[option]!;
      // The last STORE wins, as in SORT itself.
      else if (option === 'store' && i + 1 < argv.length) store = { position: i + 1, flags: ['OW', 'update'] };
    }
    if (store) keys.push(store);
    return keys;
  },
};

/** The first argument of a key spec's keys, or 0 when the spec finds none in this argv. */
function beginOf(spec: KeySpec, argv: readonly string[]): number | 'invalid' {
  const begin = spec.begin;
  if (begin === 'unknown') return 'invalid';
  if ('index' in begin) return begin.index;
  const keyword = begin.keyword.toLowerCase();
  const forward = begin.startFrom > 0;
  const start = forward ? begin.startFrom : argv.length + begin.startFrom;
  const end = forward ? argv.length - 1 : 1;
  for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
    if (i >= argv.length || i < 1) break;
    if (argv[i]!.toLowerCase() === keyword) return i + 1;
  }
  return 0;
}

/**
 * Redis's key-spec walk: each spec yields the keys it finds; a spec that cannot be followed
 * (out of range, a bad key count, 'unknown' or 'incomplete') makes the whole answer invalid
 * unless `partial` is set, in which case its keys are kept and the walk goes on.
 */
function keysFromSpecs(command: CommandSpec, argv: readonly string[], partial: boolean): KeyReference[] | 'invalid' {
  const keys: KeyReference[] = [];
  for (const spec of command.keySpecs) {
    if (spec.flags.includes('not_key')) continue;
    let first = beginOf(spec, argv);
    let valid = first !== 'invalid';
    if (first === 0) continue;
    let last = 0;
    let step = 1;
    const find = spec.find;
    if (valid && find !== 'unknown' && typeof first === 'number') {
      if ('lastKey' in find) {
        step = find.step;
        if (find.lastKey >= 0) last = first + find.lastKey;
        else if (!find.limit) last = argv.length + find.lastKey;
        else last = first + (Math.floor((argv.length - first) / find.limit) + find.lastKey);
      } else {
        step = find.step;
        const count = first + find.keyNumIndex < argv.length ? parseInteger(argv[first + find.keyNumIndex]!) : null;
        if (count === null || count < 0) valid = false;
        else {
          first += find.firstKey;
          last = first + count - 1;
        }
      }
      if (valid && (last >= argv.length || last < first || first >= argv.length)) valid = false;
      if (valid) {
        for (let i = first; i <= last; i += step) {
          // Commands with a variable argument count may get fewer arguments than a step needs.
          if (i >= argv.length) continue;
          keys.push({ position: i, flags: spec.flags });
        }
        if (spec.flags.includes('incomplete')) valid = false;
      }
    } else {
      valid = false;
    }
    if (!valid && !partial) return 'invalid';
  }
  return keys;
}

/** The keys of a full command line (argv[0] is the command), as COMMAND GETKEYS finds them. */
export function findKeys(command: CommandSpec, argv: readonly string[]): KeyReference[] {
  const byArguments = ARGUMENT_DEPENDENT_KEYS[command.fullName];
  if (byArguments) return byArguments(argv);
  const keys = keysFromSpecs(command, argv, false);
  // Redis falls back to a per-command function here; without one the keys found so far are the answer.
  return keys === 'invalid' ? partialKeysOrNone(command, argv) : keys;
}

function partialKeysOrNone(command: CommandSpec, argv: readonly string[]): KeyReference[] {
  const hasIncompleteSpec = command.keySpecs.some((spec) => spec.flags.includes('incomplete') || spec.begin === 'unknown');
  if (!hasIncompleteSpec) return [];
  const keys = keysFromSpecs(command, argv, true);
  return keys === 'invalid' ? [] : keys;
}

/** Whether COMMAND GETKEYS can find keys for this command at all. */
export function hasKeyArguments(command: CommandSpec): boolean {
  return ARGUMENT_DEPENDENT_KEYS[command.fullName] !== undefined || command.keySpecs.some((spec) => !spec.flags.includes('not_key'));
}

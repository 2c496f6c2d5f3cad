import type { CommandContext } from './context.js';

/** Command flags, in the order Redis prints them in COMMAND INFO. */
export const COMMAND_FLAG_ORDER = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading',
  'stale', 'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'may_replicate', 'sentinel',
  'only_sentinel', 'no_mandatory_keys', 'protected', 'module_no_cluster', 'no_async_loading',
  'no_multi', 'movablekeys', 'allow_busy',
] as const;
export type CommandFlag = (typeof COMMAND_FLAG_ORDER)[number];

/** ACL categories, in the order Redis prints them. */
export const ACL_CATEGORY_ORDER = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
] as const;
export type AclCategory = (typeof ACL_CATEGORY_ORDER)[number];

export type CommandGroup =
  | 'generic' | 'string' | 'list' | 'set' | 'sorted_set' | 'hash' | 'pubsub' | 'transactions'
  | 'connection' | 'server' | 'scripting' | 'hyperloglog' | 'cluster' | 'sentinel' | 'geo'
  | 'stream' | 'bitmap';

/** Where a key specification starts looking for keys (Redis 7 key specs). */
export type KeySearchBegin = { index: number } | { keyword: string; startFrom: number } | 'unknown';
/** How a key specification finds the keys once it knows where to begin. */
export type KeySearchFind =
  | { lastKey: number; step: number; limit: number }
  | { keyNumIndex: number; firstKey: number; step: number }
  | 'unknown';

export interface KeySpec {
  /** e.g. ['RW', 'access', 'update'] */
  flags: string[];
  begin: KeySearchBegin;
  find: KeySearchFind;
}

export type CommandHandler = (ctx: CommandContext) => void | Promise<void>;

/** What a command file declares. Everything else about the command is derived from it. */
export interface CommandDeclaration {
  name: string;
  /** Redis arity: positive = exact argc (name included), negative = at least -arity. */
  arity: number;
  /** Space separated CommandFlag names. */
  flags?: string;
  /** Legacy key positions: first, last, step (0 0 0 when the command takes no key). */
  keys?: [first: number, last: number, step: number];
  keySpecs?: KeySpec[];
  /** ACL categories that are not implied by the flags (space separated, no '@'). */
  acl?: string;
  /** Command tips as Redis prints them, e.g. 'nondeterministic_output'. */
  tips?: string;
  group: CommandGroup;
  since: string;
  summary: string;
  complexity?: string;
  /**
   * Redis's protected commands (DEBUG): a refusal checked by the dispatcher before
   * authentication and counted as a rejected call. Returns the error text, or undefined.
   */
  refuse?: (ctx: CommandContext) => string | undefined;
  /** Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
  runsInMulti?: boolean;
  /** Container commands (CONFIG, CLIENT, ...) list their subcommands; `run` is then not used. */
  subcommands?: CommandDeclaration[];
  run?: CommandHandler;
}

export interface CommandStats {
  calls: number;
  microseconds: number;
  rejectedCalls: number;
  failedCalls: number;
}

/** A command as the dispatcher, COMMAND and the front ends see it. */
export interface CommandSpec {
  /** Lower case; `parent|child` for subcommands. */
  readonly fullName: string;
  readonly name: string;
  readonly arity: number;
  readonly flags: ReadonlySet<CommandFlag>;
  readonly orderedFlags: readonly CommandFlag[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  readonly keySpecs: readonly KeySpec[];
  readonly aclCategories: readonly AclCategory[];
  readonly tips: readonly string[];
  readonly group: CommandGroup;
  readonly since: string;
  readonly summary: string;
  readonly complexity: string | undefined;
  readonly subcommands: ReadonlyMap<string, CommandSpec> | undefined;
  readonly parent: CommandSpec | undefined;
  readonly run: CommandHandler | undefined;
  readonly refuse: ((ctx: CommandContext) => string | undefined) | undefined;
  /** Frequently checked flags, precomputed for the hot path. */
  readonly isWrite: boolean;
  readonly isReadonly: boolean;
  readonly isFast: boolean;
  readonly noAuth: boolean;
  readonly runsInMulti: boolean;
  readonly stats: CommandStats;
}

const GROUP_CATEGORY: Partial<Record<CommandGroup, AclCategory>> = {
  generic: 'keyspace', string: 'string', list: 'list', set: 'set', sorted_set: 'sortedset',
  hash: 'hash', pubsub: 'pubsub', transactions: 'transaction', connection: 'connection',
  scripting: 'scripting', hyperloglog: 'hyperloglog', geo: 'geo', stream: 'stream', bitmap: 'bitmap',
};

function parseWords<T extends string>(text: string | undefined, allowed: readonly T[], what: string, owner: string): T[] {
  if (!text) return [];
  const words = text.split(/\s+/).filter(Boolean);
  for (const word of words) {
    if (!(allowed as readonly string[]).includes(word)) throw new Error(`${owner}: unknown ${what} '${word}'`);
  }
  return words as T[];
}

/**
 * Redis derives most ACL categories from flags (write -> @write, fast -> @fast, otherwise @slow,
 * ...); the declaration lists only the others. The group adds its data-type category unless the
 * declaration says `acl: '-group'`.
 */
function deriveCategories(flags: ReadonlySet<CommandFlag>, declared: string | undefined, group: CommandGroup, owner: string): AclCategory[] {
  const categories = new Set<AclCategory>();
  const words = (declared ?? '').split(/\s+/).filter(Boolean);
  const skipGroup = words.includes('-group');
  const explicit = parseWords(words.filter((w) => w !== '-group').join(' '), ACL_CATEGORY_ORDER, 'ACL category', owner);
  for (const category of explicit) categories.add(category);
  if (!skipGroup && GROUP_CATEGORY[group]) categories.add(GROUP_CATEGORY[group]!);
  if (flags.has('write')) categories.add('write');
  if (flags.has('readonly') && group !== 'scripting') categories.add('read');
  if (flags.has('admin')) { categories.add('admin'); categories.add('dangerous'); }
  if (flags.has('pubsub')) categories.add('pubsub');
  if (flags.has('fast')) categories.add('fast');
  if (flags.has('blocking')) categories.add('blocking');
  if (!categories.has('fast')) categories.add('slow');
  return ACL_CATEGORY_ORDER.filter((c) => categories.has(c));
}

export function buildSpec(decl: CommandDeclaration, parent?: CommandSpec): CommandSpec {
  const name = decl.name.toLowerCase();
  const fullName = parent ? `${parent.name}|${name}` : name;
  const flagList = parseWords(decl.flags, COMMAND_FLAG_ORDER, 'flag', fullName);
  const flags = new Set(flagList);
  const [firstKey, lastKey, keyStep] = decl.keys ?? [0, 0, 0];
  if (!decl.run && !decl.subcommands) throw new Error(`${fullName}: a command needs run or subcommands`);
  const spec: CommandSpec = {
    fullName,
    name,
    arity: decl.arity,
    flags,
    orderedFlags: COMMAND_FLAG_ORDER.filter((f) => flags.has(f)),
    firstKey,
    lastKey,
    keyStep,
    keySpecs: decl.keySpecs ?? [],
    aclCategories: deriveCategories(flags, decl.acl, decl.group, fullName),
    tips: (decl.tips ?? '').split(/\s+/).filter(Boolean),
    group: decl.group,
    since: decl.since,
    summary: decl.summary,
    complexity: decl.complexity,
    subcommands: undefined,
    parent,
    run: decl.run,
    refuse: decl.refuse,
    isWrite: flags.has('write'),
    isReadonly: flags.has('readonly'),
    isFast: flags.has('fast'),
    noAuth: flags.has('no_auth'),
    runsInMulti: decl.runsInMulti === true,
    stats: { calls: 0, microseconds: 0, rejectedCalls: 0, failedCalls: 0 },
  };
  if (decl.subcommands) {
    const children = new Map<string, CommandSpec>();
    for (const child of decl.subcommands) children.set(child.name.toLowerCase(), buildSpec(child, spec));
    (spec as { subcommands: ReadonlyMap<string, CommandSpec> }).subcommands = children;
  }
  return spec;
}

/** Identity helper so command files get type checking on their declarations. */
export function defineCommand(decl: CommandDeclaration): CommandDeclaration {
  return decl;
}

/** Key spec shorthand for the common case: keys from `index` up to `lastKey` (relative, -1 = end). */
export function rangeKeys(flags: string, index: number, lastKey = 0, step = 1, limit = 0): KeySpec {
  return { flags: flags.split(/\s+/).filter(Boolean), begin: { index }, find: { lastKey, step, limit } };
}

/** Key spec shorthand for `numkeys key [key ...]` commands. */
export function keyNumKeys(flags: string, index: number, keyNumIndex = 0, firstKey = 1, step = 1): KeySpec {
  return { flags: flags.split(/\s+/).filter(Boolean), begin: { index }, find: { keyNumIndex, firstKey, step } };
}

/** Key spec shorthand for keys that follow a keyword (`STORE key`, `STREAMS k1 k2 ...`). */
export function keywordKeys(flags: string, keyword: string, startFrom: number, lastKey = 0, step = 1, limit = 0): KeySpec {
  return { flags: flags.split(/\s+/).filter(Boolean), begin: { keyword, startFrom }, find: { lastKey, step, limit } };
}

// https://redis.io/commands/object/
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { ERR_FREQ_NOT_TRACKED, ERR_LFU_NOT_SELECTED, ERR_LFU_SELECTED_NO_IDLETIME } from '../../core/errors.js';
import type { StoredValue } from '../../engine/values.js';
import { plainStringEncoding, valueEncoding } from '../../engine/values.js';

/** Redis's refcount for objects it shares and never frees (OBJ_SHARED_REFCOUNT). */
const SHARED_REFCOUNT = 2147483647;
/** Redis shares one object for each integer value below this (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS = 10000;

const isLfuPolicy = (server: ServerContext): boolean => server.config.get('maxmemory-policy').endsWith('-lfu');

/** Redis stops sharing integers when a memory limit with an LRU or LFU policy needs per-value access data. */
function sharesIntegers(server: ServerContext): boolean {
  const policy = server.config.get('maxmemory-policy');
  return server.config.get('maxmemory') === '0' || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}

function refcount(value: StoredValue, server: ServerContext): number {
  if (typeof value !== 'string' || plainStringEncoding(value) !== 'int') return 1;
  const number = Number(value);
  return number >= 0 && number < SHARED_INTEGERS && sharesIntegers(server) ? SHARED_REFCOUNT : 1;
}

/** Each key subcommand answers nil for a missing key before anything else. */
function withValue(answer: (value: StoredValue, ctx: CommandContext) => void) {
  return (ctx: CommandContext): void => {
    // OBJECT looks keys up without a keymiss event (Redis's LOOKUP_NONOTIFY).
    ctx.db.reportMisses = false;
    const value = ctx.db.read(ctx.argv[2]!);
    if (value === undefined) return ctx.reply.nil();
    answer(value, ctx);
  };
}

const keySubcommand = (name: string, since: string, summary: string, answer: (value: StoredValue, ctx: CommandContext) => void): CommandDeclaration => ({
  name, arity: 3, flags: 'readonly', keys: [2, 2, 1], keySpecs: [rangeKeys('RO', 2)], tips: 'nondeterministic_output',
  group: 'generic', since, summary, run: withValue(answer),
});

const HELP_LINES = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    The internal representation of the value at <key> (int, embstr, raw, ...).',
  'FREQ <key>',
  '    The logarithmic access counter of <key>; needs an LFU maxmemory-policy.',
  'IDLETIME <key>',
  '    Seconds since <key> was last accessed (Restis answers 0 for keys it does not track).',
  'REFCOUNT <key>',
  '    How many references the value at <key> has (2147483647 for shared values).',
  'HELP',
  '    This text.',
];

export const object = defineCommand({
  name: 'object', arity: -2, acl: '-group', group: 'generic', since: '2.2.3',
  summary: 'Inspects how the value at a key is stored.',
  subcommands: [
    keySubcommand('encoding', '2.2.3', 'Returns the internal encoding of the value at a key.',
      (value, { reply }) => reply.bulk(valueEncoding(value))),
    keySubcommand('refcount', '2.2.3', 'Returns the reference count of the value at a key.',
      (value, { reply, server }) => reply.int(refcount(value, server))),
    // Tracking access times would cost memory on every key; Restis does not, so keys look just used.
    keySubcommand('idletime', '2.2.3', 'Returns the seconds since the key was last accessed.',
      (_value, { reply, server }) => (isLfuPolicy(server) ? reply.error(ERR_LFU_SELECTED_NO_IDLETIME) : reply.int(0))),
    keySubcommand('freq', '4.0.0', 'Returns the logarithmic access frequency counter of a key.',
      (_value, { reply, server }) => reply.error(isLfuPolicy(server) ? ERR_FREQ_NOT_TRACKED : ERR_LFU_NOT_SELECTED)),
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'generic', since: '6.2.0',
      summary: 'Lists the OBJECT subcommands.',
      run({ reply }) {
        reply.array(HELP_LINES.length);
        for (const line of HELP_LINES) reply.simple(line);
      },
    },
  ],
});

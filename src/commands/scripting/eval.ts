// https://redis.io/commands/eval/ (and EVALSHA, EVAL_RO, EVALSHA_RO)
import { defineCommand, keyNumKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER } from '../../core/errors.js';
import { EVAL_VM } from '../../scripting/lua/lua-vm.js';
import { scriptingOf } from '../../scripting/scripting.js';

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';

/** numkeys, then the keys and the arguments of EVAL-like commands (FCALL too). */
export function splitKeysAndArgs(ctx: CommandContext): { keys: string[]; args: string[] } | undefined {
  const { argv, reply } = ctx;
  const count = parseInteger(argv[2]!);
  if (count === null) { reply.error(ERR_NOT_INTEGER); return undefined; }
  if (count > argv.length - 3) { reply.error("ERR Number of keys can't be greater than number of args"); return undefined; }
  if (count < 0) { reply.error("ERR Number of keys can't be negative"); return undefined; }
  return { keys: argv.slice(3, 3 + count), args: argv.slice(3 + count) };
}

function evalCommand(name: string, bySha: boolean, readOnly: boolean, summary: string): CommandDeclaration {
  return {
    name, arity: -3, flags: `${readOnly ? 'readonly ' : ''}noscript stale skip_monitor no_mandatory_keys movablekeys`,
    keys: [0, 0, 0], keySpecs: [keyNumKeys(readOnly ? 'RO access' : 'RW access update', 2)], group: 'scripting',
    since: readOnly ? '7.0.0' : bySha ? '2.6.0' : '2.6.0', summary, complexity: 'Depends on the script that is executed.',
    run(ctx) {
      const split = splitKeysAndArgs(ctx);
      if (split === undefined) return;
      const scripting = scriptingOf(ctx.server);
      let sha: string;
      if (bySha) {
        sha = ctx.argv[1]!;
        if (!scripting.scripts.has(sha)) {
          sha = sha.toLowerCase();
          if (!scripting.scripts.has(sha)) return ctx.reply.error(NOSCRIPT);
        }
      } else {
        const cached = scripting.cacheScript(ctx.argv[1]!);
        if ('error' in cached) return ctx.reply.error(cached.error);
        sha = cached.sha;
      }
      const flags = scripting.scripts.get(sha)!.flags;
      return scripting.run(ctx, EVAL_VM, sha, split.keys, split.args, readOnly || flags?.noWrites === true, false);
    },
  };
}

export const EVAL_COMMANDS = [
  defineCommand(evalCommand('eval', false, false, 'Runs a Lua script on the server.')),
  defineCommand(evalCommand('evalsha', true, false, 'Runs a cached Lua script by its SHA1 digest.')),
  defineCommand(evalCommand('eval_ro', false, true, 'Runs a read-only Lua script on the server.')),
  defineCommand(evalCommand('evalsha_ro', true, true, 'Runs a cached read-only Lua script by its SHA1 digest.')),
];

// https://redis.io/commands/fcall/ (and FCALL_RO)
import { defineCommand, keyNumKeys, type CommandDeclaration } from '../../core/command.js';
import { FUNCTION_VM } from '../../scripting/lua/lua-vm.js';
import { scriptingOf } from '../../scripting/scripting.js';
import { splitKeysAndArgs } from './eval.js';

function fcallCommand(name: string, readOnly: boolean, summary: string): CommandDeclaration {
  return {
    name, arity: -3, flags: `${readOnly ? 'readonly ' : ''}noscript stale skip_monitor no_mandatory_keys movablekeys`,
    keys: [0, 0, 0], keySpecs: [keyNumKeys(readOnly ? 'RO access' : 'RW access update', 2)], group: 'scripting',
    since: '7.0.0', summary, complexity: 'Depends on the function that is executed.',
    run(ctx) {
      const scripting = scriptingOf(ctx.server);
      const fn = scripting.libraries.functions.get(ctx.argv[1]!);
      if (fn === undefined) return ctx.reply.error('ERR Function not found');
      const split = splitKeysAndArgs(ctx);
      if (split === undefined) return;
      if (readOnly && !fn.noWrites) return ctx.reply.error('ERR Can not execute a script with write flag using *_ro command.');
      return scripting.run(ctx, FUNCTION_VM, fn.name, split.keys, split.args, readOnly || fn.noWrites, true);
    },
  };
}

export const FCALL_COMMANDS = [
  defineCommand(fcallCommand('fcall', false, 'Calls a function of a loaded library.')),
  defineCommand(fcallCommand('fcall_ro', true, 'Calls a read-only function of a loaded library.')),
];

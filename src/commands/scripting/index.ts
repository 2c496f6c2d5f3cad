import type { CommandDeclaration } from '../../core/command.js';
import { EVAL_COMMANDS } from './eval.js';
import { FCALL_COMMANDS } from './fcall.js';
import { functionCommand } from './function.js';
import { scriptCommand } from './script.js';

export const SCRIPTING_COMMANDS: readonly CommandDeclaration[] = [...EVAL_COMMANDS, scriptCommand, ...FCALL_COMMANDS, functionCommand];

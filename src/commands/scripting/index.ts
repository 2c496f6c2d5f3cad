import type { CommandDeclaration } from '../../core/command.js';
import { EVAL_COMMANDS } from './eval.js';
import { scriptCommand } from './script.js';

export const SCRIPTING_COMMANDS: readonly CommandDeclaration[] = [...EVAL_COMMANDS, scriptCommand];

import type { CommandDeclaration } from '../../core/command.js';
import { discard, exec, multi } from './multi-exec.js';
import { unwatch, watch } from './watch.js';

export const TRANSACTION_COMMANDS: readonly CommandDeclaration[] = [discard, exec, multi, unwatch, watch];

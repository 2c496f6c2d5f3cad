import type { CommandDeclaration } from '../../core/command.js';
import { get, set } from './get-set.js';

export const STRING_COMMANDS: readonly CommandDeclaration[] = [get, set];

import type { CommandDeclaration } from '../../core/command.js';
import { sort, sortRo } from './sort.js';

export const SORT_COMMANDS: readonly CommandDeclaration[] = [sort, sortRo];

import type { CommandDeclaration } from '../../core/command.js';

export const GENERIC_COMMANDS: readonly CommandDeclaration[] = [];

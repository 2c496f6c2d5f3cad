import type { CommandDeclaration } from '../../core/command.js';
import { dbsize, flushall, flushdb } from './flush.js';

export const SERVER_COMMANDS: readonly CommandDeclaration[] = [dbsize, flushall, flushdb];

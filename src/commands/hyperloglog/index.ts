import type { CommandDeclaration } from '../../core/command.js';
import { pfadd } from './pfadd.js';
import { pfcount } from './pfcount.js';
import { pfmerge } from './pfmerge.js';

export const HYPERLOGLOG_COMMANDS: readonly CommandDeclaration[] = [pfadd, pfcount, pfmerge];

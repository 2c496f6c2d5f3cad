import type { CommandDeclaration } from '../../core/command.js';
import { bgrewriteaof } from './bgrewriteaof.js';
import { command } from './command.js';
import { config } from './config.js';
import { debug } from './debug.js';
import { dbsize, flushall, flushdb } from './flush.js';
import { info } from './info.js';
import { memory } from './memory.js';
import { shutdown } from './shutdown.js';
import { lastsave, time } from './time.js';
import { bgsave, save } from './save.js';

export const SERVER_COMMANDS: readonly CommandDeclaration[] = [
  bgrewriteaof, bgsave, command, config, dbsize, debug, flushall, flushdb, info, lastsave, memory, save, shutdown, time,
];

import type { CommandDeclaration } from '../../core/command.js';
import { copy } from './copy.js';
import { del, unlink } from './delete.js';
import { dump } from './dump.js';
import { exists, touch } from './exists-touch.js';
import { expireat, expireCommand, pexpire, pexpireat } from './expire.js';
import { keys } from './keys.js';
import { move } from './move.js';
import { object } from './object.js';
import { persist } from './persist.js';
import { randomkey } from './random-key.js';
import { renameCommand, renamenx } from './rename.js';
import { restore } from './restore.js';
import { scan } from './scan.js';
import { swapdb } from './swapdb.js';
import { expiretime, pexpiretime, pttl, ttl } from './ttl.js';
import { type } from './type.js';

export const GENERIC_COMMANDS: readonly CommandDeclaration[] = [
  copy, del, dump, exists, expireCommand, expireat, expiretime, keys, move, object, persist, pexpire, pexpireat,
  pexpiretime, pttl, randomkey, renameCommand, renamenx, restore, scan, swapdb, touch, ttl, type, unlink,
];

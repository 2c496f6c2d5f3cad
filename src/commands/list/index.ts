import type { CommandDeclaration } from '../../core/command.js';
import { blmove, blmpop, blpop, brpop, brpoplpush } from './blocking.js';
import { linsert, lrem, lset, ltrim } from './edit.js';
import { lpos } from './lpos.js';
import { lmpop } from './mpop.js';
import { lmove, rpoplpush } from './move.js';
import { lpop, rpop } from './pop.js';
import { lpush, lpushx, rpush, rpushx } from './push.js';
import { lindex, llen, lrange } from './read.js';

export const LIST_COMMANDS: readonly CommandDeclaration[] = [
  lpush, rpush, lpushx, rpushx, lpop, rpop, llen, lindex, linsert, lpos, lrange, lrem, lset, ltrim,
  lmove, rpoplpush, lmpop, blpop, brpop, blmove, brpoplpush, blmpop,
];

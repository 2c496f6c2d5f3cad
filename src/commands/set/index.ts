import type { CommandDeclaration } from '../../core/command.js';
import { srandmember, spop } from './random-members.js';
import { sadd, srem } from './sadd.js';
import { sdiff, sdiffstore, sinter, sintercard, sinterstore, sunion, sunionstore } from './set-algebra.js';
import { scard, sismember, smembers, smismember } from './set-reads.js';
import { smove } from './smove.js';
import { sscan } from './sscan.js';

export const SET_COMMANDS: readonly CommandDeclaration[] = [
  sadd, srem, scard, sismember, smismember, smembers, srandmember, spop, smove,
  sinter, sintercard, sinterstore, sunion, sunionstore, sdiff, sdiffstore, sscan,
];

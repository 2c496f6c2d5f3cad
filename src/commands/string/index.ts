import type { CommandDeclaration } from '../../core/command.js';
import { counterCommands } from './counters.js';
import { get, set } from './get-set.js';
import { getdel, getex, getset } from './get-variants.js';
import { incrbyfloat } from './incrbyfloat.js';
import { append, setrange } from './in-place-edits.js';
import { lcs } from './lcs.js';
import { mget, mset, msetnx } from './multi-key.js';
import { getrange, strlen, substr } from './ranges.js';
import { psetex, setex, setnx } from './set-variants.js';

export const STRING_COMMANDS: readonly CommandDeclaration[] = [
  get, set, setnx, setex, psetex, getset, getdel, getex, mget, mset, msetnx,
  append, setrange, strlen, getrange, substr, ...counterCommands, incrbyfloat, lcs,
];

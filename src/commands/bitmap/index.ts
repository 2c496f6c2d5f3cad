import type { CommandDeclaration } from '../../core/command.js';
import { bitcount } from './bitcount.js';
import { bitfield, bitfieldRo } from './bitfield.js';
import { bitop } from './bitop.js';
import { bitpos } from './bitpos.js';
import { getbit, setbit } from './getbit-setbit.js';

export const BITMAP_COMMANDS: readonly CommandDeclaration[] = [setbit, getbit, bitcount, bitpos, bitop, bitfield, bitfieldRo];

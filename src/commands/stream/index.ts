import type { CommandDeclaration } from '../../core/command.js';
import { xack } from './xack.js';
import { xadd } from './xadd.js';
import { xautoclaim } from './xautoclaim.js';
import { xclaim } from './xclaim.js';
import { xdel } from './xdel.js';
import { xgroup } from './xgroup.js';
import { xinfo } from './xinfo.js';
import { xlen } from './xlen.js';
import { xpending } from './xpending.js';
import { xrange, xrevrange } from './xrange.js';
import { xread, xreadgroup } from './xread.js';
import { xsetid } from './xsetid.js';
import { xtrim } from './xtrim.js';

export const STREAM_COMMANDS: readonly CommandDeclaration[] = [
  xadd, xlen, xrange, xrevrange, xdel, xtrim, xread, xgroup, xreadgroup, xack, xpending, xclaim, xautoclaim, xinfo, xsetid,
];

import type { CommandDeclaration } from '../../core/command.js';
import { hdel } from './hdel.js';
import { hexpire, hexpireat, hpexpire, hpexpireat } from './hexpire.js';
import { hexists, hget, hlen, hmget, hstrlen } from './hget.js';
import { hgetall, hkeys, hvals } from './hgetall.js';
import { hgetdel } from './hgetdel.js';
import { hgetex } from './hgetex.js';
import { hincrby, hincrbyfloat } from './hincrby.js';
import { hpersist } from './hpersist.js';
import { hrandfield } from './hrandfield.js';
import { hscan } from './hscan.js';
import { hmset, hset, hsetnx } from './hset.js';
import { hsetex } from './hsetex.js';
import { hexpiretime, hpexpiretime, hpttl, httl } from './httl.js';

export const HASH_COMMANDS: readonly CommandDeclaration[] = [
  hset, hsetnx, hmset, hget, hmget, hgetall, hkeys, hvals, hdel, hexists, hlen, hstrlen,
  hincrby, hincrbyfloat, hrandfield, hscan,
  hexpire, hpexpire, hexpireat, hpexpireat, httl, hpttl, hexpiretime, hpexpiretime, hpersist,
  hgetdel, hgetex, hsetex,
];

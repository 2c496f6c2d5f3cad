import type { CommandDeclaration } from '../../core/command.js';
import { hdel } from './hdel.js';
import { hexists, hget, hlen, hmget, hstrlen } from './hget.js';
import { hgetall, hkeys, hvals } from './hgetall.js';
import { hincrby, hincrbyfloat } from './hincrby.js';
import { hrandfield } from './hrandfield.js';
import { hscan } from './hscan.js';
import { hmset, hset, hsetnx } from './hset.js';

export const HASH_COMMANDS: readonly CommandDeclaration[] = [
  hset, hsetnx, hmset, hget, hmget, hgetall, hkeys, hvals, hdel, hexists, hlen, hstrlen,
  hincrby, hincrbyfloat, hrandfield, hscan,
];

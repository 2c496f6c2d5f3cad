import type { CommandDeclaration } from '../../core/command.js';
import { bzmpop, bzpopmax, bzpopmin } from './bzpop.js';
import { zadd, zincrby } from './zadd.js';
import { zrandmember } from './zrandmember.js';
import { zrange, zrangebylex, zrangebyscore, zrangestore, zrevrange, zrevrangebylex, zrevrangebyscore } from './zrange.js';
import { zrem } from './zrem.js';
import { zremrangebylex, zremrangebyrank, zremrangebyscore } from './zremrange.js';
import { zmpop, zpopmax, zpopmin } from './zpop.js';
import { zscan } from './zscan.js';
import { zcard, zcount, zlexcount, zmscore, zrank, zrevrank, zscore } from './zset-reads.js';
import { zdiff, zdiffstore, zinter, zintercard, zinterstore, zunion, zunionstore } from './zset-algebra.js';

export const ZSET_COMMANDS: readonly CommandDeclaration[] = [
  zadd, zincrby, zrem, zcard, zscore, zmscore, zrank, zrevrank, zcount, zlexcount,
  zrange, zrangestore, zrevrange, zrangebyscore, zrevrangebyscore, zrangebylex, zrevrangebylex,
  zremrangebyrank, zremrangebyscore, zremrangebylex, zpopmin, zpopmax, zmpop, zrandmember,
  zunion, zunionstore, zinter, zinterstore, zintercard, zdiff, zdiffstore, zscan,
  bzpopmin, bzpopmax, bzmpop,
];

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { redisServerMissing, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { encodeCommand, parseReply, type RespReply } from '../helpers/resp-reply.js';

// Keyspace notifications: each case runs its commands on redis-server and on Restis with
// notify-keyspace-events set, while a second connection is PSUBSCRIBEd to `__key*__:*`. After
// every command the subscriber PINGs; as the server handles it after the command, every
// notification of that command has arrived once the PONG has. The messages of each step are
// compared exactly, in order.

const missing = redisServerMissing();
if (missing) console.log(`# keyspace notification comparisons skipped: ${missing}`);

/** A connection reading RESP replies in order. */
class Connection {
  private buffer = '';
  private readonly replies: RespReply[] = [];
  private wake: (() => void) | undefined;
  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffer += chunk.toString('latin1');
      for (;;) {
        const parsed = parseReply(this.buffer, 0);
        if (parsed === null) break;
        this.replies.push(parsed.reply);
        this.buffer = this.buffer.slice(parsed.next);
      }
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  send(argv: readonly string[]): void {
    this.socket.write(encodeCommand(argv), 'latin1');
  }

  async next(): Promise<RespReply> {
    const deadline = Date.now() + 5000;
    while (this.replies.length === 0) {
      if (Date.now() > deadline) throw new Error('no reply within 5 s');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return this.replies.shift()!;
  }

  async call(argv: readonly string[]): Promise<RespReply> {
    this.send(argv);
    return this.next();
  }

  close(): void {
    this.socket.destroy();
  }
}

type Step = string[];

/** What the subscriber received for each step: `<step> => <channel> <payload>` lines. */
async function transcript(port: number, flags: string, steps: Step[]): Promise<string[]> {
  const writer = await Connection.connect(port);
  const subscriber = await Connection.connect(port);
  const lines: string[] = [];
  try {
    await writer.call(['FLUSHALL']);
    await writer.call(['CONFIG', 'SET', 'notify-keyspace-events', flags]);
    await subscriber.call(['PSUBSCRIBE', '__key*__:*']);
    for (const step of steps) {
      if (step[0] === '@sleep') await new Promise((resolve) => setTimeout(resolve, Number(step[1])));
      else lines.push(`${step.join(' ')} -> ${(await writer.call(step)).raw.slice(0, 1)}`);
      subscriber.send(['PING']);
      for (;;) {
        const reply = await subscriber.next();
        const parts = (reply.items ?? []).map((part) => part.text ?? '');
        if (parts[0] === 'pong') break;
        lines.push(`  ${parts[2]} ${parts[3]}`);
      }
    }
  } finally {
    await writer.call(['CONFIG', 'SET', 'notify-keyspace-events', '']).catch(() => {});
    writer.close();
    subscriber.close();
  }
  return lines;
}

const words = (line: string): Step => line.split(' ');

/** Each case: a flag set and commands, one per line (split on spaces). */
const CASES: Array<{ name: string; flags: string; steps: string[] }> = [
  { name: 'strings', flags: 'KEA', steps: [
    'SET s v', 'SET s v2 EX 100', 'SET s v3 NX', 'SET s v4 XX KEEPTTL', 'SET s v5 GET PX 5000', 'SETNX s x', 'SETNX s2 x',
    'SETEX s3 100 v', 'PSETEX s4 100000 v', 'MSET a 1 b 2', 'MSETNX a 1 c 3', 'MSETNX c 3 d 4', 'GETSET a 5', 'GETDEL a',
    'GETDEL a', 'GETEX b EX 100', 'GETEX b PERSIST', 'GETEX b PERSIST', 'GETEX b PXAT 1', 'INCR n', 'INCRBY n 5', 'DECR n',
    'DECRBY n 2', 'INCRBY n x', 'INCRBYFLOAT f 1.5', 'INCRBYFLOAT f 1', 'APPEND ap x', 'APPEND ap y', 'SETRANGE sr 3 ab',
    'SETRANGE sr 0 z', 'SETRANGE sr 0 ""', 'SETRANGE none 0 ""',
  ] },
  { name: 'generic', flags: 'KEA', steps: [
    'SET a 1', 'SET b 2', 'DEL a b c', 'SET a 1', 'UNLINK a', 'SET k v', 'EXPIRE k 100', 'PEXPIRE k 100000', 'EXPIREAT k 99999999999',
    'EXPIRE k 100 NX', 'PERSIST k', 'PERSIST k', 'EXPIRE k -1', 'SET k v', 'PEXPIREAT k 1', 'SET r 1', 'RENAME r r2', 'SET r3 x',
    'RENAME r2 r3', 'RENAMENX r3 r4', 'SET r5 v', 'RENAMENX r4 r5', 'RENAME r4 r4', 'COPY r5 c1', 'COPY r5 c1', 'COPY r5 c1 REPLACE',
    'COPY r5 c9 DB 2', 'MOVE c1 1', 'SET c1 v', 'SELECT 1', 'MOVE c1 0', 'SELECT 0', 'EXPIRE missing 10', 'DEL missing',
  ] },
  { name: 'generic, restore', flags: 'KEA', steps: [
    'SET d v', 'RESTORE d 0 \x00\x01v\n\x00\x91\b\xce\xb2\x198\x8a\xce REPLACE', 'RESTORE e 0 \x00\x01v\n\x00\x91\b\xce\xb2\x198\x8a\xce',
    'RESTORE d 1 \x00\x01v\n\x00\x91\b\xce\xb2\x198\x8a\xce REPLACE ABSTTL', 'RESTORE d 1 \x00\x01v\n\x00\x91\b\xce\xb2\x198\x8a\xce REPLACE ABSTTL',
  ] },
  { name: 'new keys (n), keyspace only, keyevent only', flags: 'Kn', steps: ['SET a 1', 'SET a 2', 'LPUSH l x', 'DEL a', 'INCR a'] },
  { name: 'A with n (reads back as A, n stays on)', flags: 'EAn', steps: ['SET a 1', 'LPUSH l x', 'DEL a'] },
  { name: 'keymiss (m) from read-only commands', flags: 'Em', steps: [
    'GET nokey', 'MGET a nokey', 'SET a 1', 'GET a', 'HGET nohash f', 'HGETALL nohash', 'LRANGE nolist 0 -1',
    'SMEMBERS noset', 'ZSCORE noz m', 'ZRANGE noz 0 -1', 'XRANGE nos - +', 'STRLEN nokey', 'GETRANGE nokey 0 1',
    'EXISTS nokey', 'TYPE nokey', 'TTL nokey', 'PTTL nokey', 'OBJECT ENCODING nokey', 'DUMP nokey',
    'SINTER s1 s2', 'SUNION s1 s2', 'LINDEX nolist 0', 'HEXISTS nohash f', 'SISMEMBER noset m', 'BITCOUNT nokey',
    'PFCOUNT nohll', 'GEOPOS nogeo m', 'SORT_RO nolist', 'LCS nokey1 nokey2', 'SET e 1 PX 1', '@sleep 20', 'GET e',
    'INCR counter', 'LPUSH l x', 'HSET h f v', 'APPEND s x',
  ] },
  { name: 'keyevent only, generic only', flags: 'Eg', steps: ['SET a 1', 'EXPIRE a 100', 'DEL a', 'LPUSH l a'] },
  { name: 'class without K or E publishes nothing', flags: 'g$', steps: ['SET a 1', 'DEL a'] },
  { name: 'lists', flags: 'KEA', steps: [
    'LPUSH l a b', 'RPUSH l c', 'LPUSHX l d', 'RPUSHX l e', 'LPUSHX none a', 'LINSERT l BEFORE a x', 'LINSERT l AFTER zz x',
    'LSET l 0 y', 'LPOP l', 'RPOP l 2', 'LREM l 0 zz', 'LREM l 1 a', 'LTRIM l 0 -1', 'LTRIM l 5 10', 'RPUSH l a b c',
    'LMOVE l l2 LEFT RIGHT', 'RPOPLPUSH l l2', 'LMOVE l l2 RIGHT LEFT', 'LMOVE l2 l2 LEFT LEFT', 'LMPOP 2 x l2 LEFT COUNT 1',
    'LMPOP 1 l2 RIGHT COUNT 10', 'RPUSH l a', 'BLPOP l 0', 'RPUSH l a b', 'BRPOP l 0', 'BLMOVE l l3 LEFT LEFT 0', 'BLMPOP 0 1 l3 LEFT',
    'LPOP missing', 'RPUSH w a b', 'LPOP w 5',
  ] },
  { name: 'hashes', flags: 'KEA', steps: [
    'HSET h a 1 b 2', 'HMSET h c 3', 'HSETNX h a 9', 'HSETNX h d 4', 'HINCRBY h a 5', 'HINCRBY h b x', 'HINCRBYFLOAT h f 1.5',
    'HDEL h zz', 'HDEL h a b', 'HDEL h c d f', 'HINCRBY n a 1', 'HINCRBYFLOAT n2 a 1',
  ] },
  { name: 'sets', flags: 'KEA', steps: [
    'SADD s a b c', 'SADD s a', 'SREM s zz', 'SREM s a', 'SMOVE s t b', 'SMOVE s t c', 'SMOVE t t b', 'SADD t x', 'SMOVE t t2 zz',
    'SPOP t', 'SADD u a', 'SPOP u', 'SADD u a b c', 'SPOP u 0', 'SPOP u 5', 'SADD u 1 2 3 4 5 6 7 8 9 10', 'SPOP u 2', 'SPOP u 7',
    'SADD a 1 2', 'SADD b 2 3', 'SINTERSTORE d a b', 'SUNIONSTORE d a b', 'SDIFFSTORE d a b', 'SINTERSTORE d a x', 'SINTERSTORE d a x',
    'SDIFFSTORE e a', 'SUNIONSTORE e x y',
  ] },
  { name: 'sorted sets', flags: 'KEA', steps: [
    'ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZADD z 1 a', 'ZADD z XX 10 a', 'ZADD z NX 10 a', 'ZADD z INCR 1 a', 'ZINCRBY z 2 b', 'ZADD z GT 0 c',
    'ZREM z zz', 'ZREM z a', 'ZREMRANGEBYSCORE z 100 200', 'ZREMRANGEBYSCORE z 0 2', 'ZADD z 7 f', 'ZREMRANGEBYRANK z 0 0',
    'ZADD l 0 a 0 b 0 c', 'ZREMRANGEBYLEX l [a [b', 'ZPOPMIN l', 'ZADD l 0 a 0 b', 'ZPOPMAX l 5', 'ZADD y 1 a 2 b', 'ZMPOP 1 y MIN',
    'BZPOPMAX y 0', 'ZADD y 1 a', 'BZMPOP 0 1 y MAX COUNT 3', 'ZADD p 1 a 2 b', 'ZADD q 2 b 3 c', 'ZUNIONSTORE d 2 p q',
    'ZINTERSTORE d 2 p q', 'ZDIFFSTORE d 2 p q', 'ZINTERSTORE d 2 p nx', 'ZINTERSTORE d 2 p nx', 'ZRANGESTORE r p 0 -1',
    'ZRANGESTORE r p 5 6', 'ZADD z 1 nan', 'ZADD w 1 a', 'ZADD w INCR +inf a', 'ZADD w INCR -inf a',
  ] },
  { name: 'geo', flags: 'KEA', steps: [
    'GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania', 'GEOADD g XX 13.361389 38.115556 Palermo',
    'GEORADIUS g 15 37 200 km STORE s', 'GEOSEARCHSTORE s2 g FROMLONLAT 15 37 BYRADIUS 200 km', 'GEOSEARCHSTORE s2 g FROMLONLAT 0 0 BYRADIUS 1 km',
    'GEOSEARCHSTORE s3 none FROMLONLAT 0 0 BYRADIUS 1 km', 'SET s3 x', 'GEOSEARCHSTORE s3 none FROMLONLAT 0 0 BYRADIUS 1 km',
  ] },
  { name: 'streams', flags: 'KEA', steps: [
    'XADD x 1-1 a 1', 'XADD x 2-1 a 2', 'XADD x MAXLEN 1 3-1 a 3', 'XADD x MAXLEN 5 4-1 a 4', 'XADD none NOMKSTREAM * a 1',
    'XTRIM x MAXLEN 10', 'XTRIM x MAXLEN 1', 'XDEL x 1-1', 'XDEL x 4-1', 'XSETID x 9-9', 'XGROUP CREATE x g $',
    'XGROUP CREATE x g $', 'XGROUP CREATE y g $ MKSTREAM', 'XGROUP SETID x g 0', 'XGROUP CREATECONSUMER x g c',
    'XGROUP CREATECONSUMER x g c', 'XGROUP DELCONSUMER x g c', 'XGROUP DELCONSUMER x g zz', 'XGROUP DESTROY x g', 'XGROUP DESTROY x g',
  ] },
  { name: 'streams, consumers made by reading and claiming', flags: 'KEA', steps: [
    'XADD x 1-1 a 1', 'XADD x 2-1 a 2', 'XGROUP CREATE x g 0', 'XREADGROUP GROUP g c1 COUNT 1 STREAMS x >',
    'XREADGROUP GROUP g c1 COUNT 1 STREAMS x >', 'XREADGROUP GROUP g c2 NOACK STREAMS x 0', 'XCLAIM x g c3 0 1-1',
    'XAUTOCLAIM x g c4 0 0', 'XCLAIM x g c5 0 9-9',
  ] },
  { name: 'sort, bitmaps, hyperloglogs', flags: 'KEA', steps: [
    'RPUSH l 3 1 2', 'SORT l STORE d', 'SORT none STORE d', 'SORT none STORE d', 'SETBIT b 3 1', 'SETBIT b 3 1', 'SETBIT b 100 0',
    'BITFIELD b SET u8 0 255', 'BITFIELD b GET u8 0', 'BITFIELD b INCRBY u8 0 0', 'BITFIELD b OVERFLOW FAIL INCRBY u8 0 10',
    'BITOP AND d2 b b', 'BITOP OR d2 none', 'BITOP OR d2 none', 'PFADD h a b', 'PFADD h a', 'PFADD h2', 'PFMERGE h3 h h2', 'PFMERGE h3',
    'PFCOUNT h h2',
  ] },
  { name: 'other flag sets', flags: 'Elz', steps: ['LPUSH l a', 'ZADD z 1 a', 'SADD s a', 'DEL l z s'] },
  { name: 'other flag sets (K$sh)', flags: 'K$sh', steps: ['SET a 1', 'SADD s a', 'HSET h a 1', 'LPUSH l a', 'EXPIRE a 10'] },
  // The active cycle's order and timing differ between servers: lazy expiry is compared with it
  // off, active expiry one key at a time.
  { name: 'expired, lazily', flags: 'KEA', steps: [
    'DEBUG SET-ACTIVE-EXPIRE 0', 'SET a 1 PX 20', 'SET b 1 PX 20', 'SET c 1 PX 20', 'SET d 1 PX 20', 'SET e 1 PX 20', '@sleep 40',
    'GET a', 'SET b 2', 'EXISTS c', 'DEL d', 'INCR e', 'DEBUG SET-ACTIVE-EXPIRE 1',
  ] },
  { name: 'expired, actively', flags: 'KEA', steps: ['SET a 1 PX 10', '@sleep 400', 'SET b 1 PX 10', '@sleep 400'] },
  { name: 'expired only (x)', flags: 'Ex', steps: ['DEBUG SET-ACTIVE-EXPIRE 0', 'SET a 1 PX 10', '@sleep 30', 'GET a', 'DEL b', 'DEBUG SET-ACTIVE-EXPIRE 1'] },
];

describe('keyspace notifications compared with redis-server', { skip: missing ?? false }, () => {
  let redis: RedisProcess;
  let restis: RunningServer;
  before(async () => {
    redis = await startRedisServer();
    restis = await startServer({ http: false, config: { 'enable-debug-command': 'yes' } });
  });
  after(async () => {
    await Promise.all([redis?.stop(), restis?.close()]);
  });

  for (const { name, flags, steps } of CASES) {
    test(`${name} (${flags})`, async () => {
      const split = steps.map(words);
      const expected = await transcript(redis.port, flags, split);
      const actual = await transcript(restis.port, flags, split);
      assert.deepEqual(actual, expected);
    });
  }
});

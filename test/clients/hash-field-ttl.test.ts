import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { HashValue } from '../../src/engine/types/hash.js';
import { RawClient } from '../helpers/raw-client.js';
import { encodeCommand } from '../helpers/resp-reply.js';

// Hash-field expiration: HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT HTTL HPTTL HEXPIRETIME HPEXPIRETIME
// HPERSIST (Redis 7.4) and HGETDEL HGETEX HSETEX (Redis 8.0), over real sockets in RESP2 and RESP3.
// Expected replies come from Redis 7.4/8.0's documentation, its test suite
// (tests/unit/type/hash-field-expire.tcl) and its source (src/t_hash.c): redis-server 7.0, the
// differential oracle, lacks these commands. Time is a controllable clock, so TTLs are exact.
//
// Deliberate differences from Redis, documented in the README:
// - A field past its deadline is gone as soon as anything looks its key up. Redis deletes an
//   expired field only when that field is touched (or by its active cycle), so its HLEN, EXISTS,
//   HSET's "new fields" count and HDEL's count can still include fields that already expired.
// - At its deadline's own millisecond a field still exists (Redis's hashTypeGetValue); HTTL then
//   answers 0, as Redis's hashtable encoding does.

const BASE = 1_700_000_000_000;

type Expected =
  | number | string | null | Expected[]
  | { error: string } | { simple: string } | { map: Expected[] };

type Step =
  | { argv: string[]; expected: Expected }
  | { advance: number };

interface Case {
  name: string;
  steps: Step[];
}

/** A command written as in redis-cli (space separated, no quoting) and its expected reply. */
const c = (command: string | string[], expected: Expected): Step =>
  ({ argv: typeof command === 'string' ? command.split(' ') : command, expected });
const advance = (ms: number): Step => ({ advance: ms });
const err = (error: string): Expected => ({ error });
const OK: Expected = { simple: 'OK' };
const map = (...items: Expected[]): Expected => ({ map: items });
const arity = (name: string): Expected => err(`ERR wrong number of arguments for '${name}' command`);

const FIELDS_MISSING = err('ERR Mandatory argument FIELDS is missing or not at the right position');
const NUMFIELDS_MISMATCH = err('ERR The `numfields` parameter must match the number of arguments');
const NUMFIELDS_POSITIVE = err('ERR Number of fields must be a positive integer');
const NUMFIELDS_GREATER = err('ERR Parameter `numFields` should be greater than 0');
const NEGATIVE_TIME = err('ERR invalid expire time, must be >= 0');
const NOT_INTEGER = err('ERR value is not an integer or out of range');
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');
const invalidTime = (command: string): Expected => err(`ERR invalid expire time in '${command}' command`);

/** Redis's largest field deadline: 2^48 - 1 with two bits reserved, in ms. */
const MAX_DEADLINE = 2 ** 46 - 1;

function encode(expected: Expected, protocol: 2 | 3): string {
  if (expected === null) return protocol === 2 ? '$-1\r\n' : '_\r\n';
  if (typeof expected === 'number') return `:${expected}\r\n`;
  if (typeof expected === 'string') return `$${expected.length}\r\n${expected}\r\n`;
  if (Array.isArray(expected)) return `*${expected.length}\r\n${expected.map((item) => encode(item, protocol)).join('')}`;
  if ('error' in expected) return `-${expected.error}\r\n`;
  if ('simple' in expected) return `+${expected.simple}\r\n`;
  const body = expected.map.map((item) => encode(item, protocol)).join('');
  return protocol === 2 ? `*${expected.map.length}\r\n${body}` : `%${expected.map.length / 2}\r\n${body}`;
}

const CASES: Case[] = [
  // HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT
  {
    name: 'the setters answer -2 per field on a missing key',
    steps: [
      c('HEXPIRE h 1000 FIELDS 1 a', [-2]),
      c('HEXPIREAT h 1000 FIELDS 1 a', [-2]),
      c('HPEXPIRE h 1000 FIELDS 2 a b', [-2, -2]),
      c('HPEXPIREAT h 1000 FIELDS 2 a b', [-2, -2]),
      c('EXISTS h', 0),
    ],
  },
  {
    name: 'the setters check the expire time, even on a missing key',
    steps: [
      c('HSET h f1 v1', 1),
      c('HEXPIRE h -1 FIELDS 1 f1', NEGATIVE_TIME),
      c('HEXPIRE h -9223372036854775808 FIELDS 1 f1', NEGATIVE_TIME),
      c('HEXPIRE nokey -1 FIELDS 1 f1', NEGATIVE_TIME),
      c('HEXPIRE h abc FIELDS 1 f1', NOT_INTEGER),
      c('HEXPIRE h 9223372036854775808 FIELDS 1 f1', NOT_INTEGER),
      c('HEXPIRE h 1.5 FIELDS 1 f1', NOT_INTEGER),
      c(`HEXPIRE h ${Math.floor(2 ** 48 / 1000)} FIELDS 1 f1`, invalidTime('hexpire')),
      c(`HEXPIREAT h ${Math.floor(MAX_DEADLINE / 1000) + 1} FIELDS 1 f1`, invalidTime('hexpireat')),
      c(`HPEXPIRE h ${MAX_DEADLINE - BASE + 1} FIELDS 1 f1`, invalidTime('hpexpire')),
      c(`HPEXPIREAT h ${MAX_DEADLINE + 1} FIELDS 1 f1`, invalidTime('hpexpireat')),
      c(`HEXPIRE h ${Math.floor((MAX_DEADLINE - BASE) / 1000) + 1} FIELDS 1 f1`, invalidTime('hexpire')),
      c(`HPEXPIRE h ${MAX_DEADLINE - BASE} FIELDS 1 f1`, [1]),
      c('HPEXPIRETIME h FIELDS 1 f1', [MAX_DEADLINE]),
      c(`HPEXPIREAT h ${MAX_DEADLINE} FIELDS 1 f1`, [1]),
      c(`HEXPIREAT h ${Math.floor(MAX_DEADLINE / 1000)} FIELDS 1 f1`, [1]),
      c('HPEXPIRETIME h FIELDS 1 f1', [Math.floor(MAX_DEADLINE / 1000) * 1000]),
    ],
  },
  {
    name: 'NX sets only fields without a TTL',
    steps: [
      c('HSET h field1 value1 field2 value2 field3 value3', 3),
      c('HPEXPIRE h 1000 NX FIELDS 1 field1', [1]),
      c('HPEXPIRE h 1000 NX FIELDS 2 field1 field2', [0, 1]),
      c(`HPEXPIREAT h ${BASE + 5000} nx FIELDS 3 field1 field2 field3`, [0, 0, 1]),
    ],
  },
  {
    name: 'XX sets only fields that have a TTL',
    steps: [
      c('HSET h field1 value1 field2 value2 field3 value3', 3),
      c('HPEXPIRE h 1000 NX FIELDS 2 field1 field2', [1, 1]),
      c('HPEXPIRE h 1000 XX FIELDS 2 field1 field3', [1, 0]),
    ],
  },
  {
    name: 'GT needs a later deadline; a field without TTL never qualifies',
    steps: [
      c('HSET h field1 value1 field2 value2 field3 value3', 3),
      c('HPEXPIRE h 1000 NX FIELDS 1 field1', [1]),
      c('HPEXPIRE h 2000 NX FIELDS 1 field2', [1]),
      c('HPEXPIRE h 1500 GT FIELDS 3 field1 field2 field3', [1, 0, 0]),
      c('HPTTL h FIELDS 3 field1 field2 field3', [1500, 2000, -1]),
      c('HPEXPIRE h 1500 GT FIELDS 1 field1', [0]),
    ],
  },
  {
    name: 'LT needs an earlier deadline; a field without TTL always qualifies',
    steps: [
      c('HSET h field1 value1 field2 value2 field3 value3', 3),
      c('HPEXPIRE h 1000 NX FIELDS 1 field1', [1]),
      c('HPEXPIRE h 2000 NX FIELDS 1 field2', [1]),
      c('HPEXPIRE h 1500 LT FIELDS 3 field1 field2 field3', [0, 1, 1]),
      c('HPTTL h FIELDS 3 field1 field2 field3', [1000, 1500, 1500]),
      c('HPEXPIRE h 1500 lt FIELDS 1 field2', [0]),
    ],
  },
  {
    name: 'a time now or in the past deletes the field (2), after the condition (0) and existence (-2) checks',
    steps: [
      c('HSET h f1 v1 f2 v2 f4 v4', 3),
      c('HEXPIRE h 1000 NX FIELDS 1 f4', [1]),
      c(`HPEXPIREAT h ${BASE - 1000} NX FIELDS 4 f1 f2 f3 f4`, [2, 2, -2, 0]),
      c('HEXISTS h f1', 0),
      c('HGETALL h', map('f4', 'v4')),
      c('HPEXPIRE h 0 FIELDS 1 f4', [2]),
      c('EXISTS h', 0),
      c('HSET h a 1 b 2', 2),
      c(`HEXPIREAT h ${BASE / 1000} FIELDS 2 b a`, [2, 2]),
      c('EXISTS h', 0),
    ],
  },
  {
    name: 'the setters check FIELDS and numfields',
    steps: [
      c('HSET h f1 v1', 1),
      c('HPEXPIRE h 1000 NX FIELDS 0 f1 f2 f3', NUMFIELDS_GREATER),
      c('HPEXPIRE h 1000 FIELDS -1 f1', NUMFIELDS_GREATER),
      c('HPEXPIRE h 1000 FIELDS x f1', NUMFIELDS_GREATER),
      c('HPEXPIRE h 1000 FIELDS 9223372036854775808 f1', NUMFIELDS_GREATER),
      c('HPEXPIRE h 1000 NX FIELDS 4 f1 f2 f3', NUMFIELDS_MISMATCH),
      c('HPEXPIRE h 1000 NX FIELDS 2 f1 f2 f3', NUMFIELDS_MISMATCH),
      c('HPEXPIRE h 1000 1 f1 f2', FIELDS_MISSING),
      c('HPEXPIRE h 1000 NX 1 f1', FIELDS_MISSING),
      c('HPEXPIRE h 1000 NX XX FIELDS 1 f1', FIELDS_MISSING),
      c('HPEXPIRE h 1000 FIELDS 1', arity('hpexpire')),
      c('HEXPIRE h', arity('hexpire')),
      c('HPTTL h FIELDS 1 f1', [-1]),
    ],
  },
  {
    name: 'listpackex keeps fields with a TTL first, earliest first, the latest set first among equals',
    steps: [
      c('HSET h a 1 b 2 c 3 d 4', 4),
      c('OBJECT ENCODING h', 'listpack'),
      c('HEXPIRE h 100 FIELDS 2 a b', [1, 1]),
      c('OBJECT ENCODING h', 'listpackex'),
      c('HGETALL h', map('b', '2', 'a', '1', 'c', '3', 'd', '4')),
      c('HPEXPIRE h 50000 FIELDS 1 d', [1]),
      c('HKEYS h', ['d', 'b', 'a', 'c']),
      c('HPERSIST h FIELDS 1 b', [1]),
      c('HKEYS h', ['d', 'a', 'c', 'b']),
      c('HSET h e 5', 1),
      c('HSET h a 9', 0),
      c('HKEYS h', ['d', 'c', 'b', 'e', 'a']),
      c('HTTL h FIELDS 5 a b c d e', [-1, -1, -1, 50, -1]),
      c('HRANDFIELD h 5', ['d', 'c', 'b', 'e', 'a']),
      c('HSCAN h 0', ['0', ['d', '4', 'c', '3', 'b', '2', 'e', '5', 'a', '9']]),
    ],
  },
  {
    name: 'a hash becomes listpackex when a setter, HGETEX or HSETEX with a TTL meets it, even with no field set',
    steps: [
      c('HSET h a 1', 1),
      c('HTTL h FIELDS 1 a', [-1]),
      c('HPERSIST h FIELDS 1 a', [-1]),
      c('OBJECT ENCODING h', 'listpack'),
      c('HEXPIRE h 10 FIELDS 1 zz', [-2]),
      c('OBJECT ENCODING h', 'listpackex'),
      c('HSET j a 1', 1),
      c('HGETEX j PERSIST FIELDS 1 a', ['1']),
      c('OBJECT ENCODING j', 'listpackex'),
      c('HSET k a 1', 1),
      c('HSETEX k KEEPTTL FIELDS 1 a 2', 1),
      c('OBJECT ENCODING k', 'listpack'),
      c('HSETEX k PX 100 FIELDS 1 a 3', 1),
      c('OBJECT ENCODING k', 'listpackex'),
    ],
  },
  {
    name: 'field TTLs survive the conversion to hashtable and work there',
    steps: [
      c('CONFIG SET hash-max-listpack-entries 4', OK),
      c('HSET h a 1 b 2 c 3', 3),
      c('HPEXPIRE h 100 FIELDS 1 a', [1]),
      c('HPEXPIRE h 300 FIELDS 1 b', [1]),
      c('HSET h d 4 e 5', 2),
      c('OBJECT ENCODING h', 'hashtable'),
      c('HPTTL h FIELDS 5 a b c d e', [100, 300, -1, -1, -1]),
      c('HPEXPIRE h 200 FIELDS 2 d e', [1, 1]),
      advance(150),
      c('HLEN h', 4),
      c('HPTTL h FIELDS 2 a b', [-2, 150]),
      advance(100),
      c('HLEN h', 2),
      c('HMGET h a b c d e', [null, '2', '3', null, null]),
      c('HPERSIST h FIELDS 2 b c', [1, -1]),
      advance(1000),
      c('HMGET h a b c d e', [null, '2', '3', null, null]),
      c('HLEN h', 2),
      c('HEXPIRE h 0 FIELDS 2 b c', [2, 2]),
      c('EXISTS h', 0),
      c('CONFIG SET hash-max-listpack-entries 128', OK),
    ],
  },
  {
    name: 'a long value converts a listpackex hash and keeps the TTLs',
    steps: [
      c('HSET h a 1 b 2', 2),
      c('HPEXPIRE h 100 FIELDS 1 a', [1]),
      c(['HSET', 'h', 'c', 'x'.repeat(65)], 1),
      c('OBJECT ENCODING h', 'hashtable'),
      c('HPTTL h FIELDS 3 a b c', [100, -1, -1]),
      advance(101),
      c('HEXISTS h a', 0),
      c('HLEN h', 2),
    ],
  },

  // HTTL HPTTL HEXPIRETIME HPEXPIRETIME
  {
    name: 'the readers answer -2 per field on a missing key, -1 without TTL, -2 for a missing field',
    steps: [
      c('HTTL h FIELDS 1 a', [-2]),
      c('HPTTL h FIELDS 2 a b', [-2, -2]),
      c('HEXPIRETIME h FIELDS 1 a', [-2]),
      c('HPEXPIRETIME h FIELDS 2 a b', [-2, -2]),
      c('HSET h field1 value1 field2 value2', 2),
      c('HPEXPIRE h 1000 NX FIELDS 1 field1', [1]),
      c('HTTL h FIELDS 2 field2 non_exists_field', [-1, -2]),
      c('HPTTL h FIELDS 3 field1 field2 nofield', [1000, -1, -2]),
    ],
  },
  {
    name: 'seconds round up in HTTL and HEXPIRETIME',
    steps: [
      c('HSET h a 1 b 2 c 3', 3),
      c('HPEXPIRE h 1500 FIELDS 1 a', [1]),
      c('HPEXPIRE h 1 FIELDS 1 b', [1]),
      c('HEXPIRE h 7 FIELDS 1 c', [1]),
      c('HTTL h FIELDS 3 a b c', [2, 1, 7]),
      c('HPTTL h FIELDS 3 a b c', [1500, 1, 7000]),
      c('HEXPIRETIME h FIELDS 3 a b c', [BASE / 1000 + 2, BASE / 1000 + 1, BASE / 1000 + 7]),
      c('HPEXPIRETIME h FIELDS 3 a b c', [BASE + 1500, BASE + 1, BASE + 7000]),
      advance(1),
      c('HTTL h FIELDS 2 a b', [2, 0]),
      c('HPTTL h FIELDS 2 a b', [1499, 0]),
      advance(1),
      c('HTTL h FIELDS 2 a b', [2, -2]),
      c('HGETALL h', map('a', '1', 'c', '3')),
      advance(500),
      c('HTTL h FIELDS 1 a', [1]),
      c('HPTTL h FIELDS 1 a', [998]),
      advance(999),
      c('HTTL h FIELDS 3 a b c', [-2, -2, 6]),
    ],
  },
  {
    name: 'the readers check FIELDS and numfields',
    steps: [
      c('HSET h a 1', 1),
      c('HTTL h FIELDS 1 a b', NUMFIELDS_MISMATCH),
      c('HPTTL h FIELDS 3 a b', NUMFIELDS_MISMATCH),
      c('HEXPIRETIME h FIELDS 0 a', NUMFIELDS_POSITIVE),
      c('HPEXPIRETIME h FIELDS -1 a', NUMFIELDS_POSITIVE),
      c('HTTL h FIELDS x a', NUMFIELDS_POSITIVE),
      c('HTTL h 1 a b', FIELDS_MISSING),
      c('HTTL h FIELDS 1', arity('httl')),
      c('HTTL nokey FIELDS 2 a', NUMFIELDS_MISMATCH),
    ],
  },
  {
    name: 'the hash key TTL and the field TTLs are independent',
    steps: [
      c('HSET h a 1 b 2', 2),
      c('HPEXPIRE h 1000 FIELDS 1 a', [1]),
      c('PEXPIRE h 5000', 1),
      c('PTTL h', 5000),
      c('HPTTL h FIELDS 2 a b', [1000, -1]),
      c('PERSIST h', 1),
      c('HPTTL h FIELDS 1 a', [1000]),
      c('PEXPIRE h 500', 1),
      advance(501),
      c('EXISTS h', 0),
      c('HSET j a 1 b 2', 2),
      c('PEXPIRE j 5000', 1),
      c('HPEXPIRE j 100 FIELDS 2 a b', [1, 1]),
      advance(101),
      c('EXISTS j', 0),
      c('TTL j', -2),
    ],
  },

  // HPERSIST
  {
    name: 'HPERSIST answers -2, -1 or 1 per field and checks its arguments',
    steps: [
      c('HPERSIST h FIELDS 1 a', [-2]),
      c('HPERSIST h FIELDS 2 a b', [-2, -2]),
      c('HSET h f1 v1 f2 v2', 2),
      c('HEXPIRE h 1000 NX FIELDS 1 f1', [1]),
      c('HPERSIST h', arity('hpersist')),
      c('HPERSIST h FIELDS 1', arity('hpersist')),
      c('HPERSIST h FIELDS 2 f1 not-exists-field', [1, -2]),
      c('HPERSIST h FIELDS 1 f2', [-1]),
      c('HPERSIST h FIELDS 1 f1', [-1]),
      c('HPERSIST h FIELDS 2 f1 f2 f3', NUMFIELDS_MISMATCH),
      c('HPERSIST h FIELDS 4 f1 f2 f3', NUMFIELDS_MISMATCH),
      c('HPERSIST h FIELDS 0 f1', NUMFIELDS_POSITIVE),
      c('HPERSIST h NOFIELDS 1 f1', FIELDS_MISSING),
      c('HEXPIRE h 20 FIELDS 2 f1 f2', [1, 1]),
      c('HPERSIST h FIELDS 2 f1 f2', [1, 1]),
      advance(25000),
      c('HMGET h f1 f2', ['v1', 'v2']),
      c('HTTL h FIELDS 2 f1 f2', [-1, -1]),
    ],
  },

  // HGETDEL
  {
    name: 'HGETDEL answers the values, deletes the fields and the key with its last field',
    steps: [
      c('HGETDEL h FIELDS 2 a b', [null, null]),
      c('HSET h a 1 b 2 c 3', 3),
      c('HGETDEL h FIELDS 2 a nofield', ['1', null]),
      c('HGETALL h', map('b', '2', 'c', '3')),
      c('HGETDEL h FIELDS 3 b b c', ['2', null, '3']),
      c('EXISTS h', 0),
      c('HSETEX h PX 5 FIELDS 1 f1 10', 1),
      advance(15),
      c('HGETDEL h FIELDS 1 f1', [null]),
      c('EXISTS h', 0),
      c('HSETEX h FIELDS 3 f1 10 f2 20 f3 value3', 1),
      c('HPEXPIRE h 5 FIELDS 1 f2', [1]),
      advance(15),
      c('HGETDEL h FIELDS 2 f2 f3', [null, 'value3']),
      c('HGETALL h', map('f1', '10')),
      c('HGETDEL h FIELDS 4 f1 f2 f3 f4', ['10', null, null, null]),
      c('EXISTS h', 0),
    ],
  },
  {
    name: 'HGETDEL checks its arguments after the type',
    steps: [
      c('HSET h a 1', 1),
      c('HGETDEL h FIELDS 0 a', NUMFIELDS_POSITIVE),
      c('HGETDEL h FIELDS 2 a', NUMFIELDS_MISMATCH),
      c('HGETDEL h FIELDS 1 a b', NUMFIELDS_MISMATCH),
      c('HGETDEL h 1 a b', FIELDS_MISSING),
      c('HGETDEL h FIELDS 1', arity('hgetdel')),
      c('SET s v', OK),
      c('HGETDEL s XX 1 a', WRONGTYPE),
      c('HGET h a', '1'),
    ],
  },

  // HGETEX
  {
    name: 'HGETEX checks its arguments',
    steps: [
      c('HGETEX', arity('hgetex')),
      c('HGETEX h1', arity('hgetex')),
      c('HGETEX h1 FIELDS', arity('hgetex')),
      c('HGETEX h1 FIELDS 0', arity('hgetex')),
      c('HGETEX h1 FIELDS 1', arity('hgetex')),
      c('HGETEX h1 XFIELDX 1 a', FIELDS_MISSING),
      c('HGETEX h1 PXAT 1 1', FIELDS_MISSING),
      c('HGETEX h1 PERSIST 1 FIELDS 1 a', FIELDS_MISSING),
      c('HGETEX h1 FIELDS 2 a', NUMFIELDS_MISMATCH),
      c('HGETEX h1 FIELDS 0 a', NUMFIELDS_POSITIVE),
      c('HGETEX h1 FIELDS -1 a', NUMFIELDS_POSITIVE),
      c('HGETEX h1 FIELDS 9223372036854775808 a', NUMFIELDS_POSITIVE),
      c('HGETEX h1 EX bla FIELDS 1 a', NOT_INTEGER),
      c('HGETEX h1 EX 9223372036854775808 FIELDS 1 a', NOT_INTEGER),
      c('HGETEX h1 EXAT 9223372036854775808 FIELDS 1 a', NOT_INTEGER),
      c('HGETEX h1 PX -1 FIELDS 1 a', NEGATIVE_TIME),
      c('HGETEX h1 PXAT -1 FIELDS 1 a', NEGATIVE_TIME),
      c('HGETEX h1 EX -1 FIELDS 1 a', NEGATIVE_TIME),
      c(`HGETEX h1 EX ${2 ** 48} FIELDS 1 a`, invalidTime('hgetex')),
      c(`HGETEX h1 EX ${Math.floor(2 ** 46 / 1000) - BASE / 1000 + 100} FIELDS 1 a`, invalidTime('hgetex')),
      c(`HGETEX h1 EXAT ${2 ** 46 + 100} FIELDS 1 a`, invalidTime('hgetex')),
      c(`HGETEX h1 PX ${2 ** 46 - BASE + 100} FIELDS 1 a`, invalidTime('hgetex')),
      c(`HGETEX h1 PXAT ${2 ** 46 + 100} FIELDS 1 a`, invalidTime('hgetex')),
      c('HGETEX h1 EX 10 FIELDS', arity('hgetex')),
      c('HGETEX h1 FIELDS 1 a', [null]),
      c('HGETEX h1 EX 10 FIELDS 2 a b', [null, null]),
      c('EXISTS h1', 0),
    ],
  },
  {
    name: 'HGETEX answers the values and sets, keeps or removes the TTLs',
    steps: [
      c('HSET h a 1 b 2 c strval', 3),
      c('HGETEX h FIELDS 1 a', ['1']),
      c('HGETEX h FIELDS 3 a b c', ['1', '2', 'strval']),
      c('HTTL h FIELDS 3 a b c', [-1, -1, -1]),
      c('HGETEX h EX 10000 FIELDS 2 a zz', ['1', null]),
      c('HTTL h FIELDS 2 a zz', [10000, -2]),
      c('HGETEX h PX 1000000 FIELDS 1 c', ['strval']),
      c('HPTTL h FIELDS 1 c', [1000000]),
      c(`HGETEX h EXAT ${BASE / 1000 + 10} FIELDS 1 b`, ['2']),
      c('HTTL h FIELDS 1 b', [10]),
      c(`HGETEX h PXAT ${BASE + 20000} FIELDS 1 a`, ['1']),
      c('HPTTL h FIELDS 1 a', [20000]),
      c('HGETEX h FIELDS 3 a b c', ['1', '2', 'strval']),
      c('HPTTL h FIELDS 3 a b c', [20000, 10000, 1000000]),
      c('HGETEX h PERSIST FIELDS 2 a b', ['1', '2']),
      c('HGETEX h PERSIST FIELDS 2 a b', ['1', '2']),
      c('HTTL h FIELDS 3 a b c', [-1, -1, 1000]),
      c('HSET h c newval', 0),
      c('HTTL h FIELDS 1 c', [-1]),
    ],
  },
  {
    name: 'HGETEX with a past time answers the values and deletes the fields and the key',
    steps: [
      c('HSET h f1 v1 f2 v2 f3 v3', 3),
      c('HGETEX h PXAT 1 FIELDS 4 f1 f2 f1 f3', ['v1', 'v2', null, 'v3']),
      c('EXISTS h', 0),
      c('HSET h f1 v1 f2 v2', 2),
      c('HGETEX h PX 0 FIELDS 1 f1', ['v1']),
      c('HGETALL h', map('f2', 'v2')),
      c('HSETEX h PX 1 FIELDS 2 f1 v1 f2 v2', 1),
      advance(5),
      c('HGETEX h FIELDS 2 f1 f2', [null, null]),
      c('EXISTS h', 0),
    ],
  },

  // HSETEX
  {
    name: 'HSETEX checks its arguments before the key',
    steps: [
      c('HSETEX h', arity('hsetex')),
      c('HSETEX h fields', arity('hsetex')),
      c('HSETEX h fields 1', arity('hsetex')),
      c('HSETEX h fields 2 a b', arity('hsetex')),
      c('HSETEX h fields 2 a b c', arity('hsetex')),
      c('HSETEX h fields 2 a b c d e', arity('hsetex')),
      c('HSETEX h fields 3 a b c d', arity('hsetex')),
      c('HSETEX h fields 3 a b c d e', arity('hsetex')),
      c('HSETEX h fields 3 a b c d e f g', arity('hsetex')),
      c('HSETEX h fields 3 a b', arity('hsetex')),
      c('HSETEX h fields 1 a b unknown', arity('hsetex')),
      c('HSETEX h nx fields 1 a b', err('ERR unknown argument: nx')),
      c('HSETEX h 1 fields 1 a b', err('ERR unknown argument: 1')),
      c(['HSETEX', 'h', 'x\0y', 'fields', '1', 'a', 'b'], err('ERR unknown argument: x')),
      c('HSETEX h fxx fxx EX 100 fields 1 a b', err('ERR Only one of FXX or FNX arguments can be specified')),
      c('HSETEX h fnx fxx EX 100 fields 1 a b', err('ERR Only one of FXX or FNX arguments can be specified')),
      c('HSETEX h EX 100 PX 1000 fields 1 a b', err('ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified')),
      c('HSETEX h KEEPTTL EX 100 fields 1 a b', err('ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified')),
      c('HSETEX h EX 100 KEEPTTL fields 1 a b', err('ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified')),
      c('HSETEX h KEEPTTL KEEPTTL fields 1 a b', err('ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified')),
      c('HSETEX h PXAT 10 PXAT 10 fields 1 a b', err('ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified')),
      c('HSETEX h ex fields 1 a b', NOT_INTEGER),
      c('HSETEX h pxat fields 1 a b', NOT_INTEGER),
      c(`HSETEX h EXAT ${2 ** 48} 1 a b`, invalidTime('hsetex')),
      c(`HSETEX h PXAT ${2 ** 48} 1 a b`, invalidTime('hsetex')),
      c(`HSETEX h PX ${2 ** 48 - BASE + 1000} 1 a b`, invalidTime('hsetex')),
      c('HSETEX h EXAT -1 1 a b', NEGATIVE_TIME),
      c('HSETEX h EXAT 9223372036854775808 1 a b', NOT_INTEGER),
      c('HSETEX h fields x a b', err('ERR invalid number of fields')),
      c('HSETEX h fields 9223372036854775808 a b', err('ERR invalid number of fields')),
      c('HSETEX h fields 0 a b', err('ERR invalid number of fields')),
      c('HSETEX h fields -1 a b', err('ERR invalid number of fields')),
      c('SET s v', OK),
      c('HSETEX s BAD FIELDS 1 a b', err('ERR unknown argument: BAD')),
      c('HSETEX s FIELDS 1 a b', WRONGTYPE),
      c('EXISTS h', 0),
    ],
  },
  {
    name: 'HSETEX sets fields, answering 1',
    steps: [
      c('HSETEX h FIELDS 1 f1 v1', 1),
      c('HGET h f1', 'v1'),
      c('HSETEX h FIELDS 1 f1 v11', 1),
      c('HGET h f1', 'v11'),
      c('HSETEX h FIELDS 2 f1 v1 f2 v2', 1),
      c('HSETEX h FIELDS 3 f1 v111 f2 v222 f3 v333', 1),
      c('HGETALL h', map('f1', 'v111', 'f2', 'v222', 'f3', 'v333')),
      c('OBJECT ENCODING h', 'listpack'),
    ],
  },
  {
    name: 'HSETEX FXX sets only when every field exists, and never creates the key',
    steps: [
      c('HSETEX h FXX FIELDS 2 f1 v1 f2 v2', 0),
      c('EXISTS h', 0),
      c('HSET h f1 v1', 1),
      c('HSETEX h FXX FIELDS 2 f1 v1 f2 v2', 0),
      c('HGETALL h', map('f1', 'v1')),
      c('HSETEX h FXX FIELDS 1 f1 v11', 1),
      c('HSET h f2 v2', 1),
      c('HSETEX h FXX EX 100 FIELDS 2 f1 v1 f2 v2', 1),
      c('HTTL h FIELDS 2 f1 f2', [100, 100]),
      c('HSETEX h PX 5000 FXX FIELDS 2 f1 v1 f2 v2', 1),
      c('HPTTL h FIELDS 2 f1 f2', [5000, 5000]),
      c('HSETEX j PX 10 FIELDS 1 f1 v1', 1),
      advance(15),
      c('HSETEX j FXX FIELDS 1 f1 v11', 0),
      c('EXISTS j', 0),
    ],
  },
  {
    name: 'HSETEX FNX sets only when no field exists',
    steps: [
      c('HSETEX h FNX FIELDS 1 f1 v1', 1),
      c('HSETEX h FNX FIELDS 2 f1 v1 f2 v2', 0),
      c('HGETALL h', map('f1', 'v1')),
      c('HSETEX h FNX FIELDS 2 f2 v2 f3 v3', 1),
      c('HSETEX h FXX FIELDS 3 f1 v11 f2 v22 f3 v33', 1),
      c('HGETALL h', map('f1', 'v11', 'f2', 'v22', 'f3', 'v33')),
      c('DEL h', 1),
      c('HSETEX h FNX EX 100 FIELDS 2 f1 v1 f2 v2', 1),
      c('HTTL h FIELDS 2 f1 f2', [100, 100]),
      c('HSETEX h PX 5000 FNX FIELDS 1 f3 v3', 1),
      c('HPTTL h FIELDS 3 f1 f2 f3', [100000, 100000, 5000]),
      c('HKEYS h', ['f3', 'f2', 'f1']),
    ],
  },
  {
    name: 'HSETEX: EX/PX/EXAT/PXAT set a TTL, KEEPTTL keeps it, no option drops it',
    steps: [
      c('HSETEX h FIELDS 2 f1 v1 f2 v2', 1),
      c('HSETEX h PX 20000 FIELDS 1 f2 v2', 1),
      c('HTTL h FIELDS 2 f1 f2', [-1, 20]),
      c('HSETEX h KEEPTTL FIELDS 1 f2 v22', 1),
      c('HGET h f2', 'v22'),
      c('HTTL h FIELDS 1 f2', [20]),
      c('HSETEX h EX 10000 FIELDS 3 f1 v1 f2 v2 f3 v3', 1),
      c('HSETEX h KEEPTTL FIELDS 3 f1 v111 f2 v222 f3 v333', 1),
      c('HGETALL h', map('f3', 'v333', 'f2', 'v222', 'f1', 'v111')),
      c('HTTL h FIELDS 3 f1 f2 f3', [10000, 10000, 10000]),
      c(`HSETEX h EXAT ${BASE / 1000 + 10} FIELDS 1 f1 v1`, 1),
      c(`HSETEX h PXAT ${BASE + 7} FIELDS 1 f2 v2`, 1),
      c('HPTTL h FIELDS 3 f1 f2 f3', [10000, 7, 10000000]),
      c('HSETEX h FIELDS 2 f1 v1 f2 v2', 1),
      c('HTTL h FIELDS 3 f1 f2 f3', [-1, -1, 10000]),
    ],
  },
  {
    name: 'HSETEX with a past time sets and deletes the fields, answering 1',
    steps: [
      c(`HSETEX h EXAT ${BASE / 1000 - 1} FIELDS 2 f1 v1 f2 v2`, 1),
      c('EXISTS h', 0),
      c('HSET h f1 v1 f2 v2 f3 v3', 3),
      c(`HSETEX h EXAT ${BASE / 1000 - 1} FIELDS 2 f1 v1 f2 v2`, 1),
      c('HGETALL h', map('f3', 'v3')),
      c('HSETEX h PX 0 FIELDS 1 f3 x', 1),
      c('EXISTS h', 0),
    ],
  },

  // Interactions with the other hash commands
  {
    name: 'HSET, HMSET and HSETNX drop or ignore TTLs; HINCRBY and HINCRBYFLOAT keep them',
    steps: [
      c('HSET h f1 10 f2 2 f3 x f4 y', 4),
      c('HPEXPIRE h 100 FIELDS 4 f1 f2 f3 f4', [1, 1, 1, 1]),
      c('HINCRBY h f1 2', 12),
      c('HINCRBYFLOAT h f2 2.5', '4.5'),
      c('HSETNX h f3 z', 0),
      c('HPTTL h FIELDS 3 f1 f2 f3', [100, 100, 100]),
      c('HSET h f3 new', 0),
      c('HMSET h f4 new', OK),
      c('HPTTL h FIELDS 4 f1 f2 f3 f4', [100, 100, -1, -1]),
      advance(101),
      c('HGETALL h', map('f3', 'new', 'f4', 'new')),
      c('HSET h f1 v1', 1),
      c('HPEXPIRE h 10 FIELDS 1 f1', [1]),
      advance(11),
      c('HINCRBY h f1 1', 1),
      c('HPEXPIRE h 10 FIELDS 1 f1', [1]),
      advance(11),
      c('HINCRBYFLOAT h f1 1.5', '1.5'),
      c('HPEXPIRE h 10 FIELDS 1 f1', [1]),
      advance(11),
      c('HSETNX h f1 again', 1),
      c('HTTL h FIELDS 1 f1', [-1]),
      c('HSET j f1 10', 1),
      c('HPEXPIRE j 10 FIELDS 1 f1', [1]),
      advance(11),
      c('HINCRBY j f1 1', 1),
      c('OBJECT ENCODING j', 'listpack'),
    ],
  },
  {
    name: 'reads never show an expired field (HLEN included, unlike Redis before the field is touched)',
    steps: [
      c('HSET h f1 v1 f2 v2 f3 v3 f4 v4 f5 v5 f6 v6', 6),
      c('HPEXPIRE h 1 NX FIELDS 3 f2 f4 f6', [1, 1, 1]),
      c('HLEN h', 6),
      advance(2),
      c('HLEN h', 3),
      c('HGETALL h', map('f1', 'v1', 'f3', 'v3', 'f5', 'v5')),
      c('HKEYS h', ['f1', 'f3', 'f5']),
      c('HVALS h', ['v1', 'v3', 'v5']),
      c('HEXISTS h f2', 0),
      c('HSTRLEN h f4', 0),
      c('HGET h f6', null),
      c('HMGET h f1 f2 f3', ['v1', null, 'v3']),
      c('HRANDFIELD h 10', ['f1', 'f3', 'f5']),
      c('HSCAN h 0', ['0', ['f1', 'v1', 'f3', 'v3', 'f5', 'v5']]),
      c('HDEL h f2 f3', 1),
      c('HSET h f2 again', 1),
      c('HPEXPIRE h 1 FIELDS 3 f1 f2 f5', [1, 1, 1]),
      advance(2),
      c('HRANDFIELD h', null),
      c('HRANDFIELD h 2', []),
      c('HGETALL h', map()),
      c('HSCAN h 0', ['0', []]),
      c('EXISTS h', 0),
      c('TYPE h', { simple: 'none' }),
    ],
  },
  {
    name: 'HDEL of a field with a TTL, and of the last field',
    steps: [
      c('HSET h a 1 b 2', 2),
      c('HEXPIRE h 100 FIELDS 1 a', [1]),
      c('HDEL h a', 1),
      c('HTTL h FIELDS 2 a b', [-2, -1]),
      c('HSET h a 3', 1),
      c('HTTL h FIELDS 1 a', [-1]),
      c('HEXPIRE h 100 FIELDS 2 a b', [1, 1]),
      c('HDEL h a b', 2),
      c('EXISTS h', 0),
    ],
  },
  {
    name: 'RENAME, COPY, MOVE and SWAPDB keep field TTLs',
    steps: [
      c('HSET h a 1 b 2', 2),
      c('HPEXPIRE h 100 FIELDS 1 a', [1]),
      c('RENAME h r', OK),
      c('HPTTL r FIELDS 2 a b', [100, -1]),
      c('COPY r c', 1),
      c('HPEXPIRE c 300 FIELDS 1 b', [1]),
      c('HPTTL r FIELDS 2 a b', [100, -1]),
      c('HPTTL c FIELDS 2 a b', [100, 300]),
      c('OBJECT ENCODING c', 'listpackex'),
      c('COPY r x DB 1', 1),
      c('MOVE c 1', 1),
      c('SWAPDB 0 1', OK),
      c('HPTTL c FIELDS 2 a b', [100, 300]),
      c('HPTTL x FIELDS 2 a b', [100, -1]),
      c('EXISTS r', 0),
      advance(150),
      c('HGETALL c', map('b', '2')),
      c('HGETALL x', map('b', '2')),
      c('SELECT 1', OK),
      c('HGETALL r', map('b', '2')),
      c('SELECT 0', OK),
    ],
  },
  {
    name: 'SORT ... GET reads live fields only',
    steps: [
      c('RPUSH l 1 2', 2),
      c('HSET w_1 f one', 1),
      c('HSET w_2 f two g x', 2),
      c('HPEXPIRE w_2 5 FIELDS 1 f', [1]),
      c('SORT l GET w_*->f', ['one', 'two']),
      advance(6),
      c('SORT l GET w_*->f', ['one', null]),
      c('HPEXPIRE w_1 5 FIELDS 1 f', [1]),
      advance(6),
      c('SORT l GET # GET w_*->g', ['1', null, '2', 'x']),
      c('EXISTS w_1', 0),
    ],
  },
  {
    name: 'WATCH sees a watched hash lose fields to expiry',
    steps: [
      c('HSET h a 1 b 2', 2),
      c('HPEXPIRE h 10 FIELDS 1 a', [1]),
      c('WATCH h', OK),
      advance(11),
      c('HGET h a', null),
      c('MULTI', OK),
      c('HGET h b', { simple: 'QUEUED' }),
      c('EXEC', { error: '__nil_array__' }),
    ],
  },
  {
    name: 'binary field names and values with TTLs',
    steps: [
      c(['HSET', 'h\0', '\0\xff', 'v\r\n', 'f', 'x'], 2),
      c(['HPEXPIRE', 'h\0', '100', 'FIELDS', '1', '\0\xff'], [1]),
      c(['HGETEX', 'h\0', 'PX', '50', 'FIELDS', '2', '\0\xff', 'f'], ['v\r\n', 'x']),
      c(['HPTTL', 'h\0', 'FIELDS', '2', '\0\xff', 'f'], [50, 50]),
      c(['HGETALL', 'h\0'], map('f', 'x', '\0\xff', 'v\r\n')),
      advance(51),
      c(['EXISTS', 'h\0'], 0),
    ],
  },
  {
    name: 'every command answers WRONGTYPE for another type',
    steps: [
      c('SET w somevalue', OK),
      c('HEXPIRE w 10 FIELDS 1 f1', WRONGTYPE),
      c('HEXPIREAT w 10 FIELDS 1 f1', WRONGTYPE),
      c('HPEXPIRE w 10 FIELDS 1 f1', WRONGTYPE),
      c('HPEXPIREAT w 10 FIELDS 1 f1', WRONGTYPE),
      c('HEXPIRETIME w FIELDS 1 f1', WRONGTYPE),
      c('HPEXPIRETIME w FIELDS 1 f1', WRONGTYPE),
      c('HTTL w FIELDS 1 f1', WRONGTYPE),
      c('HPTTL w FIELDS 1 f1', WRONGTYPE),
      c('HPERSIST w FIELDS 1 f1', WRONGTYPE),
      c('HGETEX w FIELDS 1 f1', WRONGTYPE),
      c('HGETDEL w FIELDS 1 f1', WRONGTYPE),
      c('HSETEX w FIELDS 1 f1 v1', WRONGTYPE),
      // The type comes before the arguments (HSETEX alone parses first).
      c('HEXPIRE w abc x 0 y', WRONGTYPE),
      c('HTTL w x 0 a', WRONGTYPE),
    ],
  },
];

/** The reply bytes for one protocol; EXEC's aborted reply is a null array. */
function expectedBytes(expected: Expected, protocol: 2 | 3): string {
  if (typeof expected === 'object' && expected !== null && 'error' in expected && expected.error === '__nil_array__') {
    return protocol === 2 ? '*-1\r\n' : '_\r\n';
  }
  return encode(expected, protocol);
}

describe('hash field TTLs', () => {
  let now = BASE;
  let restis: RunningServer;

  before(async () => {
    restis = await startServer({ clock: () => now, config: { 'enable-debug-command': 'yes' } });
  });
  after(async () => {
    await restis.close();
  });

  for (const protocol of [2, 3] as const) {
    for (const testCase of CASES) {
      test(`RESP${protocol}: ${testCase.name}`, async () => {
        now = BASE;
        const client = await RawClient.connect(restis.port);
        try {
          if (protocol === 3) await client.call('HELLO', '3');
          assert.equal((await client.call('FLUSHALL')).raw, '+OK\r\n');
          for (const [index, step] of testCase.steps.entries()) {
            if ('advance' in step) {
              now += step.advance;
              continue;
            }
            const reply = await client.call(...step.argv);
            assert.equal(reply.raw, expectedBytes(step.expected, protocol), `step ${index + 1}: ${JSON.stringify(step.argv)}`);
          }
        } finally {
          await client.close();
        }
      });
    }
  }

  test('COMMAND INFO declares what Redis 7.4 / 8.0 declare', async () => {
    const client = await RawClient.connect(restis.port);
    try {
      // name, arity, flags, key positions, ACL categories, tips, key spec flags
      const expected: Array<[string, number, string, string, string, string]> = [
        ['hexpire', -6, 'write fast', '@write @hash @fast', '', 'RW update'],
        ['hpexpire', -6, 'write fast', '@write @hash @fast', '', 'RW update'],
        ['hexpireat', -6, 'write fast', '@write @hash @fast', '', 'RW update'],
        ['hpexpireat', -6, 'write fast', '@write @hash @fast', '', 'RW update'],
        ['httl', -5, 'readonly fast', '@read @hash @fast', 'nondeterministic_output', 'RO access'],
        ['hpttl', -5, 'readonly fast', '@read @hash @fast', 'nondeterministic_output', 'RO access'],
        ['hexpiretime', -5, 'readonly fast', '@read @hash @fast', '', 'RO access'],
        ['hpexpiretime', -5, 'readonly fast', '@read @hash @fast', '', 'RO access'],
        ['hpersist', -5, 'write fast', '@write @hash @fast', '', 'RW update'],
        ['hgetdel', -5, 'write fast', '@write @hash @fast', '', 'RW access delete'],
        ['hgetex', -5, 'write fast', '@write @hash @fast', '', 'RW access update'],
        ['hsetex', -6, 'write denyoom fast', '@write @hash @fast', '', 'RW update'],
      ];
      for (const [name, arity, flags, acl, tips, keySpecFlags] of expected) {
        const entry = (await client.call('COMMAND', 'INFO', name)).items![0]!;
        const items = entry.items!;
        const texts = (reply: typeof items[number]) => (reply.items ?? []).map((item) => item.text).join(' ');
        assert.equal(items[0]!.text, name);
        assert.equal(Number(items[1]!.text), arity, `${name} arity`);
        assert.equal(texts(items[2]!), flags, `${name} flags`);
        assert.deepEqual([items[3]!.text, items[4]!.text, items[5]!.text], ['1', '1', '1'], `${name} key positions`);
        assert.equal(texts(items[6]!), acl, `${name} ACL categories`);
        assert.equal(texts(items[7]!), tips, `${name} tips`);
        const keySpecs = items[8]!.items!;
        assert.equal(keySpecs.length, 1, `${name} key specs`);
        assert.equal(texts(keySpecs[0]!.items![1]!), keySpecFlags, `${name} key spec flags`);
      }
    } finally {
      await client.close();
    }
  });

  test('active expiry deletes due fields of hashes nobody touches, and the emptied keys', async () => {
    now = BASE;
    const client = await RawClient.connect(restis.port);
    const db0 = restis.server.keyspace.db(0);
    try {
      await client.call('FLUSHALL');
      await client.call('CONFIG', 'SET', 'hz', '100');
      await client.call('HSET', 'gone', 'a', '1', 'b', '2');
      await client.call('HPEXPIRE', 'gone', '100', 'FIELDS', '2', 'a', 'b');
      await client.call('HSET', 'mixed', 'a', '1', 'keep', '2');
      await client.call('HPEXPIRE', 'mixed', '100', 'FIELDS', '1', 'a');
      await client.call('HSET', 'later', 'a', '1');
      await client.call('HPEXPIRE', 'later', '100000', 'FIELDS', '1', 'a');
      // A big hash in the hashtable encoding, expiring in several visits.
      const fields: string[] = [];
      for (let i = 0; i < 2000; i++) fields.push(`f${i}`, 'v');
      await client.call('HSET', 'big', ...fields);
      await client.call('HPEXPIRE', 'big', '100', 'FIELDS', '2000', ...fields.filter((_, i) => i % 2 === 0));
      await client.call('SELECT', '1');
      await client.call('HSET', 'other', 'a', '1');
      await client.call('HPEXPIRE', 'other', '100', 'FIELDS', '1', 'a');
      await client.call('SELECT', '0');
      now = BASE + 101;
      const deadline = Date.now() + 1000;
      while (Date.now() < deadline && (db0.data.size !== 2 || restis.server.keyspace.db(1).data.size !== 0)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Looked at from the inside, without the lookups that would expire fields lazily.
      assert.deepEqual([...db0.data.keys()].sort(), ['later', 'mixed']);
      assert.equal((db0.data.get('mixed') as HashValue).size, 1);
      assert.equal(restis.server.keyspace.db(1).data.size, 0);
      assert.equal((await client.call('DBSIZE')).raw, ':2\r\n');
      // With no field TTL left, a database is back to no field-expiry work at all.
      assert.equal(restis.server.keyspace.db(1).hashFieldExpiry, undefined);
    } finally {
      await client.call('CONFIG', 'SET', 'hz', '10');
      await client.close();
    }
  });

  test('with active expiry off, only a lookup removes due fields', async () => {
    now = BASE;
    const client = await RawClient.connect(restis.port);
    try {
      await client.call('FLUSHALL');
      await client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      await client.call('HSET', 'h', 'a', '1');
      await client.call('HPEXPIRE', 'h', '10', 'FIELDS', '1', 'a');
      now = BASE + 11;
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal((await client.call('DBSIZE')).raw, ':1\r\n');
      assert.equal((await client.call('EXISTS', 'h')).raw, ':0\r\n');
      assert.equal((await client.call('DBSIZE')).raw, ':0\r\n');
    } finally {
      await client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      await client.close();
    }
  });

  test('a hash without field TTLs carries no slot for them', () => {
    const hash = new HashValue();
    hash.set('a', '1', { hashMaxListpackEntries: 128, hashMaxListpackValue: 64 });
    assert.deepEqual(Object.keys(hash).sort(), ['items', 'positions']);
    hash.enableFieldTtls();
    assert.equal(hash.encoding(), 'listpackex');
  });
});

test('hash field TTLs run out in real time, by the active cycle', async () => {
  const restis = await startServer();
  const client = await RawClient.connect(restis.port);
  try {
    client.sendRaw(encodeCommand(['HSET', 'h', 'a', '1', 'b', '2']));
    await client.readReply();
    assert.equal((await client.call('HPEXPIRE', 'h', '30', 'FIELDS', '2', 'a', 'b')).raw, '*2\r\n:1\r\n:1\r\n');
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && restis.server.keyspace.db(0).data.size !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await client.call('DBSIZE')).raw, ':0\r\n');
  } finally {
    await client.close();
    await restis.close();
  }
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { loadRdb } from '../../src/persistence/rdb/rdb-reader.js';
import { RdbWriter } from '../../src/persistence/rdb/rdb-writer.js';
import { RawClient } from '../helpers/raw-client.js';
import { redisServerMissing, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import type { RespReply } from '../helpers/resp-reply.js';

// Data moves both ways between redis-server 7.0 and Restis through RDB files: Redis SAVEs a
// dataset of every type and encoding, Restis loads it and must answer the same for every key;
// then Restis writes the same data, redis-check-rdb accepts the file and a redis-server started
// on it answers the same again.

const skip = redisServerMissing();

/** The dataset: commands run on redis-server, spread over databases 0, 1 and 5. */
function datasetCommands(): string[][] {
  const commands: string[][] = [];
  const add = (...argv: Array<string | number>) => commands.push(argv.map(String));
  add('SELECT', 0);
  add('SET', 'int', 123);
  add('SET', 'bigint', '9223372036854775807');
  add('SET', 'neg', -70000);
  add('SET', 'plain', 'hello world');
  add('SET', 'long', 'x'.repeat(300));
  add('SET', 'random', Array.from({ length: 100 }, (_, i) => String.fromCharCode((i * 73 + 11) % 256)).join(''));
  add('SET', '\x00bin\xffkey', '\x00\x01\x02\xfe\xff');
  add('SET', 'empty', '');
  add('SET', 'ttl', 'v', 'PX', 500000);
  add('APPEND', 'appended', 'abc');
  add('PFADD', 'hll', 'a', 'b', 'c');
  add('PFADD', 'hll-dense', ...Array.from({ length: 3000 }, (_, i) => `e${i}`));
  add('RPUSH', 'list', 'a', 'b', 1, 2, 300, -5, '12345678901234567890');
  add('LPUSH', 'list-head', ...Array.from({ length: 2500 }, (_, i) => `head-element-${i}`));
  add('RPUSH', 'list-big', ...Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? String(i) : `v${i}`)));
  add('RPUSH', 'list-huge-element', 'x'.repeat(20000), 'y');
  add('SADD', 'intset', 1, 2, 3, -40000, 5000000000);
  add('SADD', 'set', 'a', 'b', 'c', 1);
  add('SADD', 'set-big-ints', ...Array.from({ length: 1000 }, (_, i) => i * 7));
  add('ZADD', 'zset', 1, 'a', 2.5, 'b', '-inf', 'c', 'inf', 'd', '1e20', 'e', 0.1, 'f');
  add('ZADD', 'zset-big', ...Array.from({ length: 400 }, (_, i) => [i / 3, `m${i}`]).flat());
  add('ZADD', 'zset-long', 1, 'm'.repeat(100));
  add('HSET', 'hash', 'f', 'v', 'n', 12, 'big', '99999999999');
  add('HSET', 'hash-big', ...Array.from({ length: 300 }, (_, i) => [`f${i}`, `value-${i}`]).flat());
  add('HSET', 'hash-long', 'f', 'v'.repeat(100));
  add('EXPIRE', 'hash', 1000);
  add('XADD', 'stream', '1-1', 'a', 1, 'b', 2);
  add('XADD', 'stream', '1-2', 'a', 3, 'b', 4);
  add('XADD', 'stream', '2-0', 'c', 5);
  add('XADD', 'stream', '3-0', 'a', 'x', 'b', 'y');
  add('XDEL', 'stream', '1-2');
  add('XGROUP', 'CREATE', 'stream', 'g1', '0');
  add('XGROUP', 'CREATE', 'stream', 'g2', '$');
  add('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', 1, 'STREAMS', 'stream', '>');
  add('XREADGROUP', 'GROUP', 'g1', 'bob', 'STREAMS', 'stream', '>');
  add('XGROUP', 'CREATECONSUMER', 'stream', 'g2', 'carol');
  for (let i = 1; i <= 300; i++) add('XADD', 'stream-big', `${i}-0`, 'field', `value-${i}`, 'n', i);
  add('XTRIM', 'stream-big', 'MAXLEN', '~', 150);
  add('SELECT', 1);
  add('SET', 'int', 7);
  add('RPUSH', 'list', 'only');
  add('SET', 'ttl-seconds', 'v', 'EX', 100000);
  add('SELECT', 5);
  add('HSET', 'h', 'a', 1);
  add('SADD', 's', 'x');
  return commands;
}

async function call(client: RawClient, ...argv: Array<string | number>): Promise<RespReply> {
  return client.call(...argv.map(String));
}

/** Everything observable about a key, as text that must be equal on both servers. */
async function describeKey(client: RawClient, key: string): Promise<string> {
  const type = (await call(client, 'TYPE', key)).text;
  const encoding = (await call(client, 'OBJECT', 'ENCODING', key)).raw;
  const pttl = Number((await call(client, 'PTTL', key)).text);
  const ttlBucket = pttl < 0 ? String(pttl) : `~${Math.round(pttl / 2000)}`;
  let content: string;
  const sortedItems = (reply: RespReply) => (reply.items ?? []).map((item) => item.raw).sort().join('|');
  switch (type) {
    case 'string': content = (await call(client, 'GET', key)).raw; break;
    case 'list': content = (await call(client, 'LRANGE', key, 0, -1)).raw; break;
    case 'set': content = sortedItems(await call(client, 'SMEMBERS', key)); break;
    case 'zset': content = (await call(client, 'ZRANGE', key, 0, -1, 'WITHSCORES')).raw; break;
    case 'hash': {
      const flat = (await call(client, 'HGETALL', key)).items ?? [];
      const pairs: string[] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]!.raw}=${flat[i + 1]!.raw}`);
      content = pairs.sort().join('|');
      break;
    }
    case 'stream': {
      const range = (await call(client, 'XRANGE', key, '-', '+')).raw;
      const info = (await call(client, 'XINFO', 'STREAM', key)).raw;
      const groups = (await call(client, 'XINFO', 'GROUPS', key)).raw;
      let details = '';
      for (const group of ['g1', 'g2']) {
        details += (await call(client, 'XPENDING', key, group, '-', '+', 100)).items?.map((entry) => `${entry.items![0]!.raw}${entry.items![1]!.raw}${entry.items![3]!.raw}`).join(',') ?? '';
        const consumers = (await call(client, 'XINFO', 'CONSUMERS', key, group)).items ?? [];
        details += consumers.map((consumer) => `${consumer.items![1]!.raw}:${consumer.items![3]!.raw}`).join(',');
      }
      content = range + info + groups + details;
      break;
    }
    default: content = '';
  }
  return `${type} ${encoding} ttl${ttlBucket} ${content}`;
}

async function keysOf(client: RawClient): Promise<string[]> {
  return ((await call(client, 'KEYS', '*')).items ?? []).map((item) => item.text!).sort();
}

async function compareServers(expected: RawClient, actual: RawClient, label: string): Promise<number> {
  let compared = 0;
  for (const db of [0, 1, 5]) {
    await call(expected, 'SELECT', db);
    await call(actual, 'SELECT', db);
    const keys = await keysOf(expected);
    assert.deepEqual(await keysOf(actual), keys, `${label}: keys of db ${db}`);
    for (const key of keys) {
      assert.equal(await describeKey(actual, key), await describeKey(expected, key), `${label}: db ${db} key ${JSON.stringify(key)}`);
      compared++;
    }
  }
  return compared;
}

describe('RDB interoperability with redis-server 7.0', { skip: skip ?? false }, () => {
  let redis: RedisProcess;
  let restis: RunningServer;
  let redisClient: RawClient;
  let restisClient: RawClient;
  const work = mkdtempSync(join(tmpdir(), 'restis-rdb-interop-'));

  before(async () => {
    redis = await startRedisServer();
    restis = await startServer({});
    redisClient = await RawClient.connect(redis.port);
    restisClient = await RawClient.connect(restis.port);
    for (const argv of datasetCommands()) {
      const reply = await redisClient.call(...argv);
      assert.notEqual(reply.kind, '-', `${argv.join(' ')}: ${reply.raw}`);
    }
  });

  after(async () => {
    await redisClient?.close();
    await restisClient?.close();
    await redis?.stop();
    await restis?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test("Restis loads Redis's dump.rdb and answers the same for every key", async () => {
    assert.equal((await call(redisClient, 'SAVE')).raw, '+OK\r\n');
    const dir = (await call(redisClient, 'CONFIG', 'GET', 'dir')).items![1]!.text!;
    const bytes = readFileSync(join(dir, 'dump.rdb'));
    // Encodings after loading are what Restis must match (e.g. PFADD's raw string loads as embstr).
    assert.equal((await call(redisClient, 'DEBUG', 'RELOAD')).raw, '+OK\r\n');
    const keyspace = restis.server.keyspace;
    const info = loadRdb(bytes, (db, key, value, expireAt) => {
      const database = keyspace.db(db);
      database.set(key, value);
      if (expireAt !== undefined) database.setExpire(key, expireAt);
    }, restis.server.encodingLimits);
    assert.equal(info.version, 10);
    assert.equal(info.aux.get('redis-ver'), '7.0.15');
    assert.ok(info.checksum !== 0n);
    const compared = await compareServers(redisClient, restisClient, 'Redis -> Restis');
    assert.ok(compared >= 30, `compared ${compared} keys`);
  });

  test('redis-server loads the RDB Restis writes, and answers the same again', async () => {
    const chunks: Buffer[] = [];
    const writer = new RdbWriter((chunk) => chunks.push(Buffer.from(chunk)));
    writer.header({ ctime: Date.now() / 1000, usedMem: 1_000_000, aofBase: false });
    for (const database of restis.server.keyspace.databases) {
      if (database.size === 0) continue;
      writer.selectDb(database.index, database.size, database.expires.size);
      for (const [key, value] of database.data) writer.entry(key, value, database.expires.get(key));
    }
    writer.finish();
    const file = join(work, 'restis.rdb');
    writeFileSync(file, Buffer.concat(chunks));
    const check = spawnSync('redis-check-rdb', [file], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /RDB looks OK/);

    const loaded = await startRedisServer(['--dir', work, '--dbfilename', 'restis.rdb']);
    const loadedClient = await RawClient.connect(loaded.port);
    try {
      const compared = await compareServers(loadedClient, restisClient, 'Restis -> Redis');
      assert.ok(compared >= 30);
      // The file Restis writes loads back into Restis too, with the same answers.
      const again = await startServer({});
      const againClient = await RawClient.connect(again.port);
      loadRdb(readFileSync(file), (db, key, value, expireAt) => {
        again.server.keyspace.db(db).set(key, value);
        if (expireAt !== undefined) again.server.keyspace.db(db).setExpire(key, expireAt);
      }, again.server.encodingLimits);
      await compareServers(restisClient, againClient, 'Restis -> Restis');
      await againClient.close();
      await again.close();
    } finally {
      await loadedClient.close();
      await loaded.stop();
    }
  });
});

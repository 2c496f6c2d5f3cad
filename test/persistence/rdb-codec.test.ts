import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { crc64 } from '../../src/persistence/rdb/crc64.js';
import { lzfCompress, lzfDecompress } from '../../src/persistence/rdb/lzf.js';
import { RdbError } from '../../src/persistence/rdb/rdb-error.js';
import { loadRdb, restorePayload } from '../../src/persistence/rdb/rdb-reader.js';
import { RdbWriter, dumpPayload } from '../../src/persistence/rdb/rdb-writer.js';
import type { StoredValue } from '../../src/engine/values.js';
import { valueEncoding } from '../../src/engine/values.js';
import { RawClient } from '../helpers/raw-client.js';
import { seededRandom } from '../helpers/seeded-random.js';

const LIMITS = {
  hashMaxListpackEntries: 128, hashMaxListpackValue: 64, setMaxIntsetEntries: 512, zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64, listMaxListpackSize: -2, listCompressDepth: 0, streamNodeMaxBytes: 4096,
  streamNodeMaxEntries: 100, hllSparseMaxBytes: 3000,
};

describe('CRC-64 and LZF', () => {
  test('CRC-64 (Jones, reflected) of "123456789"', () => {
    assert.equal(crc64(Buffer.from('123456789')).value(), 0xe9c6d914c4b8d9can);
    assert.equal(crc64(Buffer.alloc(0)).value(), 0n);
  });

  test('LZF compresses as Redis does and round-trips', () => {
    // Redis's DUMP of SET k <51 x "a"> carries exactly these compressed bytes.
    assert.equal(lzfCompress(Buffer.from('a'.repeat(51)), 47)!.toString('hex'), '016161e02600016161');
    assert.equal(lzfCompress(Buffer.from('abcdefgh'), 4), undefined);
    const random = seededRandom(11);
    for (let round = 0; round < 300; round++) {
      const length = 1 + random.below(5000);
      const input = Buffer.alloc(length);
      for (let i = 0; i < length; i++) input[i] = random.next() < 0.6 ? 97 + random.below(4) : random.below(256);
      const compressed = lzfCompress(input, length + 64)!;
      assert.deepEqual(lzfDecompress(compressed, length), input);
      assert.equal(lzfDecompress(compressed, length + 1), undefined);
    }
    assert.equal(lzfDecompress(Buffer.from([0xe0, 0x05]), 10), undefined);
  });
});

/** Commands building one key `k` of each type and encoding in Restis. */
const VALUE_SETUPS: string[][][] = [
  [['SET', 'k', '12']], [['SET', 'k', '-70000']], [['SET', 'k', 'x'.repeat(100)]], [['SET', 'k', '\x00\xff']],
  [['APPEND', 'k', 'raw']], [['PFADD', 'k', 'a', 'b']],
  [['RPUSH', 'k', 'a', '1', '-300', '5000000000']], [['LPUSH', 'k', ...Array.from({ length: 3000 }, (_, i) => `e${i}`)]],
  [['SADD', 'k', '1', '2', '70000']], [['SADD', 'k', 'a', 'b']],
  [['ZADD', 'k', '1', 'a', '2.5', 'b', '-inf', 'c']], [['ZADD', 'k', ...Array.from({ length: 300 }, (_, i) => [String(i / 7), `m${i}`]).flat()]],
  [['HSET', 'k', 'f', 'v', 'n', '5']], [['HSET', 'k', ...Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]).flat()]],
  [['HSET', 'k', 'f', 'v', 'g', 'w'], ['HPEXPIRE', 'k', '100000', 'FIELDS', '1', 'f']],
  [['HSET', 'k', ...Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]).flat()], ['HPEXPIRE', 'k', '100000', 'FIELDS', '2', 'f1', 'f2']],
  [['XADD', 'k', '1-1', 'a', '1'], ['XADD', 'k', '2-1', 'b', '2'], ['XADD', 'k', '3-1', 'a', '3'], ['XDEL', 'k', '2-1'],
    ['XGROUP', 'CREATE', 'k', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'k', '>']],
];

describe('DUMP and RESTORE round trips', () => {
  let server: RunningServer;
  let client: RawClient;
  before(async () => {
    server = await startServer({});
    client = await RawClient.connect(server.port);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('every type and encoding restores to the same bytes, encoding and contents', async () => {
    for (const setup of VALUE_SETUPS) {
      await client.call('FLUSHALL');
      for (const argv of setup) assert.notEqual((await client.call(...argv)).kind, '-', argv.join(' '));
      const payload = (await client.call('DUMP', 'k')).text!;
      assert.equal((await client.call('RESTORE', 'copy', '0', payload)).raw, '+OK\r\n', setup[0]!.join(' '));
      assert.equal((await client.call('DUMP', 'copy')).text, payload, setup[0]!.join(' '));
      // Strings load as Redis loads them (APPEND's raw string comes back embstr, as in Redis).
      if ((await client.call('TYPE', 'k')).text !== 'string') {
        assert.equal((await client.call('OBJECT', 'ENCODING', 'copy')).raw, (await client.call('OBJECT', 'ENCODING', 'k')).raw);
      }
      const db = server.server.keyspace.db(0);
      const original = db.get('k')!;
      const restored = restorePayload(Buffer.from(payload, 'latin1'), server.server.encodingLimits);
      assert.equal(restored.error, undefined);
      assert.deepEqual(dumpPayload(restored.value!), dumpPayload(original));
    }
  });

  test('field TTLs survive DUMP/RESTORE (RDB version 12 payload)', async () => {
    await client.call('FLUSHALL');
    await client.call('HSET', 'k', 'f', 'v', 'g', 'w');
    await client.call('HPEXPIRE', 'k', '100000', 'FIELDS', '1', 'g');
    const payload = (await client.call('DUMP', 'k')).text!;
    assert.equal(payload.charCodeAt(payload.length - 10), 12);
    await client.call('RESTORE', 'copy', '0', payload);
    const ttl = Number((await client.call('HPTTL', 'copy', 'FIELDS', '2', 'f', 'g')).items![1]!.text);
    assert.ok(ttl > 90000 && ttl <= 100000, String(ttl));
    assert.equal((await client.call('HPTTL', 'copy', 'FIELDS', '1', 'f')).items![0]!.text, '-1');
  });

  test('bad payloads: checksum, version, truncated body, unknown type', () => {
    const good = dumpPayload('hello');
    assert.deepEqual(restorePayload(good, LIMITS), { value: 'hello' });
    const flipped = Buffer.from(good);
    flipped[1]! ^= 1;
    assert.equal(restorePayload(flipped, LIMITS).error, 'ERR DUMP payload version or checksum are wrong');
    const withFooter = (body: Buffer, version = 10) => {
      const payload = Buffer.alloc(body.length + 10);
      body.copy(payload);
      payload.writeUInt16LE(version, body.length);
      crc64(payload, 0, body.length + 2).bytes().copy(payload, body.length + 2);
      return payload;
    };
    assert.equal(restorePayload(withFooter(Buffer.from([0, 5, 97])), LIMITS).error, 'ERR Bad data format');
    assert.equal(restorePayload(withFooter(Buffer.from([99, 1, 97])), LIMITS).error, 'ERR Bad data format');
    assert.equal(restorePayload(withFooter(Buffer.from([0, 1, 97]), 13), LIMITS).error, 'ERR DUMP payload version or checksum are wrong');
    assert.equal(restorePayload(withFooter(Buffer.from([2, 0])), LIMITS).error, 'ERR Bad data format');
  });
});

/** A small RDB file with every type, written by RdbWriter. */
function sampleFile(values: Array<[string, StoredValue]>): Buffer {
  const chunks: Buffer[] = [];
  const writer = new RdbWriter((chunk) => chunks.push(Buffer.from(chunk)));
  writer.header({ ctime: 1700000000, usedMem: 1000, aofBase: false });
  writer.selectDb(0, values.length, 1);
  values.forEach(([key, value], i) => writer.entry(key, value, i === 0 ? 1893456000000 : undefined));
  writer.finish();
  return Buffer.concat(chunks);
}

describe('RDB files', () => {
  let server: RunningServer;
  let client: RawClient;
  let values: Array<[string, StoredValue]>;
  before(async () => {
    server = await startServer({});
    client = await RawClient.connect(server.port);
    VALUE_SETUPS.forEach(() => undefined);
    for (let i = 0; i < VALUE_SETUPS.length; i++) {
      for (const argv of VALUE_SETUPS[i]!) await client.call(...argv.map((word) => (word === 'k' ? `k${i}` : word)));
    }
    values = [...server.server.keyspace.db(0).data.entries()].filter(([key]) => key.length <= 3);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('a written file loads back identically', () => {
    const file = sampleFile(values);
    const loaded = new Map<string, StoredValue>();
    let expiry: unknown;
    const info = loadRdb(file, (_db, key, value, expireAt) => {
      loaded.set(key, value);
      if (expireAt !== undefined) expiry = expireAt;
    }, server.server.encodingLimits);
    assert.equal(info.aux.get('redis-ver'), '7.0.15');
    assert.equal(expiry, 1893456000000);
    assert.equal(loaded.size, values.length);
    for (const [key, value] of values) {
      assert.deepEqual(dumpPayload(loaded.get(key)!), dumpPayload(value), key);
      if (typeof value !== 'string' && value.type !== 'string') assert.equal(valueEncoding(loaded.get(key)!), valueEncoding(value), key);
    }
  });

  test('truncation at every offset and flipped bytes give a load or an RdbError, never anything else', () => {
    const file = sampleFile(values.filter(([key]) => key !== 'k7' && key !== 'k11' && key !== 'k13' && key !== 'k15'));
    const visit = () => {};
    for (let cut = 0; cut < file.length; cut++) {
      assert.throws(() => loadRdb(file.subarray(0, cut), visit, LIMITS), RdbError, `cut at ${cut}`);
    }
    const random = seededRandom(Number(process.env.RESTIS_SEED ?? 5));
    let errors = 0;
    for (let round = 0; round < 3000; round++) {
      const damaged = Buffer.from(file);
      const flips = 1 + random.below(3);
      for (let f = 0; f < flips; f++) damaged[random.below(damaged.length)] = random.below(256);
      try {
        loadRdb(damaged, visit, LIMITS, { verifyChecksum: round % 2 === 0 });
      } catch (error) {
        if (!(error instanceof RdbError)) throw new Error(`seed ${random.seed} round ${round}: ${String(error)}`);
        errors++;
      }
    }
    assert.ok(errors > 1500);
  });

  test('versions, opcodes and checksums', () => {
    const file = sampleFile([['a', 'b']]);
    const newer = Buffer.from(file);
    newer.write('0013', 5, 'latin1');
    assert.throws(() => loadRdb(newer, () => {}, LIMITS), /unsupported RDB version 13 .*offset 5/);
    assert.throws(() => loadRdb(Buffer.from('HELLO0010'), () => {}, LIMITS), /not an RDB file/);
    const unknownOpcode = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([200])]);
    assert.throws(() => loadRdb(unknownOpcode, () => {}, LIMITS), /unknown opcode or value type 200 at offset 9/);
    const moduleAux = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([247, 1])]);
    assert.throws(() => loadRdb(moduleAux, () => {}, LIMITS), /module auxiliary data/);
    const badChecksum = Buffer.from(file);
    badChecksum[badChecksum.length - 1]! ^= 0xff;
    assert.throws(() => loadRdb(badChecksum, () => {}, LIMITS), /checksum mismatch/);
    assert.doesNotThrow(() => loadRdb(badChecksum, () => {}, LIMITS, { verifyChecksum: false }));
    const zeroChecksum = Buffer.from(file);
    zeroChecksum.fill(0, zeroChecksum.length - 8);
    assert.doesNotThrow(() => loadRdb(zeroChecksum, () => {}, LIMITS));
  });

  test('old encodings: ziplists, quicklist v1, zipmap, linked list, old zset, seconds expiry (version 6)', () => {
    const ziplist = (items: string[]) => {
      const entries = items.map((item) => Buffer.concat([Buffer.from([0, item.length]), Buffer.from(item, 'latin1')]));
      const body = Buffer.concat(entries);
      const header = Buffer.alloc(10);
      header.writeUInt32LE(10 + body.length + 1, 0);
      header.writeUInt32LE(10, 4);
      header.writeUInt16LE(items.length, 8);
      return Buffer.concat([header, body, Buffer.from([0xff])]);
    };
    const str = (text: string) => Buffer.concat([Buffer.from([text.length]), Buffer.from(text, 'latin1')]);
    const blob = (bytes: Buffer) => Buffer.concat([Buffer.from([0x40 | (bytes.length >> 8), bytes.length & 0xff]), bytes]);
    const zipmap = Buffer.concat([Buffer.from([1]), str('f'), Buffer.from([1, 0]), Buffer.from('v'), Buffer.from([0xff])]);
    const body = Buffer.concat([
      Buffer.from('REDIS0006'), Buffer.from([254, 0]),
      Buffer.from([253]), Buffer.from([0x00, 0xe1, 0xf5, 0x70]),
      Buffer.from([10]), str('zl-list'), blob(ziplist(['a', 'b', 'c'])),
      Buffer.from([14]), str('ql-list'), Buffer.from([2]), blob(ziplist(['x'])), blob(ziplist(['y', 'z'])),
      Buffer.from([13]), str('zl-hash'), blob(ziplist(['f', 'v', 'g', 'w'])),
      Buffer.from([12]), str('zl-zset'), blob(ziplist(['m', '1.5', 'n', '-2'])),
      Buffer.from([9]), str('zipmap'), blob(zipmap),
      Buffer.from([1]), str('linked'), Buffer.from([2]), str('p'), str('q'),
      Buffer.from([3]), str('old-zset'), Buffer.from([2]), str('a'), str('3.5'), str('b'), Buffer.from([254]),
      Buffer.from([255]),
    ]);
    const file = Buffer.concat([body, crc64(body).bytes()]);
    const loaded = new Map<string, StoredValue>();
    const expiries = new Map<string, unknown>();
    loadRdb(file, (_db, key, value, expireAt) => {
      loaded.set(key, value);
      if (expireAt !== undefined) expiries.set(key, expireAt);
    }, LIMITS);
    assert.equal(expiries.get('zl-list'), 0x70f5e100 * 1000);
    const show = (key: string) => {
      const restored = restorePayload(dumpPayload(loaded.get(key)!), LIMITS).value!;
      return `${valueEncoding(restored)}`;
    };
    assert.deepEqual((loaded.get('zl-list') as unknown as { toArray(): string[] }).toArray(), ['a', 'b', 'c']);
    assert.deepEqual((loaded.get('ql-list') as unknown as { toArray(): string[] }).toArray(), ['x', 'y', 'z']);
    assert.deepEqual((loaded.get('linked') as unknown as { toArray(): string[] }).toArray(), ['p', 'q']);
    assert.deepEqual((loaded.get('zl-hash') as unknown as { pairs(): string[] }).pairs(), ['f', 'v', 'g', 'w']);
    assert.deepEqual((loaded.get('zipmap') as unknown as { pairs(): string[] }).pairs(), ['f', 'v']);
    assert.deepEqual([...(loaded.get('zl-zset') as unknown as { entries(): Iterable<[string, number]> }).entries()], [['n', -2], ['m', 1.5]]);
    assert.deepEqual([...(loaded.get('old-zset') as unknown as { entries(): Iterable<[string, number]> }).entries()], [['a', 3.5], ['b', Infinity]]);
    assert.equal(show('zl-hash'), 'listpack');
  });
});

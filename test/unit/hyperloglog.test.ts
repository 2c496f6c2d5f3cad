import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cardinalityFromHistogram } from '../../src/engine/hyperloglog/estimator.js';
import {
  addElement, cardinality, emptyHyperLogLog, invalidateCardinality, registerAndRun,
} from '../../src/engine/hyperloglog/hyperloglog.js';
import { murmurHash64ABigInt } from '../../src/engine/hyperloglog/murmurhash64a.js';
import { RawString } from '../../src/engine/values.js';

// Expected values below were read from redis-server 7.0.15: register index and value via
// PFDEBUG GETREG after one PFADD, PFCOUNT after PFADDs, and GET of the HyperLogLog bytes.

const SEED = 0xadc83b19;
const MASK64 = (1n << 64n) - 1n;

/** A plain BigInt MurmurHash64A, written independently of the 32-bit-halves version. */
function referenceMurmur(bytes: string, seed: number): bigint {
  const m = 0xc6a4a7935bd1e995n;
  let h = (BigInt(seed) ^ (BigInt(bytes.length) * m)) & MASK64;
  const blocks = bytes.length - (bytes.length % 8);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(bytes.charCodeAt(i + j));
    k = (k * m) & MASK64;
    k ^= k >> 47n;
    k = (k * m) & MASK64;
    h ^= k;
    h = (h * m) & MASK64;
  }
  if (bytes.length % 8 !== 0) {
    for (let j = bytes.length - 1; j >= blocks; j--) h ^= BigInt(bytes.charCodeAt(j)) << BigInt(8 * (j - blocks));
    h = (h * m) & MASK64;
  }
  h ^= h >> 47n;
  h = (h * m) & MASK64;
  h ^= h >> 47n;
  return h;
}

const REDIS_REGISTERS: Array<[element: string, index: number, run: number]> = [
  ['', 5938, 2], ['a', 12711, 2], ['ab', 719, 1], ['abc', 9474, 1], ['abcd', 11070, 8], ['abcde', 3726, 4],
  ['abcdef', 13647, 2], ['abcdefg', 5634, 2], ['abcdefgh', 1383, 1], ['abcdefghi', 6903, 1],
  ['abcdefghijklmno', 12377, 4], ['abcdefghijklmnop', 9328, 1], ['abcdefghijklmnopq', 4271, 1],
  ['\x00', 8840, 2], ['\xff', 10599, 1], ['\x00'.repeat(8), 849, 1], ['\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7', 5570, 1],
  ['user:1', 2131, 4], ['user:42', 6993, 10], ['hello world', 9399, 4], ['12345678901234567890', 15011, 1],
  ['x'.repeat(100), 15288, 1],
];

describe('MurmurHash64A', () => {
  test('matches a straightforward 64-bit implementation for every length and byte value', () => {
    let state = 12345;
    const nextByte = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
    for (let length = 0; length < 300; length++) {
      const text = String.fromCharCode(...Array.from({ length }, nextByte));
      assert.equal(murmurHash64ABigInt(text, SEED), referenceMurmur(text, SEED), `length ${length}`);
      assert.equal(murmurHash64ABigInt(text, 0), referenceMurmur(text, 0), `length ${length}, seed 0`);
    }
  });

  test('places elements in the register and with the run length redis-server does', () => {
    for (const [element, index, run] of REDIS_REGISTERS) {
      const packed = registerAndRun(element);
      assert.deepEqual([packed >>> 6, packed & 63], [index, run], JSON.stringify(element));
    }
  });
});

function hyperLogLogOf(elements: Iterable<string>, sparseMaxBytes = 3000): RawString {
  const hll = new RawString(emptyHyperLogLog());
  for (const element of elements) addElement(hll, element, sparseMaxBytes);
  invalidateCardinality(hll);
  return hll;
}

function* numbered(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `e:${i}`;
}

describe('HyperLogLog estimator', () => {
  test('PFCOUNT agrees with redis-server for 1 to 100,000 distinct elements', () => {
    const REDIS_COUNTS: Array<[added: number, counted: number]> = [
      [1, 1], [10, 10], [100, 100], [1000, 995], [10000, 10077], [100000, 100342],
    ];
    for (const [added, counted] of REDIS_COUNTS) {
      assert.equal(Number(cardinality(hyperLogLogOf(numbered(added)))!.value), counted, `${added} elements`);
    }
  });

  test('hand-made dense registers, including estimates past the 64-bit range', () => {
    // Every register set to the same value; redis-server answers the overflow as LLONG_MIN.
    const REDIS_COUNTS: Array<[register: number, counted: string]> = [
      [0, '0'], [1, '23637'], [2, '47274'], [10, '12102203'], [32, '50760319129350'],
      [49, '6653256548922161152'], [50, '-9223372036854775808'], [51, '-9223372036854775808'],
      [52, '-9223372036854775808'], [63, '-9223372036854775808'],
    ];
    for (const [register, counted] of REDIS_COUNTS) {
      const histogram = new Int32Array(64);
      histogram[register] = 16384;
      assert.equal(BigInt.asIntN(64, cardinalityFromHistogram(histogram)).toString(), counted, `all registers ${register}`);
    }
  });

  test('the bytes of a small sparse HyperLogLog, with its cached count', () => {
    const hll = hyperLogLogOf(['a', 'b', 'c']);
    const hex = (raw: RawString) => Buffer.from(raw.bytesView()).toString('hex');
    assert.equal(hex(hll), '48594c4c010000000000000000000080' + '60f38050b1844bfb80425a');
    assert.deepEqual(cardinality(hll), { value: 3n, recounted: true });
    assert.equal(hex(hll), '48594c4c010000000300000000000000' + '60f38050b1844bfb80425a');
    assert.deepEqual(cardinality(hll), { value: 3, recounted: false });
  });
});

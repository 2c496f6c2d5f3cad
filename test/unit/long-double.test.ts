import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addLongDouble, finite, formatLongDoubleHuman, incrementByFloat, parseLongDouble, roundToLongDouble,
  type FiniteLongDouble, type IncrementResult,
} from '../../src/core/long-double.js';

// Every INCRBYFLOAT expectation below is what redis-server 7.0.15 (x86-64, glibc) answered for
// `SET k <current>` (or no key for undefined) followed by `INCRBYFLOAT k <increment>`.

const NOT_FLOAT: IncrementResult = { error: 'not-float' };
const NOT_FINITE: IncrementResult = { error: 'not-finite' };

const REDIS_ANSWERS: Array<[current: string | undefined, increment: string, expected: string | IncrementResult]> = [
  [undefined, "1.5", "1.5"],
  ["10000000000", "0.1", "10000000000.09999999962747097"],
  ["0.1", "0.1", "0.2"],
  ["0.2", "0.1", "0.3"],
  ["0.1", "0.2", "0.3"],
  ["1e300", "1e300", "2000000000000000000017994648159118387741047888546581495876520164642531293192361871511698304167500994380700745017228549671807185112369345967826192521041497292574654271283687306588168510215212033579453305864740061102765895241989080589545563779241212358535223254194821301134374772211380178849830208012288"],
  ["3.0e3", "0", "3000"],
  ["5.0e3", "2.0e2", "5200"],
  [undefined, "-0", "0"],
  ["-0", "-0", "0"],
  [undefined, ".5", "0.5"],
  [undefined, "5.", "5"],
  [undefined, "1.e1", "10"],
  [undefined, "-.5e-1", "-0.05"],
  [undefined, "+1.5", "1.5"],
  [undefined, "1e-400", "0"],
  [undefined, "1e-4950", "0"],
  [undefined, "2e-4951", "0"],
  [undefined, "0e99999999999999999999", "0"],
  [undefined, "1e000000000000000000000000000000005", "100000"],
  [undefined, "0x10", "16"],
  ["16", "0x1.8p1", "19"],
  [undefined, "-0X1P-2", "-0.25"],
  [undefined, "0x.8", "0.5"],
  ["1", "1.000003814697265625", "2.00000381469726562"],
  ["1", "0.000011444091796875", "1.00001144409179688"],
  ["-1", "-1.000003814697265625", "-2.00000381469726562"],
  ["5", "-5", "0"],
  ["1", "-1e-30", "1"],
  ["-1e-30", "0", "0"],
  ["9223372036854775807", "1", "9223372036854775808"],
  ["18446744073709551615", "1", "18446744073709551616"],
  ["18446744073709551615", "2", "18446744073709551616"],
  ["36893488147419103231", "0", "36893488147419103232"],
  [undefined, "9007199254740993", "9007199254740993"],
  ["12345678901234567890.123", "0.877", "12345678901234567891"],
  ["-12345678901234567890.123", "12345678901234567890.123", "0"],
  [undefined, "0x1p-16445", "0"],
  [undefined, "3.14159", "3.14159"],
  ["3.14159", "2.71828", "5.85987"],
  ["5.85987", "-0.00001", "5.85986"],
  ["1234.5678", "0.0001", "1234.56789999999999996"],
  ["1234.5679", "1e10", "10000001234.56790000014007092"],
  [undefined, "0.30000000000000004", "0.30000000000000004"],
  [undefined, "00001", "1"],
  ["1", "-1.50", "-0.5"],
  ["1.7976931348623157e308", "1.7976931348623157e308", "359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768"],
  [undefined, "1e5000", NOT_FLOAT],
  [undefined, "  1", NOT_FLOAT],
  [undefined, "1 ", NOT_FLOAT],
  [undefined, "\t1", NOT_FLOAT],
  [undefined, "1e-4951", NOT_FLOAT],
  [undefined, "1e-5000", NOT_FLOAT],
  [undefined, "inf", NOT_FINITE],
  [undefined, "-inf", NOT_FINITE],
  [undefined, "INFINITY", NOT_FINITE],
  [undefined, "infinit", NOT_FLOAT],
  [undefined, "nan", NOT_FLOAT],
  [undefined, "0x", NOT_FLOAT],
  [undefined, "0x1p", NOT_FLOAT],
  [undefined, "1e", NOT_FLOAT],
  [undefined, "1e+", NOT_FLOAT],
  [undefined, ".", NOT_FLOAT],
  [undefined, "-", NOT_FLOAT],
  [undefined, "++1", NOT_FLOAT],
  [undefined, "abc", NOT_FLOAT],
  [undefined, "", NOT_FLOAT],
  [undefined, "1\x00", NOT_FLOAT],
  [undefined, "\x00", NOT_FLOAT],
  ["abc", "1", NOT_FLOAT],
  ["inf", "1", NOT_FINITE],
  ["inf", "abc", NOT_FLOAT],
  ["", "1", NOT_FLOAT],
  ["0x1.fffffffffffffffep16383", "0x1.fffffffffffffffep16383", NOT_FINITE],
  [undefined, "1.1897314953572317651e+4932", NOT_FLOAT],
  [undefined, "0x1p-16446", NOT_FLOAT],
  [undefined, "0x1p16384", NOT_FLOAT],
];

function parsed(text: string): FiniteLongDouble {
  const value = parseLongDouble(text);
  assert.ok(value !== undefined && value.kind === 'finite', `${text} should parse to a finite value`);
  return value;
}

describe('incrementByFloat matches redis-server', () => {
  for (const [current, increment, expected] of REDIS_ANSWERS) {
    test(`${JSON.stringify(current)} + ${JSON.stringify(increment)}`, () => {
      const want = typeof expected === 'string' ? { value: expected } : expected;
      assert.deepEqual(incrementByFloat(current, increment), want);
    });
  }

  test('repeated 0.1 steps stored as text stay short', () => {
    let text: string | undefined;
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = incrementByFloat(text, '0.1');
      assert.ok('value' in result);
      text = result.value;
      seen.push(text);
    }
    assert.deepEqual(seen, ['0.1', '0.2', '0.3']);
  });

  test('the largest finite long double prints every one of its 4933 digits', () => {
    const result = incrementByFloat(undefined, '1.18973149535723176502e+4932');
    assert.ok('value' in result);
    assert.equal(result.value, ((2n ** 64n - 1n) << 16320n).toString());
    assert.equal(result.value.length, 4933);
    assert.ok(result.value.startsWith('118973149535723176502126385303097020516906332229462420044032'));
    assert.ok(result.value.endsWith('811989770240'));
  });

  test('texts of 5120 bytes or more are refused, shorter ones read', () => {
    assert.deepEqual(incrementByFloat(undefined, '0'.repeat(5118) + '1'), { value: '1' });
    assert.deepEqual(incrementByFloat(undefined, '0'.repeat(5119) + '1'), NOT_FLOAT);
  });
});

describe('parseLongDouble', () => {
  test('0.1 rounds to the nearest 64-bit significand', () => {
    assert.deepEqual(parsed('0.1'), finite(false, 0xcccccccccccccccdn, -67));
  });

  test('integers up to 2^64 are exact', () => {
    assert.deepEqual(parsed('18446744073709551615'), finite(false, 2n ** 64n - 1n, 0));
    assert.deepEqual(parsed('-9223372036854775808'), finite(true, 2n ** 63n, 0));
  });

  test('hexadecimal and signed zero', () => {
    assert.deepEqual(parsed('0x1.8p1'), finite(false, 3n << 62n, -62));
    assert.deepEqual(parsed('-0'), finite(true, 0n, 0));
  });

  test('infinity is read, NaN and partial texts are not', () => {
    assert.deepEqual(parseLongDouble('-Infinity'), { kind: 'infinite', negative: true });
    for (const text of ['nan', 'NaN', '1.5x', '0x', '1e', ' 1', '1 ', '', '1\x002']) {
      assert.equal(parseLongDouble(text), undefined, JSON.stringify(text));
    }
  });

  test('the smallest subnormal and the rounding around it', () => {
    assert.deepEqual(parsed('0x1p-16445'), finite(false, 1n, -16445));
    assert.deepEqual(parsed('0x3p-16446'), finite(false, 2n, -16445));
    assert.equal(parseLongDouble('0x1p-16446'), undefined);
  });
});

describe('roundToLongDouble', () => {
  test('ties go to the even significand', () => {
    assert.deepEqual(roundToLongDouble(false, 2n ** 64n + 1n, 1n, 0), finite(false, 2n ** 63n, 1));
    assert.deepEqual(roundToLongDouble(false, 2n ** 64n + 3n, 1n, 0), finite(false, 2n ** 63n + 2n, 1));
  });

  test('a carry out of the significand moves the exponent', () => {
    assert.deepEqual(roundToLongDouble(false, 2n ** 65n - 1n, 1n, 0), finite(false, 2n ** 63n, 2));
  });

  test('overflow gives infinity, underflow zero', () => {
    assert.deepEqual(roundToLongDouble(true, 1n, 1n, 16384), { kind: 'infinite', negative: true });
    assert.deepEqual(roundToLongDouble(false, 1n, 1n, -16447), finite(false, 0n, 0));
  });
});

describe('addLongDouble', () => {
  test('opposite infinities have no sum', () => {
    assert.equal(addLongDouble({ kind: 'infinite', negative: false }, { kind: 'infinite', negative: true }), undefined);
  });

  test('x + -x is +0 and -0 + -0 is -0', () => {
    assert.deepEqual(addLongDouble(parsed('1.5'), parsed('-1.5')), finite(false, 0n, 0));
    assert.deepEqual(addLongDouble(parsed('-0'), parsed('-0')), finite(true, 0n, 0));
  });

  test('a tiny addend is absorbed by rounding', () => {
    assert.deepEqual(addLongDouble(parsed('1'), parsed('1e-30')), parsed('1'));
  });
});

describe('formatLongDoubleHuman', () => {
  test('17 decimals, trailing zeros and a bare point trimmed', () => {
    assert.equal(formatLongDoubleHuman(parsed('3.0e3')), '3000');
    assert.equal(formatLongDoubleHuman(parsed('2.5')), '2.5');
    assert.equal(formatLongDoubleHuman(parsed('-0.25')), '-0.25');
  });

  test('a negative value that prints as zero becomes 0', () => {
    assert.equal(formatLongDoubleHuman(parsed('-1e-30')), '0');
    assert.equal(formatLongDoubleHuman(parsed('-0')), '0');
  });

  test('an exact tie at the 18th decimal rounds to even', () => {
    assert.equal(formatLongDoubleHuman(parsed('0.000003814697265625')), '0.00000381469726562');
    assert.equal(formatLongDoubleHuman(parsed('0.000011444091796875')), '0.00001144409179688');
  });
});

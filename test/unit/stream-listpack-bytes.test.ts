import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listpackIntBytes, listpackStringBytes } from '../../src/engine/types/stream-node.js';

/** The rule spelled out independently: Redis's string2ll accepts these texts, and only these, as integers. */
function reference(text: string): number {
  if (/^(0|-?[1-9][0-9]{0,18})$/.test(text)) {
    const value = BigInt(text);
    if (value <= 9223372036854775807n && value >= -9223372036854775808n) return listpackIntBytes(value);
  }
  const body = text.length < 64 ? 1 + text.length : text.length < 4096 ? 2 + text.length : 5 + text.length;
  return body + (body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5);
}

test('listpack element sizes: integer-looking texts are stored as integers exactly when Redis would', () => {
  const texts = [
    '', '0', '-0', '00', '01', '-01', '1', '-1', '+1', ' 1', '1 ', '1a', 'a1', '-', '--1', '127', '128', '-4096', '4095', '4096',
    '32767', '-32768', '8388607', '8388608', '2147483647', '-2147483648', '2147483648',
    '123456789012345', '1234567890123456', '9007199254740993', '9223372036854775807', '9223372036854775808',
    '-9223372036854775808', '-9223372036854775809', '99999999999999999999', '1795518020333', '1795518020333-0',
    'completed', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(4095), 'x'.repeat(4096), 'x'.repeat(20000),
  ];
  for (const text of texts) assert.equal(listpackStringBytes(text), reference(text), JSON.stringify(text.slice(0, 30)));
});

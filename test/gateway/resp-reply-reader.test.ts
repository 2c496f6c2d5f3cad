import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RespReplyReader, UpstreamReplyError, type UpstreamValue } from '../../src/gateway/resp-reply-reader.js';

/** The replies read from `wire` cut into pieces of `size` bytes, in the gateway's shapes. */
function readAll(wire: Buffer, size: number): UpstreamValue[] {
  const replies: UpstreamValue[] = [];
  const reader = new RespReplyReader((value) => replies.push(value));
  for (let offset = 0; offset < wire.length; offset += size) reader.feed(wire.subarray(offset, offset + size));
  return replies;
}

function plain(value: UpstreamValue): unknown {
  if (Buffer.isBuffer(value)) return { bytes: value.toString('latin1') };
  if (value instanceof UpstreamReplyError) return { error: value.message, name: value.name };
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

const big = 'x'.repeat(100_000) + '\r\n\xff\x00';
const wire = Buffer.from([
  '+OK\r\n', ':42\r\n', ':-9223372036854775808\r\n', '$5\r\nvalue\r\n', '$0\r\n\r\n', '$-1\r\n', '*-1\r\n', '*0\r\n',
  '-ERR wrong\r\n', '*3\r\n$1\r\na\r\n*2\r\n:1\r\n-WRONGTYPE nested\r\n$-1\r\n', `$${big.length}\r\n${big}\r\n`, '+PONG\r\n',
].join(''), 'latin1');
const expected = [
  { bytes: 'OK' }, '42', '-9223372036854775808', { bytes: 'value' }, { bytes: '' }, null, null, [],
  { error: 'ERR wrong', name: 'ReplyError' }, [{ bytes: 'a' }, ['1', { error: 'WRONGTYPE nested', name: 'ReplyError' }], null], { bytes: big }, { bytes: 'PONG' },
];

test('RESP2 replies read alike however the socket cuts them', () => {
  for (const size of [1, 2, 3, 7, 64, 4096, wire.length]) assert.deepEqual(readAll(wire, size).map(plain), expected, `pieces of ${size} bytes`);
});

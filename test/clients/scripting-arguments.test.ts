import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';

// The Lua bridge keeps recent short redis.call arguments on both sides of the WebAssembly boundary
// (native/lua/restis-lua.c): many distinct, repeated and evicted arguments must still reach the
// commands exactly, and number arguments must be formatted as Redis formats them (%.17g; the
// expected texts are redis-server 7.0.15's for the same script).

let server: RunningServer;
let client: RawClient;

before(async () => {
  server = await startServer();
  client = await RawClient.connect(server.port);
});
after(async () => {
  await client.close();
  await server.close();
});

const WRITE = "for i = 1, #ARGV do redis.call('set', KEYS[1] .. ARGV[i], ARGV[i] .. '!') end return #ARGV";
const READ = "local out = {} for i = 1, #ARGV do out[i] = redis.call('get', KEYS[1] .. ARGV[i]) end return out";

test('thousands of distinct short arguments, written and read back through redis.call', async () => {
  for (let round = 0; round < 6; round++) {
    const args = Array.from({ length: 1000 }, (_, i) => `${round}:${i}:${'x'.repeat(i % 60)}`);
    assert.equal((await client.call('EVAL', WRITE, '1', 'k:', ...args)).text, '1000');
    const read = await client.call('EVAL', READ, '1', 'k:', ...args);
    assert.deepEqual(read.items!.map((item) => item.text), args.map((arg) => `${arg}!`));
  }
  // Early rounds' arguments were pushed out of the cache by now: they must still be right.
  const early = Array.from({ length: 50 }, (_, i) => `0:${i}:${'x'.repeat(i % 60)}`);
  const again = await client.call('EVAL', READ, '1', 'k:', ...early);
  assert.deepEqual(again.items!.map((item) => item.text), early.map((arg) => `${arg}!`));
});

test('binary arguments and numbers reach the command unchanged', async () => {
  const binary = '\x00\xff\r\n\x7f';
  assert.equal((await client.call('EVAL', "redis.call('set', 'b', ARGV[1]) return redis.call('get', 'b')", '0', binary)).text, binary);
  const numbers = "local out = {} for _, n in ipairs({0, -0, 1, -1, 1e15, -1e15, 1e16, 0.1, 3.5, 2^53, 1/3}) do redis.call('set', 'n', n) out[#out + 1] = redis.call('get', 'n') end return out";
  const reply = await client.call('EVAL', numbers, '0');
  assert.deepEqual(reply.items!.map((item) => item.text), [
    '0', '0', '1', '-1', '1000000000000000', '-1000000000000000', '10000000000000000', '0.10000000000000001', '3.5',
    '9007199254740992', '0.33333333333333331',
  ]);
});

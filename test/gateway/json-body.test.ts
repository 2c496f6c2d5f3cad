import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reply } from '../../src/core/reply.js';
import { ServerStats } from '../../src/core/stats.js';
import { JsonReply, jsonString } from '../../src/frontends/rest/json-reply.js';
import { JsonBody } from '../../src/gateway/json-body.js';
import { RespReplyReader } from '../../src/gateway/resp-reply-reader.js';

/** Each upstream reply on the wire, and the Reply calls the embedded engine makes for the same value. */
const big = 'x'.repeat(100_000) + '\r\n\xff\x00"\\';
const utf8 = Buffer.from('é→😀', 'utf8').toString('latin1');
const cases: [wire: string, write: (reply: Reply) => void][] = [
  ['+OK\r\n', (reply) => reply.ok()],
  ['+PONG\r\n', (reply) => reply.simple('PONG')],
  ['$2\r\nOK\r\n', (reply) => reply.bulk('OK')],
  [':42\r\n', (reply) => reply.int(42)],
  [':-9223372036854775808\r\n', (reply) => reply.int(-9223372036854775808n)],
  ['$5\r\nvalue\r\n', (reply) => reply.bulk('value')],
  ['$0\r\n\r\n', (reply) => reply.bulk('')],
  ['$-1\r\n', (reply) => reply.nil()],
  ['*-1\r\n', (reply) => reply.nilArray()],
  ['*0\r\n', (reply) => reply.array(0)],
  ['-ERR wrong\r\n', (reply) => reply.error('ERR wrong')],
  [`-ERR bad ${utf8}\r\n`, (reply) => reply.error(`ERR bad ${utf8}`)],
  ['*3\r\n$1\r\na\r\n*2\r\n:1\r\n-WRONGTYPE nested\r\n$-1\r\n', (reply) => {
    reply.array(3);
    reply.bulk('a');
    reply.array(2);
    reply.int(1);
    reply.error('WRONGTYPE nested');
    reply.nil();
  }],
  ['*2\r\n*0\r\n+OK\r\n', (reply) => {
    reply.array(2);
    reply.array(0);
    reply.ok();
  }],
  [`$${big.length}\r\n${big}\r\n`, (reply) => reply.bulk(big)],
  [`$${utf8.length}\r\n${utf8}\r\n`, (reply) => reply.bulk(utf8)],
  ['$6\r\n\x00\x01\t\n\x7f\xff\r\n', (reply) => reply.bulk('\x00\x01\t\n\x7f\xff')],
  ['$4\r\na"\\b\r\n', (reply) => reply.bulk('a"\\b')],
];
const wire = Buffer.from(cases.map(([text]) => text).join(''), 'latin1');

/** What the REST front end answers for these replies written into JsonReply writers. */
function expected(base64: boolean, array: boolean, count: number): string {
  const items = cases.slice(0, count).map(([, write]) => {
    const reply = new JsonReply(base64, new ServerStats());
    write(reply);
    return reply.errorMessage === undefined ? `{"result":${reply.result}}` : `{"error":${jsonString(reply.errorMessage, false)}}`;
  });
  return array ? `[${items.join(',')}]` : items[0]!;
}

function written(base64: boolean, array: boolean, count: number, size: number): { text: string; errors: number; firstIsError: boolean } {
  let errors = 0;
  const body = new JsonBody(base64, array, count, () => errors++);
  let complete = false;
  let target: JsonBody | undefined = body;
  const reader = new RespReplyReader(() => assert.fail('no reply should become a value'), () => target);
  body.onComplete = () => {
    complete = true;
    target = undefined;
  };
  const end = Buffer.from(cases.slice(0, count).map(([text]) => text).join(''), 'latin1').length;
  for (let offset = 0; offset < end; offset += size) reader.feed(wire.subarray(offset, Math.min(end, offset + size)));
  assert.ok(complete, 'the body completed');
  const answer = body.answer();
  return { text: answer.body, errors, firstIsError: answer.firstIsError };
}

test('upstream replies written as REST JSON match what JsonReply writes, however the socket cuts them', () => {
  for (const base64 of [false, true]) {
    for (const size of [1, 2, 3, 7, 64, 4096, wire.length]) {
      const result = written(base64, true, cases.length, size);
      assert.equal(result.text, expected(base64, true, cases.length), `base64 ${base64}, pieces of ${size} bytes`);
      assert.equal(result.errors, 3);
      assert.equal(result.firstIsError, false);
    }
  }
});

test('a single command is its one item, and a top-level error is flagged', () => {
  for (const base64 of [false, true]) {
    for (let index = 0; index < cases.length; index++) {
      const [text, write] = cases[index]!;
      let errors = 0;
      const body = new JsonBody(base64, false, 1, () => errors++);
      const reader = new RespReplyReader(() => assert.fail('no value'), () => body);
      reader.feed(Buffer.from(text, 'latin1'));
      const reply = new JsonReply(base64, new ServerStats());
      write(reply);
      const answer = body.answer();
      const item = reply.errorMessage === undefined ? `{"result":${reply.result}}` : `{"error":${jsonString(reply.errorMessage, false)}}`;
      assert.equal(answer.body, item, `case ${index}, base64 ${base64}`);
      assert.equal(answer.firstIsError, reply.errorMessage !== undefined);
    }
  }
});

test('value replies and JSON replies interleave on one connection', () => {
  const values: string[] = [];
  const json = new JsonBody(false, true, 2, () => undefined);
  const queue: (JsonBody | undefined)[] = [undefined, json, undefined];
  json.onComplete = () => queue.shift();
  const reader = new RespReplyReader((value) => {
    values.push((value as Buffer).toString());
    queue.shift();
  }, () => queue[0]);
  reader.feed(Buffer.from('$1\r\na\r\n*1\r\n:1\r\n$1\r\nb\r\n$1\r\nc\r\n', 'latin1'));
  assert.deepEqual(values, ['a', 'c']);
  assert.equal(json.answer().body, '[{"result":[1]},{"result":"b"}]');
});

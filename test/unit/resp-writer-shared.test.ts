import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerStats } from '../../src/core/stats.js';
import { frameOf } from '../../src/frontends/resp/message-frames.js';
import { RespWriter } from '../../src/frontends/resp/writer.js';
import { Publication } from '../../src/pubsub/hub.js';

function writer(protocol: 2 | 3 = 2): RespWriter {
  return new RespWriter({ protocol }, new ServerStats(), () => {});
}

/** Everything the writer holds, as the socket would receive it, and in how many pieces. */
function take(w: RespWriter): { text: string; pieces: number } {
  const chunks: string[] = [];
  w.takeInto((chunk) => chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('latin1')));
  return { text: chunks.join(''), pieces: chunks.length };
}

const message = (channel: string, payload: string) => new Publication('message', '', channel, payload);
const resp2 = (channel: string, payload: string) => `*3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$${payload.length}\r\n${payload}\r\n`;

describe('RespWriter shared frames', () => {
  test('frames of successive publishes go out as one piece, shared by every subscriber', () => {
    const [a, b] = [writer(), writer()];
    let expected = '';
    for (let i = 0; i < 50; i++) {
      const publication = message('news', `payload-${i}`);
      a.shared(frameOf(2, publication));
      b.shared(frameOf(2, publication));
      expected += resp2('news', `payload-${i}`);
    }
    assert.equal(a.bufferedBytes, expected.length);
    assert.deepEqual(take(a), { text: expected, pieces: 1 });
    assert.deepEqual(take(b), { text: expected, pieces: 1 });
    assert.equal(a.bufferedBytes, 0);
    assert.deepEqual(take(a), { text: '', pieces: 0 });
  });

  test('replies and frames keep their order however they interleave', () => {
    const w = writer();
    const other = writer();
    w.int(1);
    w.shared(frameOf(2, message('a', 'one')));
    w.shared(frameOf(2, message('a', 'two')));
    other.shared(frameOf(2, message('b', 'not for w')));
    w.shared(frameOf(2, message('a', 'three')));
    w.bulk('reply');
    w.shared(frameOf(2, message('a', 'four')));
    const expected = ':1\r\n' + resp2('a', 'one') + resp2('a', 'two') + resp2('a', 'three') + '$5\r\nreply\r\n' + resp2('a', 'four');
    assert.equal(w.bufferedBytes, expected.length);
    assert.equal(take(w).text, expected);
    assert.equal(take(other).text, resp2('b', 'not for w'));
  });

  test('the same publication is encoded once per protocol; RESP3 subscribers get push frames', () => {
    const publication = new Publication('pmessage', 'n*', 'news', 'hi');
    assert.equal(frameOf(3, publication), frameOf(3, publication));
    const [two, three] = [writer(2), writer(3)];
    two.shared(frameOf(2, publication));
    three.shared(frameOf(3, publication));
    assert.equal(take(two).text, '*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n');
    assert.equal(take(three).text, '>4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n');
  });

  test('a long run is handed over as it is, a large payload is not truncated, and binary bytes survive', () => {
    const w = writer();
    const big = 'x'.repeat(200_000);
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    let expected = '';
    for (let i = 0; i < 30; i++) {
      w.shared(frameOf(2, message('c', `${i}:${binary}`)));
      expected += resp2('c', `${i}:${binary}`);
    }
    w.shared(frameOf(2, message('c', big)));
    expected += resp2('c', big);
    w.simple('OK');
    expected += '+OK\r\n';
    assert.equal(w.bufferedBytes, expected.length);
    assert.equal(take(w).text, expected);
  });
});

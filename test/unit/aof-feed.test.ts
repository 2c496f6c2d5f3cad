import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AofFeed } from '../../src/persistence/aof/aof-feed.js';
import { encodeAofCommand } from '../../src/persistence/aof/encode-command.js';
import { startServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';

test('encodeAofCommand writes a RESP multibulk of bulk strings, binary safe', () => {
  assert.equal(encodeAofCommand(['SET', 'k', '\x00\xff\r\n']).toString('latin1'), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n\x00\xff\r\n\r\n');
  assert.equal(encodeAofCommand(['SET', 'k', '']).toString('latin1'), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n');
});

test('AofFeed selects the database when it changes, and again after forgetSelectedDb', () => {
  const feed = new AofFeed();
  feed.feed(0, ['SET', 'a', '1']);
  feed.feed(0, ['SET', 'b', '2']);
  feed.feed(3, ['DEL', 'a']);
  assert.equal(feed.take().toString('latin1'),
    '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n' +
    '*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n');
  assert.equal(feed.pendingBytes, 0);
  feed.forgetSelectedDb();
  feed.feed(3, ['DEL', 'b']);
  assert.match(feed.take().toString('latin1'), /^\*2\r\n\$6\r\nSELECT\r\n\$1\r\n3\r\n/);
});

test('propagation: writes only, rewrites, and MULTI ... EXEC around transactions', async () => {
  const running = await startServer({ http: false });
  const fed: Array<[number, string[]]> = [];
  running.server.propagation = { feed: (db, argv) => fed.push([db, [...argv]]) };
  const client = await RawClient.connect(running.port);
  try {
    await client.call('GET', 'k');
    await client.call('SET', 'k', '1');
    await client.call('DEL', 'missing');
    await client.call('INCRBYFLOAT', 'f', '1.5');
    await client.call('MULTI');
    await client.call('SET', 'a', '1');
    await client.call('SELECT', '2');
    await client.call('SET', 'b', '2');
    await client.call('EXEC');
    assert.deepEqual(fed, [
      [0, ['SET', 'k', '1']],
      [0, ['SET', 'f', '1.5', 'KEEPTTL']],
      [0, ['MULTI']], [0, ['SET', 'a', '1']], [2, ['SET', 'b', '2']], [2, ['EXEC']],
    ]);
    // Nothing listening: nothing is kept.
    running.server.propagation = undefined;
    fed.length = 0;
    await client.call('SET', 'k', '2');
    assert.deepEqual(fed, []);
  } finally {
    await client.close();
    await running.close();
  }
});

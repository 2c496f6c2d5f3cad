import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { startServer } from '../src/index.js';
import { RawClient } from './helpers/raw-client.js';

// The embedding API as a test suite uses it: startServer() in-process, a URL, close().

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('startServer', () => {
  test('port, url and close()', async () => {
    const restis = await startServer();
    try {
      assert.ok(Number.isInteger(restis.port) && restis.port > 0, `port ${restis.port}`);
      assert.equal(restis.url, `redis://127.0.0.1:${restis.port}`);
      const client = await RawClient.connect(restis.port);
      assert.equal((await client.call('SET', 'k', 'v')).raw, '+OK\r\n');
      assert.equal((await client.call('GET', 'k')).raw, '$1\r\nv\r\n');
      await client.close();
    } finally {
      await restis.close();
    }
  });

  test('two servers side by side have separate keyspaces', async () => {
    const [one, two] = await Promise.all([startServer(), startServer()]);
    try {
      assert.notEqual(one.port, two.port);
      const a = await RawClient.connect(one.port);
      const b = await RawClient.connect(two.port);
      assert.equal((await a.call('SET', 'shared-name', 'one')).raw, '+OK\r\n');
      assert.equal((await b.call('SET', 'shared-name', 'two')).raw, '+OK\r\n');
      assert.equal((await a.call('GET', 'shared-name')).raw, '$3\r\none\r\n');
      assert.equal((await b.call('GET', 'shared-name')).raw, '$3\r\ntwo\r\n');
      await one.close();
      // Closing one leaves the other running.
      assert.equal((await b.call('GET', 'shared-name')).raw, '$3\r\ntwo\r\n');
      await Promise.all([a.close(), b.close()]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  test('requirepass appears in the url and is enforced', async () => {
    const restis = await startServer({ requirepass: 'p@ss word' });
    try {
      assert.equal(restis.url, `redis://:${encodeURIComponent('p@ss word')}@127.0.0.1:${restis.port}`);
      const password = decodeURIComponent(new URL(restis.url).password);
      assert.equal(password, 'p@ss word');
      const client = await RawClient.connect(restis.port);
      assert.match((await client.call('GET', 'k')).raw, /^-NOAUTH Authentication required\.\r\n$/);
      assert.equal((await client.call('AUTH', 'wrong')).raw, '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      assert.equal((await client.call('AUTH', password)).raw, '+OK\r\n');
      assert.equal((await client.call('PING')).raw, '+PONG\r\n');
      await client.close();
    } finally {
      await restis.close();
    }
  });

  test('close() disconnects clients and the port then refuses connections', async () => {
    const restis = await startServer();
    const client = await RawClient.connect(restis.port);
    assert.equal((await client.call('PING')).raw, '+PONG\r\n');
    await restis.close();
    await client.closed;
    assert.equal(await connectionRefused(restis.port), true);
    await restis.close(); // a second close is harmless
  });

  test('a controllable clock makes keys expire when it is advanced', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const restis = await startServer({ clock: () => now });
    try {
      const client = await RawClient.connect(restis.port);
      assert.equal((await client.call('SET', 'lazy', 'v', 'EX', '100')).raw, '+OK\r\n');
      assert.equal((await client.call('SET', 'active', 'v', 'PX', '100000')).raw, '+OK\r\n');
      assert.equal((await client.call('SET', 'forever', 'v')).raw, '+OK\r\n');
      // Real time passing changes nothing while the clock stands still.
      await delay(250);
      assert.equal((await client.call('GET', 'lazy')).raw, '$1\r\nv\r\n');
      assert.equal((await client.call('DBSIZE')).raw, ':3\r\n');
      now += 99_999;
      assert.equal((await client.call('GET', 'lazy')).raw, '$1\r\nv\r\n', 'not expired 1 ms before its deadline');
      now += 1;
      assert.equal((await client.call('GET', 'lazy')).raw, '$-1\r\n', 'expired at its deadline');
      // The other key is removed by the active cycle, which reads the same clock.
      let size = '';
      for (let attempt = 0; attempt < 50 && size !== ':1\r\n'; attempt++) {
        await delay(20);
        size = (await client.call('DBSIZE')).raw;
      }
      assert.equal(size, ':1\r\n', 'active expiry removed the key once the clock passed its deadline');
      assert.equal((await client.call('GET', 'forever')).raw, '$1\r\nv\r\n');
      await client.close();
    } finally {
      await restis.close();
    }
  });
});

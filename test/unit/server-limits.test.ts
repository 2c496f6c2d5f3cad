import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';

// Limits and failure handling over real sockets: a misbehaving client is cut off, nobody else notices.

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a plain socket receives until the server closes it (or `timeoutMs` passes). */
function collectUntilClose(socket: net.Socket, timeoutMs = 5000): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => {});
    const timer = setTimeout(() => resolve({ data, closed: false }), timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closed: true });
    });
  });
}

function connectSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function assertWorks(client: RawClient, label: string): Promise<void> {
  const reply = await client.call('ECHO', label);
  assert.equal(reply.raw, `$${label.length}\r\n${label}\r\n`, `${label} still gets answers`);
}

describe('maxclients', () => {
  let restis: RunningServer;
  before(async () => (restis = await startServer({ maxclients: 2 })));
  after(async () => await restis.close());

  test('the connection past maxclients is refused and closed; the others keep working', async () => {
    const first = await RawClient.connect(restis.port);
    const second = await RawClient.connect(restis.port);
    try {
      await assertWorks(first, 'first');
      await assertWorks(second, 'second');
      const third = await connectSocket(restis.port);
      const { data, closed } = await collectUntilClose(third);
      assert.equal(data, '-ERR max number of clients reached\r\n');
      assert.equal(closed, true, 'the refused connection is closed');
      await assertWorks(first, 'first');
      await assertWorks(second, 'second');
    } finally {
      await first.close();
      await second.close();
    }
    // Once a slot is free again, a new client gets in.
    let admitted = false;
    for (let attempt = 0; attempt < 50 && !admitted; attempt++) {
      const again = await RawClient.connect(restis.port);
      const reply = await again.call('PING').catch(() => undefined);
      admitted = reply?.raw === '+PONG\r\n';
      await again.close();
      if (!admitted) await delay(20);
    }
    assert.ok(admitted, 'a client is admitted after others disconnect');
  });
});

describe('protocol errors and limits', () => {
  let restis: RunningServer;
  let bystander: RawClient;
  before(async () => {
    restis = await startServer({ config: { 'client-query-buffer-limit': '1mb' } });
    bystander = await RawClient.connect(restis.port);
  });
  after(async () => {
    await bystander.close();
    await restis.close();
  });

  test('a protocol error answers, then closes only that connection', async () => {
    const socket = await connectSocket(restis.port);
    const result = collectUntilClose(socket);
    socket.write('*1\r\nX');
    const { data, closed } = await result;
    assert.equal(data, "-ERR Protocol error: expected '$', got 'X'\r\n");
    assert.equal(closed, true);
    await assertWorks(bystander, 'bystander');
  });

  test('commands sent before a protocol error in the same write are answered first', async () => {
    const socket = await connectSocket(restis.port);
    const result = collectUntilClose(socket);
    socket.write('*1\r\n$4\r\nPING\r\nPING\r\n*abc\r\n');
    const { data, closed } = await result;
    assert.equal(data, '+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n');
    assert.equal(closed, true);
  });

  test('a bulk header of 536870913 bytes is refused', async () => {
    const socket = await connectSocket(restis.port);
    const result = collectUntilClose(socket);
    socket.write('*2\r\n$3\r\nGET\r\n$536870913\r\n');
    const { data, closed } = await result;
    assert.equal(data, '-ERR Protocol error: invalid bulk length\r\n');
    assert.equal(closed, true);
    await assertWorks(bystander, 'bystander');
  });

  test('a 2 MB argument past a 1 MB client-query-buffer-limit closes that client without a reply', async () => {
    const socket = await connectSocket(restis.port);
    const result = collectUntilClose(socket);
    const size = 2 * 1024 * 1024;
    socket.write(`*3\r\n$3\r\nSET\r\n$7\r\nbig-key\r\n$${size}\r\n`);
    const piece = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < size && !socket.destroyed; sent += piece.length) {
      if (!socket.write(piece)) await new Promise((resolve) => { socket.once('drain', resolve); socket.once('close', resolve); });
    }
    if (!socket.destroyed) socket.write('\r\n');
    const { data, closed } = await result;
    assert.equal(closed, true, 'the server closes the connection');
    assert.equal(data, '', 'no reply, as in Redis');
    await assertWorks(bystander, 'bystander');
    assert.equal((await bystander.call('GET', 'big-key')).raw, '$-1\r\n', 'the command never ran');
  });

  test('the replies of one read go out in one write', async () => {
    const socket = await connectSocket(restis.port);
    socket.setNoDelay(true);
    try {
      const firstChunk = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString('latin1'))));
      socket.write('*1\r\n$4\r\nPING\r\n'.repeat(100));
      assert.equal(await firstChunk, '+PONG\r\n'.repeat(100));
    } finally {
      socket.destroy();
    }
  });

  test('keys and values with every byte 0-255 round-trip', async () => {
    const every = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const reversed = [...every].reverse().join('');
    assert.equal((await bystander.call('SET', every, reversed)).raw, '+OK\r\n');
    assert.equal((await bystander.call('SET', reversed, every)).raw, '+OK\r\n');
    assert.equal((await bystander.call('GET', every)).raw, `$256\r\n${reversed}\r\n`);
    assert.equal((await bystander.call('GET', reversed)).raw, `$256\r\n${every}\r\n`);
    // Each single byte, including \0, \r and \n, is its own key.
    for (let byte = 0; byte < 256; byte++) {
      const key = String.fromCharCode(byte);
      assert.equal((await bystander.call('SET', key, key + key)).raw, '+OK\r\n');
    }
    for (let byte = 0; byte < 256; byte++) {
      const key = String.fromCharCode(byte);
      assert.equal((await bystander.call('GET', key)).raw, `$2\r\n${key}${key}\r\n`, `key byte ${byte}`);
    }
    await bystander.call('FLUSHALL');
  });
});

describe('active expiry', () => {
  let restis: RunningServer;
  let client: RawClient;
  before(async () => {
    restis = await startServer({ config: { 'enable-debug-command': 'yes' } });
    client = await RawClient.connect(restis.port);
  });
  after(async () => {
    await client.close();
    await restis.close();
  });

  async function dbsize(): Promise<number> {
    const reply = await client.call('DBSIZE');
    assert.equal(reply.kind, ':', `DBSIZE answered ${reply.raw}`);
    return Number(reply.text);
  }

  test('a key set with PX 50 disappears without being touched', async () => {
    assert.equal((await client.call('SET', 'short-lived', 'v', 'PX', '50')).raw, '+OK\r\n');
    assert.equal(await dbsize(), 1, 'the key exists at first');
    // DBSIZE counts keys that have expired but are not deleted yet, so reaching 0 proves the
    // active cycle removed the key.
    const deadline = Date.now() + 1000;
    let size = 1;
    while (size !== 0 && Date.now() < deadline) {
      await delay(20);
      size = await dbsize();
    }
    assert.equal(size, 0, 'active expiry removed the key within 1 s');
  });

  test('DEBUG SET-ACTIVE-EXPIRE 0 stops the active cycle; the key then expires only when touched', async (t) => {
    const switched = await client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    if (switched.kind === '-' && /unknown (sub)?command/i.test(switched.text ?? '')) {
      console.log(`skipped: DEBUG SET-ACTIVE-EXPIRE is not implemented yet (${switched.text})`);
      t.skip('DEBUG SET-ACTIVE-EXPIRE is not implemented yet');
      return;
    }
    try {
      assert.equal(switched.raw, '+OK\r\n');
      assert.equal((await client.call('SET', 'lazy', 'v', 'PX', '50')).raw, '+OK\r\n');
      await delay(350);
      assert.equal(await dbsize(), 1, 'no active expiry: the expired key is still counted');
      assert.equal((await client.call('GET', 'lazy')).raw, '$-1\r\n', 'an expired key reads as missing');
      assert.equal(await dbsize(), 0, 'touching it deleted it');
    } finally {
      await client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    }
  });
});

describe('idle timeout', () => {
  let restis: RunningServer;
  before(async () => (restis = await startServer({ config: { timeout: 1 } })));
  after(async () => await restis.close());

  test('a client idle for longer than `timeout` seconds is closed; an active one is not', async () => {
    const idle = await connectSocket(restis.port);
    const active = await RawClient.connect(restis.port);
    try {
      const closing = collectUntilClose(idle, 4000);
      // Keep the other client busy across the same period.
      for (let i = 0; i < 5; i++) {
        await assertWorks(active, `busy${i}`);
        await delay(500);
      }
      const { closed } = await closing;
      assert.equal(closed, true, 'the idle connection was closed by the server');
      await assertWorks(active, 'still-here');
    } finally {
      idle.destroy();
      await active.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/index.js';

// A script past busy-reply-threshold over REST: its request answers once the script is done, the
// commands after it in a /pipeline or /multi-exec wait for it, other requests meanwhile get -BUSY,
// and SCRIPT KILL (over RESP) stops one inside /multi-exec, whose other commands still run.

let server: RunningServer;
const LONG = 'local i = 0 while i < 40000000 do i = i + 1 end return i';

before(async () => {
  server = await startServer({ token: 'secret', config: { 'busy-reply-threshold': 50 } });
});
after(() => server.close());

async function post(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(server.restUrl + path, { method: 'POST', headers: { Authorization: 'Bearer secret' }, body: JSON.stringify(body) });
  return response.json();
}

test('a busy script answers its own request, and others get BUSY meanwhile', async () => {
  const pipeline = post('/pipeline', [['SET', 'a', '1'], ['EVAL', LONG, '0'], ['GET', 'a']]);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.deepEqual(await post('/', ['GET', 'a']), { error: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.' });
  assert.deepEqual(await pipeline, [{ result: 'OK' }, { result: 40000000 }, { result: '1' }]);
  assert.deepEqual(await post('/', ['EVAL', LONG, '0']), { result: 40000000 });
});

test('inside /multi-exec the script runs to its end before the next command; others get BUSY meanwhile', async () => {
  const transaction = post('/multi-exec', [['EVAL', LONG, '0'], ['GET', 'a']]);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.deepEqual(await post('/', ['SET', 'a', '2']), { error: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.' });
  assert.deepEqual(await transaction, [{ result: 40000000 }, { result: '1' }]);
});

test('SCRIPT KILL stops a busy script inside /multi-exec; the commands around it run', { timeout: 30_000 }, async () => {
  const resp = new Redis(server.port, '127.0.0.1');
  try {
    // Connected before the script starts: ioredis's ready check would get -BUSY.
    await resp.ping();
    const transaction = post('/multi-exec', [['SET', 'b', '1'], ['EVAL', 'while true do end', '0'], ['INCR', 'b']]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(await resp.script('KILL'), 'OK');
    const items = await transaction as Array<{ result?: unknown; error?: string }>;
    assert.deepEqual(items[0], { result: 'OK' });
    assert.match(items[1]!.error ?? '', /^ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.$/);
    assert.deepEqual(items[2], { result: 2 });
    assert.equal(await resp.get('b'), '2');
  } finally {
    resp.disconnect();
  }
});

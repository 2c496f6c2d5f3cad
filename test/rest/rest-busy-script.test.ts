import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';

// A script past busy-reply-threshold over REST: its request answers once the script is done, the
// commands after it in a /pipeline wait for it, other requests meanwhile get -BUSY, and inside
// /multi-exec it runs to the end before the next command.

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

test('inside /multi-exec the script runs to its end before the next command', async () => {
  assert.deepEqual(await post('/multi-exec', [['EVAL', LONG, '0'], ['GET', 'a']]), [{ result: 40000000 }, { result: '1' }]);
});

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// `npx restis` with no persistence flags is durable: the append-only file (everysec, RDB preamble)
// in the data directory, and the banner says so.

const dir = mkdtempSync(join(tmpdir(), 'restis-defaults-'));
const running = new Set<RestisProcess>();
after(async () => {
  await Promise.all([...running].map((restis) => restis.stop()));
  rmSync(dir, { recursive: true, force: true });
});

test('the default is the append-only file: writes survive a SIGKILL after a second', async () => {
  const first = await startRestisProcess(['--port', '0', '--no-http', '--dir', dir]);
  running.add(first);
  assert.match(first.stdout(), /Persistence: append-only file in appendonlydir\/ \(appendfsync everysec, RDB preamble\)/);
  const redis = new Redis(first.port, '127.0.0.1');
  await redis.set('durable', 'yes');
  await redis.hset('h', 'f', 'v');
  redis.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await first.stop('SIGKILL');
  assert.ok(existsSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest')));
  const second = await startRestisProcess(['--port', '0', '--no-http', '--dir', dir]);
  running.add(second);
  const again = new Redis(second.port, '127.0.0.1');
  try {
    assert.equal(await again.get('durable'), 'yes');
    assert.deepEqual(await again.hgetall('h'), { f: 'v' });
  } finally {
    again.disconnect();
  }
});

import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RdbWriter } from '../../src/persistence/rdb/rdb-writer.js';
import { freePort } from '../helpers/ports.js';
import { RawClient } from '../helpers/raw-client.js';
import { startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// Startup listens before it loads: a client that connects while a large dataset loads gets
// -LOADING for ordinary commands (REST: the same error as JSON), INFO shows loading:1 and the
// progress, and once the load is done the same connection gets ordinary replies. SHUTDOWN while
// loading stops the server without saving the half-loaded dataset.

const KEYS = 2_000_000;
const TOKEN = 'loading-test-token';
const LOADING = 'LOADING Redis is loading the dataset in memory';
const directories: string[] = [];
const running = new Set<RestisProcess>();
let dir: string;
let dumpSize: number;

after(async () => {
  await Promise.all([...running].map((restis) => restis.stop()));
  for (const d of directories) rmSync(d, { recursive: true, force: true });
});

/** A dump.rdb of KEYS string keys, written by the RDB writer (no server needed). */
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'restis-loading-'));
  directories.push(dir);
  const path = join(dir, 'dump.rdb');
  const file = createWriteStream(path);
  const writer = new RdbWriter((chunk) => file.write(chunk));
  writer.header({ ctime: Math.floor(Date.now() / 1000), usedMem: 100_000_000, aofBase: false });
  writer.selectDb(0, KEYS, 0);
  for (let i = 0; i < KEYS; i++) writer.entry(`key:${i}`, `value:${i}`, undefined);
  writer.finish();
  await new Promise((resolve, reject) => file.end(() => resolve(undefined)).on('error', reject));
  dumpSize = statSync(path).size;
});

/** Connects as soon as the port accepts (the process is starting). */
async function connectWhileStarting(port: number, deadline: number): Promise<RawClient> {
  for (;;) {
    try {
      return await RawClient.connect(port);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)\\r$`, 'm').exec(info)?.[1];
}

async function restCall(port: number, argv: string[]): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(argv) });
  return { status: response.status, body: await response.json() };
}

describe('loading the dataset at startup', () => {
  test('a client connected during the load gets -LOADING, INFO shows the progress, then ordinary replies', async () => {
    const [port, httpPort] = [await freePort(), await freePort()];
    const starting = startRestisProcess(['--port', String(port), '--http-port', String(httpPort), '--token', TOKEN, '--save', '', '--appendonly', 'no', '--dir', dir], { timeoutMs: 60_000 });
    starting.then((restis) => running.add(restis), () => {});
    const client = await connectWhileStarting(port, Date.now() + 10_000);
    try {
      // The first replies come while the load is still going (2M keys take well over a second).
      assert.equal((await client.call('PING')).raw, `-${LOADING}\r\n`);
      assert.equal((await client.call('GET', 'key:1')).raw, `-${LOADING}\r\n`);
      // MULTI is allowed while loading; a refused command dooms the transaction, as in Redis.
      assert.equal((await client.call('MULTI')).raw, '+OK\r\n');
      assert.equal((await client.call('SET', 'x', '1')).raw, `-${LOADING}\r\n`);
      assert.equal((await client.call('EXEC')).text, 'EXECABORT Transaction discarded because of previous errors.');
      // Once the reading has begun, INFO has the header's used-mem and the position.
      let info = (await client.call('INFO', 'persistence')).text!;
      while (infoField(info, 'loading_loaded_bytes') === '0') info = (await client.call('INFO', 'persistence')).text!;
      assert.equal(infoField(info, 'loading'), '1', info);
      assert.equal(infoField(info, 'async_loading'), '0');
      assert.equal(infoField(info, 'loading_total_bytes'), String(dumpSize));
      assert.equal(infoField(info, 'loading_rdb_used_mem'), '100000000');
      assert.match(infoField(info, 'loading_loaded_perc') ?? '', /^\d+\.\d\d$/);
      assert.match(infoField(info, 'loading_eta_seconds') ?? '', /^\d+$/);
      assert.ok(Number(infoField(info, 'loading_loaded_bytes')) <= dumpSize);
      // The REST front end answers the same error, as JSON.
      const rest = await restCall(httpPort, ['GET', 'key:1']);
      assert.deepEqual(rest.body, { error: LOADING });

      const restis = await starting;
      assert.equal((await client.call('GET', 'key:1999999')).text, 'value:1999999');
      assert.equal((await client.call('DBSIZE')).raw, `:${KEYS}\r\n`);
      assert.equal(infoField((await client.call('INFO', 'persistence')).text!, 'loading'), '0');
      assert.deepEqual((await restCall(httpPort, ['GET', 'key:7'])).body, { result: 'value:7' });
      const log = restis.stdout();
      const seconds = Number(/DB loaded from disk: 2000000 keys .* in ([\d.]+) s/.exec(log)?.[1]);
      assert.ok(seconds > 0, log);
      // A load longer than a second prints its progress (keys, MB, percent).
      if (seconds > 1.2) assert.match(log, /Loading: \d+ keys, [\d.]+ of [\d.]+ MB \([\d.]+%\)/);
      await restis.stop();
    } finally {
      await client.close();
      // Whatever failed, the process does not outlive the test.
      await (await starting.catch(() => undefined))?.stop();
    }
  });

  test('SHUTDOWN while loading stops the server at once and leaves the file as it was', async () => {
    const before = readFileSync(join(dir, 'dump.rdb'));
    const port = await freePort();
    const starting = startRestisProcess(['--port', String(port), '--no-http', '--save', '60 1', '--appendonly', 'no', '--dir', dir], { timeoutMs: 60_000 });
    const refused = starting.then(() => assert.fail('the server finished loading despite SHUTDOWN'), (error: Error) => error);
    const client = await connectWhileStarting(port, Date.now() + 10_000);
    assert.equal((await client.call('PING')).raw, `-${LOADING}\r\n`);
    client.sendRaw('*1\r\n$8\r\nSHUTDOWN\r\n');
    await client.closed;
    const error = await refused;
    assert.match(error.message, /exited \(code 0, signal null\) before its banner/);
    assert.ok(readFileSync(join(dir, 'dump.rdb')).equals(before), 'dump.rdb changed');
  });
});

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { RawClient } from '../helpers/raw-client.js';
import { bigValue, everyByte, startTarget, waitUntil, type ClientTarget } from './client-fixtures.js';

// The real redis-cli against Restis. Its stdout is not a terminal here, so it prints replies raw
// (as --raw) unless told --no-raw; the expected texts below are what it prints for redis-server.

const PASSWORD = 'cli secret';

const probe = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
const missing = probe.error || probe.status !== 0 ? 'redis-cli is not installed (apt-get install -y redis-tools)' : null;
if (missing) console.log(`redis-cli tests skipped: ${missing}`);

interface CliResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function redisCli(port: number, args: readonly string[], stdin?: string | Buffer, password: string | null = PASSWORD): Promise<CliResult> {
  const auth = password === null ? [] : ['-a', password, '--no-auth-warning'];
  const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.on('error', () => {});
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
}

async function text(port: number, args: readonly string[], stdin?: string): Promise<string> {
  const result = await redisCli(port, args, stdin);
  assert.equal(result.code, 0, `redis-cli ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.toString('latin1');
}

describe('redis-cli', { skip: missing ?? false }, () => {
  let target: ClientTarget;
  before(async () => (target = await startTarget(PASSWORD)));
  after(async () => await target?.close());

  test('ping without and with -a', async () => {
    const anonymous = await redisCli(target.port, ['ping'], undefined, null);
    assert.equal(anonymous.stdout.toString(), 'NOAUTH Authentication required.\n\n');
    assert.equal(await text(target.port, ['ping']), 'PONG\n');
  });

  test('-a with a wrong password reports WRONGPASS', async () => {
    const wrong = await redisCli(target.port, ['ping'], undefined, 'wrong');
    assert.equal(wrong.stderr, 'AUTH failed: WRONGPASS invalid username-password pair or user is disabled.\n');
  });

  test('--raw and --no-raw GET', async () => {
    const raw = await RawClient.connect(target.port);
    try {
      await raw.call('AUTH', PASSWORD);
      assert.equal((await raw.call('SET', 'shown', 'a\tb\x01"c')).raw, '+OK\r\n');
    } finally {
      await raw.close();
    }
    assert.equal(await text(target.port, ['--raw', 'get', 'shown']), 'a\tb\x01"c\n');
    assert.equal(await text(target.port, ['--no-raw', 'get', 'shown']), '"a\\tb\\x01\\"c"\n');
    assert.equal(await text(target.port, ['--no-raw', 'get', 'missing']), '(nil)\n');
  });

  test('-n 2 selects database 2', async () => {
    assert.equal(await text(target.port, ['-n', '2', 'set', 'in-db-2', 'yes']), 'OK\n');
    assert.equal(await text(target.port, ['-n', '2', 'get', 'in-db-2']), 'yes\n');
    assert.equal(await text(target.port, ['get', 'in-db-2']), '\n', 'not in database 0');
  });

  test('inline commands piped on stdin, 10,000 of them, each reply right', async () => {
    let input = 'DEL stdin:counter\n';
    let expected = '0\n';
    let counter = 0;
    for (let i = 0; i < 10_000; i++) {
      if (i % 3 === 0) {
        input += `SET stdin:${i} "value ${i}"\n`;
        expected += 'OK\n';
      } else if (i % 3 === 1) {
        input += `GET stdin:${i - 1}\n`;
        expected += `value ${i - 1}\n`;
      } else {
        input += 'INCR stdin:counter\n';
        expected += `${++counter}\n`;
      }
    }
    assert.equal(await text(target.port, [], input), expected);
  });

  test('--pipe sends 10,000 commands with no errors', async () => {
    let input = '';
    const encode = (...argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
    for (let i = 0; i < 10_000; i++) {
      if (i % 3 === 0) input += encode('SET', `pipe:${i}`, `value-${i}`);
      else if (i % 3 === 1) input += encode('GET', `pipe:${i - 1}`);
      else input += encode('INCR', 'pipe:counter');
    }
    const output = await text(target.port, ['--pipe'], input);
    assert.match(output, /errors: 0, replies: 10000\n$/);
    assert.equal(await text(target.port, ['get', 'pipe:counter']), '3333\n');
    assert.equal(await text(target.port, ['get', 'pipe:9999']), 'value-9999\n');
  });

  test('binary values with all 256 byte values round-trip through -x and --raw', async () => {
    const value = everyByte();
    const set = await redisCli(target.port, ['-x', 'set', 'binary'], value);
    assert.equal(set.stdout.toString(), 'OK\n');
    const get = await redisCli(target.port, ['--raw', 'get', 'binary']);
    assert.ok(get.stdout.equals(Buffer.concat([value, Buffer.from('\n')])), `got ${get.stdout.toString('hex')}`);
  });

  test('a 50 MB value round-trips', async () => {
    const value = bigValue(50 * 1024 * 1024);
    const set = await redisCli(target.port, ['-x', 'set', 'big'], value);
    assert.equal(set.stdout.toString(), 'OK\n', set.stderr);
    const get = await redisCli(target.port, ['--raw', 'get', 'big']);
    assert.equal(get.stdout.length, value.length + 1);
    assert.ok(get.stdout.subarray(0, value.length).equals(value), 'the 50 MB value came back intact');
    assert.equal(await text(target.port, ['del', 'big']), '1\n');
  });

  test('--scan --pattern lists every one of 2,000 keys', async () => {
    let input = '';
    const expected = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      expected.add(`scan:${i}`);
      input += `SET scan:${i} ${i}\n`;
    }
    await text(target.port, [], input);
    const listed = (await text(target.port, ['--scan', '--pattern', 'scan:*'])).split('\n').filter((line) => line !== '');
    const seen = new Set(listed);
    assert.equal(seen.size, 2000);
    for (const key of expected) assert.ok(seen.has(key), `--scan missed ${key}`);
  });

  test('keys set with PX and EX disappear', async () => {
    assert.equal(await text(target.port, ['set', 'short-px', 'v', 'px', '100']), 'OK\n');
    assert.equal(await text(target.port, ['set', 'short-ex', 'v', 'ex', '1']), 'OK\n');
    assert.equal(await text(target.port, ['get', 'short-ex']), 'v\n');
    assert.ok(await waitUntil(async () => (await text(target.port, ['get', 'short-px'])) === '\n', 1000), 'PX 100 key still there after 1 s');
    assert.ok(await waitUntil(async () => (await text(target.port, ['get', 'short-ex'])) === '\n', 2500), 'EX 1 key still there after 2.5 s');
  });

  test('MSET and MGET', async () => {
    assert.equal(await text(target.port, ['mset', 'm:a', '1', 'm:b', 'two words']), 'OK\n');
    assert.equal(await text(target.port, ['mget', 'm:a', 'm:b', 'm:missing']), '1\ntwo words\n\n');
    assert.equal(await text(target.port, ['--no-raw', 'mget', 'm:a', 'm:b', 'm:missing']), '1) "1"\n2) "two words"\n3) (nil)\n');
  });

  test('error replies print Redis text', async () => {
    assert.equal(await text(target.port, ['set', 'not-a-number', 'abc']), 'OK\n');
    assert.equal(await text(target.port, ['incr', 'not-a-number']), 'ERR value is not an integer or out of range\n\n');
    assert.equal(await text(target.port, ['--no-raw', 'incr', 'not-a-number']), '(error) ERR value is not an integer or out of range\n');
  });
});

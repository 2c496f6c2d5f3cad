import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from './helpers/ports.js';
import { RawClient } from './helpers/raw-client.js';
import { runCli, startRestisProcess, type RestisProcess } from './helpers/restis-process.js';

// The `restis` executable as a user runs it: flags, environment, config files, errors, signals.

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;

const running = new Set<RestisProcess>();
async function start(args: string[], env?: NodeJS.ProcessEnv): Promise<RestisProcess> {
  const restis = await startRestisProcess(args, { env });
  running.add(restis);
  return restis;
}
after(async () => {
  await Promise.all([...running].map((restis) => restis.stop()));
});

async function ping(port: number, password?: string): Promise<string> {
  const client = await RawClient.connect(port);
  try {
    if (password !== undefined) {
      const auth = await client.call('AUTH', password);
      assert.equal(auth.raw, '+OK\r\n', `AUTH answered ${auth.raw}`);
    }
    return (await client.call('PING')).raw;
  } finally {
    await client.close();
  }
}

/** A stack trace has lines like "    at main (file:///...)". */
const STACK_LINE = /^\s+at\s/m;

describe('restis CLI', () => {
  test('the CLI file the tests run is the built one', () => {
    assert.ok(CLI.endsWith(join('src', 'cli.js')), CLI);
  });

  test('--help prints usage and exits 0', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Usage: restis/);
    assert.match(result.stdout, /--port/);
    assert.match(result.stdout, /RESTIS_PORT/);
  });

  test('--version prints the package version and exits 0', async () => {
    const result = await runCli(['--version']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `restis ${PACKAGE_VERSION}\n`);
  });

  test('--port 0 prints a banner whose REDIS_URL names a port that answers PING', async () => {
    const restis = await start(['--port', '0']);
    assert.match(restis.url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(restis.port, 0);
    assert.match(restis.stdout(), new RegExp(`^\\s*REDIS_URL=${restis.url.replace(/[.]/g, '\\.')}$`, 'm'));
    assert.equal(await ping(restis.port), '+PONG\r\n');
    await restis.stop();
  });

  test('a port in use: one line on stderr naming the port and --port, exit 1, no stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['--port', String(port)]);
      assert.equal(result.code, 1);
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `stderr: ${result.stderr}`);
      assert.ok(lines[0]!.includes(String(port)), lines[0]);
      assert.ok(lines[0]!.includes('--port'), lines[0]);
      assert.doesNotMatch(result.stderr, STACK_LINE);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('an unknown option exits 1 with a message naming it', async () => {
    const result = await runCli(['--port', '0', '--no-such-option', 'x']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unknown option/i);
    assert.match(result.stderr, /no-such-option/);
    assert.doesNotMatch(result.stderr, STACK_LINE);
    assert.equal(result.stdout, '', 'no banner: the server never started');
  });

  test('a stray argument exits 1 with a message naming it', async () => {
    // After the optional config file, every word must belong to a --flag.
    const result = await runCli(['restis.conf', 'stray', '--port', '0']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /stray/);
    assert.doesNotMatch(result.stderr, STACK_LINE);
  });

  test('--save "" and --appendonly no are accepted', async () => {
    const restis = await start(['--port', '0', '--save', '', '--appendonly', 'no']);
    assert.equal(await ping(restis.port), '+PONG\r\n');
    await restis.stop();
  });

  test('--appendonly yes starts with the AOF directory in --dir', async () => {
    const restis = await start(['--port', '0', '--save', '', '--appendonly', 'yes']);
    assert.equal(await ping(restis.port), '+PONG\r\n');
    await restis.stop();
  });

  test('RESTIS_PORT and RESTIS_PASSWORD set the port and the password', async () => {
    const port = await freePort();
    const restis = await start([], { ...process.env, RESTIS_PORT: String(port), RESTIS_PASSWORD: 'env-secret' });
    assert.equal(restis.port, port);
    assert.equal(restis.url, `redis://:env-secret@127.0.0.1:${port}`);
    const client = await RawClient.connect(port);
    try {
      assert.match((await client.call('PING')).raw, /^-NOAUTH /);
      assert.equal((await client.call('AUTH', 'env-secret')).raw, '+OK\r\n');
      assert.equal((await client.call('PING')).raw, '+PONG\r\n');
    } finally {
      await client.close();
    }
    await restis.stop();
  });

  test('flags win over the environment', async () => {
    const restis = await start(['--port', '0'], { ...process.env, RESTIS_PORT: '1' });
    assert.notEqual(restis.port, 1);
    assert.equal(await ping(restis.port), '+PONG\r\n');
    await restis.stop();
  });

  describe('config files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'restis-cli-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function writeConfig(name: string): Promise<{ file: string; port: number }> {
      const port = await freePort();
      const file = join(dir, name);
      writeFileSync(file, [
        '# a redis.conf-style file',
        `port ${port}`,
        'bind 127.0.0.1',
        '',
        'requirepass "file secret"',
        'databases 4',
        'save ""',
        'appendonly no',
      ].join('\n') + '\n');
      return { file, port };
    }

    async function checkFileApplied(restis: RestisProcess, port: number): Promise<void> {
      assert.equal(restis.port, port);
      assert.equal(await ping(port, 'file secret'), '+PONG\r\n');
      const client = await RawClient.connect(port);
      try {
        await client.call('AUTH', 'file secret');
        assert.equal((await client.call('SELECT', '3')).raw, '+OK\r\n');
        assert.equal((await client.call('SELECT', '4')).raw, '-ERR DB index is out of range\r\n', 'databases 4 from the file');
      } finally {
        await client.close();
      }
    }

    test('--config <file>', async () => {
      const { file, port } = await writeConfig('flag.conf');
      const restis = await start(['--config', file]);
      await checkFileApplied(restis, port);
      await restis.stop();
    });

    test('a config file as the first argument, with flags after it', async () => {
      const { file, port } = await writeConfig('first.conf');
      const restis = await start([file, '--loglevel', 'warning']);
      await checkFileApplied(restis, port);
      await restis.stop();
    });

    test('a missing config file is reported without a stack trace', async () => {
      const result = await runCli(['--config', join(dir, 'missing.conf')]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /missing\.conf/);
      assert.doesNotMatch(result.stderr, STACK_LINE);
    });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} closes client connections and exits 0 within 2 s`, async () => {
      const restis = await start(['--port', '0']);
      const client = await RawClient.connect(restis.port);
      assert.equal((await client.call('PING')).raw, '+PONG\r\n');
      restis.child.kill(signal);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
      const exit = await Promise.race([restis.exited, timeout]);
      assert.notEqual(exit, 'timeout', `${signal}: still running after 2 s`);
      assert.deepEqual(exit, { code: 0, signal: null });
      const closed = await Promise.race([client.closed.then(() => 'closed' as const), timeout]);
      assert.equal(closed, 'closed', 'the client connection was closed');
      await client.close();
      await restis.stop();
    });
  }
});

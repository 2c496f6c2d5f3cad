import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// The REST front end as `restis` users meet it: banner lines, tokens kept in the data directory,
// flags and environment, and the errors of its options.

const running = new Set<RestisProcess>();
const directories: string[] = [];
async function start(args: string[], env?: NodeJS.ProcessEnv): Promise<RestisProcess> {
  const restis = await startRestisProcess(args, { env });
  running.add(restis);
  return restis;
}
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'restis-rest-cli-'));
  directories.push(dir);
  return dir;
}
after(async () => {
  await Promise.all([...running].map((restis) => restis.stop()));
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function envLine(stdout: string, name: string): string {
  const match = new RegExp(`^\\s*${name}=(\\S+)$`, 'm').exec(stdout);
  assert.ok(match, `no ${name} line in:\n${stdout}`);
  return match[1]!;
}

async function get(url: string, token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/echo/hi`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

describe('restis CLI: the REST front end', () => {
  test('the banner prints ready-to-paste .env lines that work, and the tokens survive a restart', async () => {
    const dir = dataDir();
    const first = await start(['--port', '0', '--http-port', '0', '--dir', dir]);
    const stdout = first.stdout();
    const url = envLine(stdout, 'UPSTASH_REDIS_REST_URL');
    const token = envLine(stdout, 'UPSTASH_REDIS_REST_TOKEN');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(envLine(stdout, 'KV_REST_API_URL'), url);
    assert.equal(envLine(stdout, 'KV_REST_API_TOKEN'), token);
    const readonly = envLine(stdout, 'KV_REST_API_READ_ONLY_TOKEN');
    assert.notEqual(readonly, token);
    assert.ok(token.length >= 40, 'a strong generated token');
    assert.match(envLine(stdout, 'REDIS_URL'), /^redis:\/\//);
    assert.deepEqual(await get(url, token), { status: 200, body: { result: 'hi' } });
    assert.equal((await get(url, readonly)).status, 200);
    assert.equal((await get(url, 'wrong')).status, 401);
    const file = join(dir, 'rest-tokens.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { standard: token, readonly });
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the token file is private');
    await first.stop('SIGTERM');
    const second = await start(['--port', '0', '--http-port', '0', '--dir', dir]);
    assert.equal(envLine(second.stdout(), 'UPSTASH_REDIS_REST_TOKEN'), token);
    assert.equal(envLine(second.stdout(), 'KV_REST_API_READ_ONLY_TOKEN'), readonly);
    await second.stop();
  });

  test('--token and --readonly-token, or RESTIS_TOKEN / UPSTASH_REDIS_REST_TOKEN / KV_REST_API_READ_ONLY_TOKEN', async () => {
    const flags = await start(['--port', '0', '--token', 'flag-token', '--readonly-token', 'flag-ro']);
    const url = envLine(flags.stdout(), 'UPSTASH_REDIS_REST_URL');
    assert.equal(envLine(flags.stdout(), 'UPSTASH_REDIS_REST_TOKEN'), 'flag-token');
    assert.equal((await get(url, 'flag-token')).status, 200);
    assert.equal((await get(url, 'flag-ro')).status, 200);
    await flags.stop();
    const env = await start(['--port', '0'], { ...process.env, UPSTASH_REDIS_REST_TOKEN: 'upstash-env', KV_REST_API_READ_ONLY_TOKEN: 'kv-ro' });
    assert.equal(envLine(env.stdout(), 'UPSTASH_REDIS_REST_TOKEN'), 'upstash-env');
    assert.equal(envLine(env.stdout(), 'KV_REST_API_READ_ONLY_TOKEN'), 'kv-ro');
    await env.stop();
    const both = await start(['--port', '0'], { ...process.env, UPSTASH_REDIS_REST_TOKEN: 'upstash-env', RESTIS_TOKEN: 'restis-env' });
    assert.equal(envLine(both.stdout(), 'UPSTASH_REDIS_REST_TOKEN'), 'restis-env');
    await both.stop();
  });

  test('--no-http runs RESP only', async () => {
    const restis = await start(['--port', '0', '--no-http']);
    assert.doesNotMatch(restis.stdout(), /UPSTASH_REDIS_REST_URL/);
    assert.doesNotMatch(restis.stdout(), /REST\s+listening/);
    await restis.stop();
  });

  test('an HTTP port in use: one line naming it, --http-port and --no-http, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['--port', '0', '--http-port', String(port)]);
      assert.equal(result.code, 1);
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, new RegExp(`HTTP port ${port} is already in use.*--http-port.*--no-http`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('bad REST options are one-line errors', async () => {
    for (const [args, pattern] of [
      [['--http-port', 'abc'], /--http-port must be a port number/],
      [['--http-max-body', '-5'], /--http-max-body must be a size/],
      [['--token', 'same', '--readonly-token', 'same'], /must differ/],
      [['--token', 'has space'], /--token must be printable ASCII/],
    ] as const) {
      const result = await runCli(['--port', '0', ...args]);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, pattern);
      assert.doesNotMatch(result.stderr, /^\s+at\s/m);
    }
  });

  test('--http-max-body and --http-cors-origin apply', async () => {
    const restis = await start(['--port', '0', '--token', 't', '--http-max-body', '1kb', '--http-cors-origin', 'https://app.example']);
    const url = envLine(restis.stdout(), 'UPSTASH_REDIS_REST_URL');
    const big = await fetch(`${url}/set/k`, { method: 'POST', body: 'x'.repeat(2000), headers: { Authorization: 'Bearer t' } });
    assert.equal(big.status, 413);
    const small = await fetch(`${url}/set/k`, { method: 'POST', body: 'x'.repeat(1000), headers: { Authorization: 'Bearer t', Origin: 'https://app.example' } });
    assert.equal(small.status, 200);
    assert.equal(small.headers.get('access-control-allow-origin'), 'https://app.example');
    await restis.stop();
  });
});

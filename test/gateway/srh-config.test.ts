import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { gatewaySettings, srhEnvironment } from '../../src/gateway/gateway-options.js';
import { redisServerMissing, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { CLI_PATH } from '../helpers/restis-process.js';

// serverless-redis-http's configuration (SRH_MODE=env and SRH_MODE=file) honoured by `restis`.

const missing = redisServerMissing();
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Gateway {
  restUrl: string;
  output: string;
}

/** Runs the CLI with `env` until its banner prints the REST URL; stopped (by pid) after the tests. */
function startCli(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'restis-srh-'));
  const child: ChildProcess = spawn(process.execPath, [CLI_PATH, '--dir', dir, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => new Promise<void>((resolve) => {
    rmSync(dir, { recursive: true, force: true });
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGKILL');
  }));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 10_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /UPSTASH_REDIS_REST_URL=(\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ restUrl: match[1]!, output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

async function rest(gateway: Gateway, token: string, argv: string[]): Promise<{ status: number; json: unknown }> {
  const response = await fetch(gateway.restUrl, { method: 'POST', body: JSON.stringify(argv), headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, json: await response.json() };
}

async function redisServer(args: string[] = []): Promise<RedisProcess> {
  const redis = await startRedisServer(args);
  cleanups.push(() => redis.stop());
  return redis;
}

async function valueIn(port: number, key: string, password?: string): Promise<string | null> {
  const redis = new Redis({ port, host: '127.0.0.1', password });
  try {
    return await redis.get(key);
  } finally {
    redis.disconnect();
  }
}

describe('SRH configuration', () => {
  test('SRH_MODE=env variables stand for --token, --upstream, --upstream-pool-size and --http-port (port 80, all interfaces by default)', () => {
    const env = { SRH_MODE: 'env', SRH_TOKEN: 'tok', SRH_CONNECTION_STRING: 'redis://:pw@db:6380/2', SRH_MAX_CONNECTIONS: '7' };
    assert.deepEqual(new Map(srhEnvironment(env)), new Map([['http-port', '80'], ['http-bind', '0.0.0.0'], ['token', 'tok'], ['upstream', 'redis://:pw@db:6380/2'], ['upstream-pool-size', '7']]));
    const [tenant] = gatewaySettings(new Map(srhEnvironment(env)), env)!;
    assert.equal(tenant!.upstream.poolSize, 7);
    assert.deepEqual(tenant!.upstream.server, { host: 'db', port: 6380, username: undefined, password: 'pw', db: 2, tls: false });
    assert.deepEqual(srhEnvironment({}), []);
    assert.equal(gatewaySettings(new Map(), {}), undefined);
  });

  test('SRH_MODE=file: each token of the file has its own upstream and pool size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'restis-srh-file-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify({ one: { srh_id: 'a', connection_string: 'redis://h1:1', max_connections: 2 }, two: { srh_id: 'b', connection_string: 'rediss://h2:2/3' } }));
    const tenants = gatewaySettings(new Map(), { SRH_MODE: 'file', SRH_CONFIG_FILE: file })!;
    assert.deepEqual(tenants.map((tenant) => [tenant.id, tenant.token, tenant.upstream.server?.host, tenant.upstream.server?.tls, tenant.upstream.server?.db, tenant.upstream.poolSize]), [['a', 'one', 'h1', false, 0, 2], ['b', 'two', 'h2', true, 3, 3]]);
    writeFileSync(file, JSON.stringify({ bad: { srh_id: 'x' } }));
    assert.throws(() => gatewaySettings(new Map(), { SRH_MODE: 'file', SRH_CONFIG_FILE: file }), /needs a connection_string/);
  });

  test('restis with SRH_MODE=env serves one upstream on SRH_TOKEN', { skip: missing ?? false }, async () => {
    const upstream = await redisServer(['--requirepass', 'secret']);
    const gateway = await startCli({ SRH_MODE: 'env', SRH_TOKEN: 'srh-token', SRH_CONNECTION_STRING: `redis://:secret@127.0.0.1:${upstream.port}`, SRH_PORT: '0', RESTIS_HTTP_BIND: '127.0.0.1' });
    assert.match(gateway.output, /Gateway to redis:\/\/127\.0\.0\.1:\d+/);
    assert.doesNotMatch(gateway.output, /secret/);
    assert.deepEqual(await rest(gateway, 'srh-token', ['SET', 'from-srh', 'yes']), { status: 200, json: { result: 'OK' } });
    assert.equal(await valueIn(upstream.port, 'from-srh', 'secret'), 'yes');
    assert.equal((await rest(gateway, 'other', ['GET', 'from-srh'])).status, 401);
  });

  test('restis with SRH_MODE=file routes each token to its own upstream', { skip: missing ?? false }, async () => {
    const first = await redisServer();
    const second = await redisServer();
    const dir = mkdtempSync(join(tmpdir(), 'restis-srh-file-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify({
      'token-one': { srh_id: 'one', connection_string: `redis://127.0.0.1:${first.port}`, max_connections: 2 },
      'token-two': { srh_id: 'two', connection_string: `redis://127.0.0.1:${second.port}/1`, max_connections: 1 },
    }));
    const gateway = await startCli({ SRH_MODE: 'file', SRH_CONFIG_FILE: file, SRH_PORT: '0', RESTIS_HTTP_BIND: '127.0.0.1' });
    assert.deepEqual((await rest(gateway, 'token-one', ['SET', 'k', 'first'])).json, { result: 'OK' });
    assert.deepEqual((await rest(gateway, 'token-two', ['SET', 'k', 'second'])).json, { result: 'OK' });
    assert.deepEqual((await rest(gateway, 'token-one', ['GET', 'k'])).json, { result: 'first' });
    assert.deepEqual((await rest(gateway, 'token-two', ['GET', 'k'])).json, { result: 'second' });
    assert.equal(await valueIn(first.port, 'k'), 'first');
    const inDbOne = new Redis({ port: second.port, host: '127.0.0.1', db: 1 });
    try {
      assert.equal(await inDbOne.get('k'), 'second');
    } finally {
      inDbOne.disconnect();
    }
    assert.equal((await rest(gateway, 'token-three', ['GET', 'k'])).status, 401);
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { freePort } from '../helpers/ports.js';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { startRestisProcess } from '../helpers/restis-process.js';

/**
 * A script past busy-reply-threshold, against Restis and (the same test) redis-server: other
 * clients get -BUSY, SCRIPT KILL / FUNCTION KILL stop a script that has not written, one that has
 * written is UNKILLABLE and only SHUTDOWN NOSAVE ends it; inside MULTI/EXEC as well. Each server
 * runs as its own process.
 */

interface Target { name: string; port: number; exited: Promise<unknown>; stop(): Promise<void> }

async function startRestis(): Promise<Target> {
  const port = await freePort();
  const restis = await startRestisProcess(['--port', String(port), '--save', '', '--appendonly', 'no', '--busy-reply-threshold', '100']);
  return { name: 'restis', port: restis.port, exited: restis.exited, stop: () => restis.stop() };
}

async function startRedis(): Promise<Target> {
  const redis = await startRedisServer(['--busy-reply-threshold', '100']);
  return { name: 'redis-server', port: redis.port, exited: processGone(redis.pid), stop: () => redis.stop() };
}

const BUSY_SCRIPT = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
const BUSY_FUNCTION = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
const UNKILLABLE = 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';

/** Resolves once no process has this pid any more (a server not started as our child). */
async function processGone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Both clients finish connecting (ioredis's INFO ready check would get -BUSY) before a script starts. */
async function ready(...clients: Redis[]): Promise<void> {
  await Promise.all(clients.map((one) => one.ping()));
}

function client(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The server going away in the SHUTDOWN test is expected.
  redis.on('error', () => {});
  return redis;
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

const targets: Array<[string, () => Promise<Target>]> = [['restis', startRestis]];
const missing = redisServerMissing();
if (missing) console.log(`# scripting-busy: redis-server runs skipped: ${missing}`);
else targets.push(['redis-server', startRedis]);

for (const [name, start] of targets) {
  describe(`busy scripts (${name})`, () => {
    const started: Target[] = [];
    after(async () => { await Promise.all(started.map((target) => target.stop())); });

    /** A fresh server with a client that runs the script and another that talks to the server meanwhile. */
    async function withClients(body: (runner: Redis, other: Redis, target: Target) => Promise<void>): Promise<void> {
      const target = await start();
      started.push(target);
      const runner = client(target.port);
      const other = client(target.port);
      try {
        await ready(runner, other);
        await body(runner, other, target);
      } finally {
        runner.disconnect();
        other.disconnect();
      }
    }

    it('answers -BUSY to others and stops a read-only script on SCRIPT KILL', async () => {
      await withClients(async (runner, other) => {
        const running = errorOf(runner.eval('local i = 0 while true do i = i + 1 end', 0));
        await sleep(400);
        assert.equal(await errorOf(other.ping()), BUSY_SCRIPT);
        assert.equal(await errorOf(other.get('k')), BUSY_SCRIPT);
        assert.equal(await errorOf(other.function('KILL')), BUSY_SCRIPT);
        assert.equal(await other.script('KILL'), 'OK');
        assert.match(await running, /^ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.$/);
        assert.equal(await other.ping(), 'PONG');
        assert.equal(await errorOf(other.script('KILL')), 'NOTBUSY No scripts in execution right now.');
      });
    });

    it('FUNCTION KILL stops a busy function', async () => {
      await withClients(async (runner, other) => {
        await other.function('LOAD', "#!lua name=spin\nredis.register_function('spin', function() while true do end end)");
        const running = errorOf(runner.fcall('spin', 0));
        await sleep(400);
        assert.equal(await errorOf(other.set('k', 'v')), BUSY_FUNCTION);
        assert.equal(await other.function('KILL'), 'OK');
        assert.match(await running, /^ERR Script killed by user with SCRIPT KILL\.\.\. script: spin, on @user_function:2\.$/);
        assert.equal(await other.exists('k'), 0);
      });
    });

    it('inside MULTI/EXEC too: -BUSY to others, SCRIPT KILL, then the rest of the transaction runs', async () => {
      await withClients(async (runner, other) => {
        const exec = runner.multi().set('a', '1').eval('local i = 0 while true do i = i + 1 end', 0).incr('n').exec();
        await sleep(400);
        assert.equal(await errorOf(other.get('a')), BUSY_SCRIPT);
        assert.equal(await other.script('KILL'), 'OK');
        const results = await exec;
        assert.equal(results?.length, 3);
        assert.deepEqual(results![0], [null, 'OK']);
        assert.match((results![1]![0] as Error).message, /^ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.$/);
        assert.deepEqual(results![2], [null, 1]);
        assert.deepEqual(await other.mget('a', 'n'), ['1', '1']);
      });
    });

    it('a script that wrote is UNKILLABLE; SHUTDOWN NOSAVE ends the server', async () => {
      await withClients(async (runner, other, target) => {
        void errorOf(runner.eval("redis.call('set', 'w', '1') while true do end", 0));
        await sleep(400);
        assert.equal(await errorOf(other.script('KILL')), UNKILLABLE);
        await errorOf(other.call('SHUTDOWN', 'NOSAVE'));
        await target.exited;
      });
    });
  });
}

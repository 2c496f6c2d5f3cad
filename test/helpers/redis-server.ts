import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawClient } from './raw-client.js';
import { freePort } from './ports.js';

export interface RedisProcess {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

let availability: string | null | undefined;

/** null when redis-server can run here, else the reason it cannot (tests print it and skip). */
export function redisServerMissing(): string | null {
  if (availability === undefined) {
    const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    availability = probe.error || probe.status !== 0
      ? 'redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)'
      : null;
  }
  return availability;
}

async function waitForPing(port: number, child: ChildProcess): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) return false;
    try {
      const client = await RawClient.connect(port);
      const reply = await client.call('PING');
      await client.close();
      if (reply.raw === '+PONG\r\n' || reply.raw.startsWith('-NOAUTH')) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Starts the real redis-server on a free port (or `fixedPort`, to restart one), without persistence, with DEBUG enabled. */
export async function startRedisServer(extraArgs: string[] = [], fixedPort?: number): Promise<RedisProcess> {
  const missing = redisServerMissing();
  if (missing) throw new Error(missing);
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = fixedPort ?? await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'restis-oracle-'));
    const child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', dir, '--enable-debug-command', 'yes', '--daemonize', 'no', '--loglevel', 'warning',
      ...extraArgs,
    ], { stdio: 'ignore' });
    if (await waitForPing(port, child)) {
      return {
        port,
        pid: child.pid!,
        stop: () => new Promise<void>((resolve) => {
          // Already ended (by itself, or killed by a signal: then exitCode stays null and signalCode is set).
          if (child.exitCode !== null || child.signalCode !== null) { rmSync(dir, { recursive: true, force: true }); resolve(); return; }
          child.once('exit', () => { rmSync(dir, { recursive: true, force: true }); resolve(); });
          child.kill('SIGKILL');
        }),
      };
    }
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('redis-server did not start');
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { Redis } from 'ioredis';
import { startRestisProcess, type RestisProcess, type SpawnOptions } from './restis-process.js';

/**
 * What one test file starts: temporary data directories, Restis processes and ioredis clients.
 * All of them are disconnected, stopped and removed after the file's tests.
 */
export class TestFleet {
  private readonly directories: string[] = [];
  /** Processes still to stop; a test that ends one itself calls ended(). */
  readonly running = new Set<RestisProcess>();
  private readonly clients = new Set<Redis>();

  constructor(private readonly prefix: string) {
    after(() => this.cleanUp());
  }

  /** A fresh directory, removed after the tests. */
  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), this.prefix));
    this.directories.push(dir);
    return dir;
  }

  /** A client that fails at once instead of retrying: these servers are killed on purpose. */
  connect(port: number): Redis {
    const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    this.clients.add(redis);
    return redis;
  }

  /** Restis through its CLI, and a client connected to it. */
  async start(args: readonly string[], options?: SpawnOptions): Promise<{ restis: RestisProcess; redis: Redis }> {
    const restis = await startRestisProcess(args, options);
    this.running.add(restis);
    return { restis, redis: this.connect(restis.port) };
  }

  /** The process has ended (killed or exited by the test): nothing left to stop. */
  ended(restis: RestisProcess): void {
    this.running.delete(restis);
  }

  private async cleanUp(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await Promise.all([...this.running].map((restis) => restis.stop()));
    for (const dir of this.directories) rmSync(dir, { recursive: true, force: true });
  }
}

import { startServer } from '../../src/index.js';
import { redisServerMissing, startRedisServer } from '../helpers/redis-server.js';

/** A server a real-library test runs against. */
export interface LibraryTarget {
  name: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The servers each library test runs its one body against: an in-process Restis and, when it is
 * installed, a real redis-server, so the expectations are proven to be Redis's own.
 */
export function libraryTargets(library: string): Array<[string, () => Promise<LibraryTarget>]> {
  const targets: Array<[string, () => Promise<LibraryTarget>]> = [
    ['restis', async () => {
      const restis = await startServer();
      return { name: 'restis', port: restis.port, close: () => restis.close() };
    }],
  ];
  const missing = redisServerMissing();
  if (missing) {
    console.log(`# ${library} tests run against Restis only: ${missing}`);
    return targets;
  }
  targets.push(['redis-server', async () => {
    const redis = await startRedisServer();
    return { name: 'redis-server', port: redis.port, close: () => redis.stop() };
  }]);
  return targets;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';

// `timeout` closes idle clients, but not subscribers and monitors, which wait for the server to
// speak (as in Redis).

test('an idle subscriber and an idle monitor outlive `timeout`; an idle plain client does not', async () => {
  const server = await startServer({ config: { timeout: 1 }, http: false });
  const options = { host: '127.0.0.1', port: server.port, retryStrategy: () => null, maxRetriesPerRequest: 0 };
  const plain = new Redis(options);
  const subscriber = new Redis(options);
  const monitorClient = new Redis(options);
  for (const client of [plain, subscriber, monitorClient]) client.on('error', () => {});
  let publisher: Redis | undefined;
  try {
    await plain.ping();
    await subscriber.subscribe('idle');
    const monitor = await monitorClient.monitor();
    const closed = new Promise<void>((resolve) => plain.once('end', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await closed;
    publisher = new Redis(options);
    const received = new Promise<string>((resolve) => subscriber.once('message', (_, message: string) => resolve(message)));
    const monitored = new Promise<string>((resolve) => monitor.on('monitor', (_, args: string[]) => {
      if (args[0] === 'publish') resolve(args.join(' '));
    }));
    assert.equal(await publisher.publish('idle', 'still here'), 1);
    assert.equal(await received, 'still here');
    assert.equal(await monitored, 'publish idle still here');
    monitor.disconnect();
  } finally {
    for (const client of [plain, subscriber, monitorClient, publisher]) client?.disconnect();
    await server.close();
  }
});

import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { waitUntil } from './client-fixtures.js';
import { libraryTargets, sleep, type LibraryTarget } from './library-targets.js';

// @socket.io/redis-adapter (unmodified): two socket.io servers share broadcasts through one Redis,
// in the classic mode (PUBLISH/PSUBSCRIBE, over ioredis) and the sharded mode (SPUBLISH/SSUBSCRIBE,
// over node-redis), against Restis and redis-server with one test body.

type Mode = 'classic' | 'sharded';

for (const [target, start] of libraryTargets('@socket.io/redis-adapter')) {
  for (const mode of ['classic', 'sharded'] as const satisfies readonly Mode[]) {
    describe(`@socket.io/redis-adapter (${mode}) on ${target}`, () => {
      let server: LibraryTarget;
      const cleanups: Array<() => Promise<unknown> | void> = [];
      const ios: Server[] = [];
      const urls: string[] = [];

      async function adapterFor(): Promise<ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>> {
        if (mode === 'classic') {
          const pub = new Redis({ host: '127.0.0.1', port: server.port });
          const sub = pub.duplicate();
          // quit, not disconnect: the adapter's unsubscribe on io.close() is still in flight.
          cleanups.push(() => pub.quit(), () => sub.quit());
          return createAdapter(pub, sub, { requestsTimeout: 2000 });
        }
        const pub = createClient({ url: `redis://127.0.0.1:${server.port}` });
        const sub = pub.duplicate();
        await Promise.all([pub.connect(), sub.connect()]);
        cleanups.push(() => pub.close(), () => sub.close());
        return createShardedAdapter(pub, sub);
      }

      before(async () => {
        server = await start();
        for (let index = 0; index < 2; index++) {
          const http: HttpServer = createServer();
          const io = new Server(http, { adapter: await adapterFor() });
          io.on('connection', (socket) => {
            const room = socket.handshake.query.room;
            if (typeof room === 'string') void socket.join(room);
          });
          await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
          ios.push(io);
          urls.push(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
          cleanups.unshift(() => new Promise((resolve) => io.close(() => resolve(undefined))));
        }
        // Subscriptions are made asynchronously after the adapter is created.
        await sleep(200);
      });
      after(async () => {
        for (const cleanup of cleanups) await cleanup();
        await server.close();
      });

      async function client(serverIndex: number, room?: string): Promise<ClientSocket> {
        const socket = connectClient(urls[serverIndex]!, { transports: ['websocket'], forceNew: true, query: room ? { room } : {} });
        cleanups.unshift(() => void socket.disconnect());
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        return socket;
      }

      function collect(socket: ClientSocket, event: string): unknown[] {
        const received: unknown[] = [];
        socket.on(event, (payload: unknown) => received.push(payload));
        return received;
      }

      test('a broadcast from either server reaches clients of both; rooms narrow it', async () => {
        const alice = await client(0, 'red');
        const bob = await client(1, 'blue');
        const carol = await client(1, 'red');
        const [toAlice, toBob, toCarol] = [alice, bob, carol].map((socket) => collect(socket, 'news'));
        await sleep(100);

        ios[0]!.emit('news', 'from server 0');
        ios[1]!.emit('news', { from: 1, bytes: [0, 255] });
        ios[0]!.to('red').emit('news', 'red only');
        ios[1]!.except('red').emit('news', 'not red');
        assert.ok(await waitUntil(async () => toAlice.length === 3 && toBob.length === 3 && toCarol.length === 3, 3000),
          `${server.name}: alice ${JSON.stringify(toAlice)} bob ${JSON.stringify(toBob)} carol ${JSON.stringify(toCarol)}`);
        await sleep(100);
        const expectedRed = ['from server 0', { from: 1, bytes: [0, 255] }, 'red only'];
        assert.deepEqual(new Set(toAlice), new Set(expectedRed));
        assert.deepEqual(new Set(toCarol), new Set(expectedRed));
        assert.deepEqual(new Set(toBob), new Set(['from server 0', { from: 1, bytes: [0, 255] }, 'not red']));
      });

      test('fetchSockets and serverSideEmit cross servers', async () => {
        const pings: unknown[] = [];
        ios[1]!.on('ping-servers', (payload: unknown) => pings.push(payload));
        ios[0]!.serverSideEmit('ping-servers', 'hello');
        assert.ok(await waitUntil(async () => pings.length === 1, 3000), `${server.name}: serverSideEmit`);
        assert.deepEqual(pings, ['hello']);

        const sockets = await ios[0]!.in('red').fetchSockets();
        assert.equal(sockets.length, 2);
        const everyone = await ios[1]!.fetchSockets();
        assert.equal(everyone.length, 3);
        // Remote sockets can be made to leave a room.
        ios[0]!.in('red').socketsLeave('red');
        assert.ok(await waitUntil(async () => (await ios[1]!.in('red').fetchSockets()).length === 0, 3000));
      });
    });
  }
}

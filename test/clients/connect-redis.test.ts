import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { libraryTargets, sleep, type LibraryTarget } from './library-targets.js';

// connect-redis (unmodified) as express-session's store, over node-redis, against Restis and
// redis-server with one test body: an express app counts visits per session.

declare module 'express-session' {
  interface SessionData {
    visits: number;
  }
}

for (const [target, start] of libraryTargets('connect-redis')) {
  describe(`connect-redis with express-session on ${target}`, () => {
    let server: LibraryTarget;
    let client: ReturnType<typeof createClient>;
    let store: RedisStore;
    let http: Server;
    let baseUrl: string;

    before(async () => {
      server = await start();
      client = createClient({ url: `redis://127.0.0.1:${server.port}` });
      await client.connect();
      store = new RedisStore({ client, prefix: 'sess:', ttl: 2 });
      const app = express();
      app.use(session({ store, secret: 'test secret', resave: false, saveUninitialized: false, rolling: false }));
      app.get('/visit', (request, response) => {
        request.session.visits = (request.session.visits ?? 0) + 1;
        response.json({ visits: request.session.visits });
      });
      app.get('/peek', (request, response) => {
        response.json({ visits: request.session.visits ?? 0 });
      });
      app.get('/logout', (request, response) => {
        request.session.destroy(() => response.json({ ok: true }));
      });
      http = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => http.once('listening', resolve));
      baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((resolve) => http.close(resolve));
      await client.close();
      await server.close();
    });

    /** GET `path` with `cookie`; returns the JSON body and the session cookie (new or the same). */
    async function get(path: string, cookie?: string): Promise<{ body: { visits?: number }; cookie?: string }> {
      const response = await fetch(baseUrl + path, { headers: cookie ? { cookie } : {} });
      const setCookie = response.headers.get('set-cookie');
      return { body: (await response.json()) as { visits?: number }, cookie: setCookie ? setCookie.split(';')[0] : cookie };
    }

    test('a session is stored with the TTL, counts visits, and is destroyed on logout', async () => {
      const first = await get('/visit');
      assert.deepEqual(first.body, { visits: 1 });
      assert.match(first.cookie ?? '', /^connect\.sid=/);
      assert.deepEqual((await get('/visit', first.cookie)).body, { visits: 2 });
      assert.deepEqual((await get('/visit', first.cookie)).body, { visits: 3 });

      const keys = await client.keys('sess:*');
      assert.equal(keys.length, 1);
      const ttl = await client.ttl(keys[0]!);
      assert.ok(ttl > 0 && ttl <= 2, `ttl ${ttl}`);
      assert.equal(JSON.parse((await client.get(keys[0]!))!).visits, 3);

      const other = await get('/visit');
      assert.deepEqual(other.body, { visits: 1 });
      assert.equal(await promisify<number>((callback) => store.length(callback)), 2);
      const ids = await promisify<string[]>((callback) => store.ids(callback));
      assert.equal(ids.length, 2);
      const all = await promisify<Array<{ visits: number }>>((callback) => store.all(callback));
      assert.deepEqual(all.map((entry) => entry.visits).sort(), [1, 3]);

      await get('/logout', first.cookie);
      assert.deepEqual((await get('/peek', first.cookie)).body, { visits: 0 });
      assert.equal((await client.keys('sess:*')).length, 1);
      await promisify((callback) => store.clear(callback));
      assert.equal((await client.keys('sess:*')).length, 0);
    });

    test('a session expires with its TTL; touch on each request keeps an active one alive', async () => {
      const idle = await get('/visit');
      const active = await get('/visit');
      for (let step = 0; step < 3; step++) {
        await sleep(900);
        // /peek saves nothing (resave: false) but express-session touches the store, renewing the TTL.
        await get('/peek', active.cookie);
      }
      assert.deepEqual((await get('/peek', idle.cookie)).body, { visits: 0 });
      assert.deepEqual((await get('/visit', active.cookie)).body, { visits: 2 });
    });
  });
}

function promisify<T = unknown>(call: (callback: (error?: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value as T))));
}

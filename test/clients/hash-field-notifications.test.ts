import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';

// Keyspace events of the hash-field TTL commands, as Redis 7.4/8.0 name them in src/t_hash.c
// (redis-server 7.0, the differential oracle, has none of these commands): hexpire, hpersist,
// hexpired (a field's deadline passed), hdel when a deadline in the past deletes fields at once,
// hset for HSETEX, and del when the hash lost its last field. The clock is controllable.

const BASE = 1_700_000_000_000;
let now = BASE;
let restis: RunningServer;
let client: RawClient;
let subscriber: RawClient;

before(async () => {
  restis = await startServer({ clock: () => now, config: { 'notify-keyspace-events': 'KEA' } });
  client = await RawClient.connect(restis.port);
  subscriber = await RawClient.connect(restis.port);
  await subscriber.call('PSUBSCRIBE', '__keyevent@0__:*');
});

after(async () => {
  await client.close();
  await subscriber.close();
  await restis.close();
});

/** Runs the commands, then returns the keyevent messages they caused as "event key". */
async function eventsOf(...commands: string[][]): Promise<string[]> {
  for (const argv of commands) await client.call(...argv);
  await client.call('PUBLISH', '__keyevent@0__:end', 'marker');
  const events: string[] = [];
  for (;;) {
    const message = await subscriber.readReply();
    const [, , channel, key] = message.items!.map((item) => item.text ?? '');
    const event = channel!.slice('__keyevent@0__:'.length);
    if (event === 'end') return events;
    events.push(`${event} ${key}`);
  }
}

test('HEXPIRE family: hexpire, or hdel when the deadline is past, and del with the last field', async () => {
  assert.deepEqual(await eventsOf(['HSET', 'h', 'a', '1', 'b', '2']), ['hset h']);
  assert.deepEqual(await eventsOf(['HEXPIRE', 'h', '100', 'FIELDS', '1', 'a']), ['hexpire h']);
  assert.deepEqual(await eventsOf(['HEXPIRE', 'h', '100', 'NX', 'FIELDS', '1', 'a']), []);
  assert.deepEqual(await eventsOf(['HPEXPIREAT', 'h', String(BASE - 1), 'FIELDS', '1', 'b']), ['hdel h']);
  assert.deepEqual(await eventsOf(['HEXPIREAT', 'h', '1', 'FIELDS', '1', 'a']), ['hdel h', 'del h']);
});

test('HPERSIST: hpersist only when a TTL was removed', async () => {
  await eventsOf(['HSET', 'p', 'a', '1'], ['HEXPIRE', 'p', '100', 'FIELDS', '1', 'a']);
  assert.deepEqual(await eventsOf(['HPERSIST', 'p', 'FIELDS', '1', 'a']), ['hpersist p']);
  assert.deepEqual(await eventsOf(['HPERSIST', 'p', 'FIELDS', '1', 'a']), []);
});

test('a field whose deadline passes: hexpired, then del with the last field', async () => {
  await eventsOf(['HSET', 'x', 'a', '1', 'b', '2'], ['HPEXPIRE', 'x', '50', 'FIELDS', '1', 'a']);
  now += 100;
  assert.deepEqual(await eventsOf(['HGET', 'x', 'a']), ['hexpired x']);
  await eventsOf(['HPEXPIRE', 'x', '50', 'FIELDS', '1', 'b']);
  now += 100;
  assert.deepEqual(await eventsOf(['HLEN', 'x']), ['hexpired x', 'del x']);
});

test('HGETEX, HGETDEL and HSETEX', async () => {
  await eventsOf(['HSET', 'g', 'a', '1', 'b', '2']);
  assert.deepEqual(await eventsOf(['HGETEX', 'g', 'EX', '100', 'FIELDS', '1', 'a']), ['hexpire g']);
  assert.deepEqual(await eventsOf(['HGETEX', 'g', 'PERSIST', 'FIELDS', '1', 'a']), ['hpersist g']);
  assert.deepEqual(await eventsOf(['HGETEX', 'g', 'FIELDS', '1', 'a']), []);
  assert.deepEqual(await eventsOf(['HGETDEL', 'g', 'FIELDS', '1', 'a']), ['hdel g']);
  assert.deepEqual(await eventsOf(['HGETEX', 'g', 'PXAT', String(BASE - 1), 'FIELDS', '1', 'b']), ['hdel g', 'del g']);
  assert.deepEqual(await eventsOf(['HSETEX', 's', 'EX', '100', 'FIELDS', '1', 'a', '1']), ['hset s', 'hexpire s']);
  assert.deepEqual(await eventsOf(['HSETEX', 's', 'FIELDS', '1', 'b', '2']), ['hset s']);
});

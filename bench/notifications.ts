import net from 'node:net';
import { RawClient } from '../test/helpers/raw-client.js';
import { encodeCommand, parseReply } from '../test/helpers/resp-reply.js';
import { startRestisProcess } from '../test/helpers/restis-process.js';
import { freePort } from '../test/helpers/ports.js';
import { table } from './servers.js';

/**
 * How late `expired` notifications come from active expiry: BENCH_NOTIFY_KEYS keys (default
 * 100,000) get PXAT deadlines spread evenly over BENCH_NOTIFY_SPREAD_MS (default 2,000 ms); a
 * subscriber to `__keyevent@0__:expired` notes when each key's event arrives. The lag is arrival
 * minus deadline (same machine clock). Restis only. Target: p99 < 100 ms.
 */

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measureExpiryLag(port: number, keys: number, spreadMs: number): Promise<{ lags: number[]; missing: number }> {
  const deadlines = new Map<string, number>();
  const lags: number[] = [];
  const setup = await RawClient.connect(port);
  await setup.call('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
  const subscriber = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    subscriber.once('connect', resolve);
    subscriber.once('error', reject);
  });
  let buffer = '';
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  subscriber.on('data', (chunk) => {
    const arrival = Date.now();
    buffer += chunk.toString('latin1');
    let pos = 0;
    for (;;) {
      const parsed = parseReply(buffer, pos);
      if (parsed === null) break;
      pos = parsed.next;
      const items = parsed.reply.items ?? [];
      if (items[0]?.text === 'subscribe') subscribed();
      else if (items[0]?.text === 'message') {
        const deadline = deadlines.get(items[2]!.text!);
        if (deadline !== undefined) lags.push(arrival - deadline);
        if (lags.length === keys) done();
      }
    }
    buffer = buffer.slice(pos);
  });
  subscriber.write(encodeCommand(['SUBSCRIBE', '__keyevent@0__:expired']), 'latin1');
  await ready;

  // Deadlines start after the writes are in, so every key expires by the active cycle.
  const start = Date.now() + 1000;
  const batch = 5_000;
  for (let first = 0; first < keys; first += batch) {
    let bytes = '';
    const last = Math.min(keys, first + batch);
    for (let i = first; i < last; i++) {
      const key = `key:${i}`;
      const deadline = start + Math.floor((i * spreadMs) / keys);
      deadlines.set(key, deadline);
      bytes += encodeCommand(['SET', key, 'v', 'PXAT', String(deadline)]);
    }
    setup.sendRaw(bytes);
    for (let i = first; i < last; i++) await setup.readReply();
  }
  if (Date.now() > start) console.log('# warning: the writes took longer than the 1 s head start');
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, spreadMs + 10_000))]);
  subscriber.destroy();
  await setup.call('CONFIG', 'SET', 'notify-keyspace-events', '');
  await setup.close();
  return { lags: lags.sort((a, b) => a - b), missing: keys - lags.length };
}

export async function runNotificationsBenchmark(): Promise<void> {
  const keys = Number(process.env.BENCH_NOTIFY_KEYS ?? 100_000);
  const spreadMs = Number(process.env.BENCH_NOTIFY_SPREAD_MS ?? 2_000);
  console.log(`# expired notification lag: ${keys} keys, deadlines over ${spreadMs} ms (Restis, active expiry)`);
  const restis = await startRestisProcess(['--port', String(await freePort()), '--no-http', '--save', '', '--loglevel', 'warning']);
  try {
    const { lags, missing } = await measureExpiryLag(restis.port, keys, spreadMs);
    console.log(table(['keys', 'events', 'p50 ms', 'p99 ms', 'max ms', 'missing'], [[
      String(keys), String(lags.length), String(percentile(lags, 50)), String(percentile(lags, 99)), String(lags[lags.length - 1]), String(missing),
    ]]));
    console.log(`# target: p99 < 100 ms -> ${percentile(lags, 99) < 100 && missing === 0 ? 'met' : 'NOT met'}`);
  } finally {
    await restis.stop();
  }
}

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startRestisProcess, type RestisProcess } from '../helpers/restis-process.js';

// SIGKILL while several clients write, over many kill/restart cycles: with appendfsync always every
// acknowledged write is there after the restart; with everysec at most about two seconds of them may
// be missing; the files always load; nothing appears that was never sent.

const WRITERS = 3;
const directories: string[] = [];
const running = new Set<RestisProcess>();
after(async () => {
  await Promise.all([...running].map((restis) => restis.stop()));
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

interface Ack {
  value: number;
  at: number;
}

/** One writer: INCR its own counter until stopped; every acknowledged value with its time. */
async function writer(port: number, name: string, stop: () => boolean, acks: Ack[]): Promise<number> {
  const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => {});
  let sent = 0;
  try {
    await new Promise((resolve, reject) => {
      client.once('ready', resolve);
      client.once('end', () => reject(new Error('closed before ready')));
    });
    while (!stop()) {
      sent++;
      const value = await client.incr(name);
      acks.push({ value, at: Date.now() });
    }
  } catch {
    // the server was killed under the writer
  } finally {
    client.disconnect();
  }
  return sent;
}

async function cycles(fsync: 'always' | 'everysec', count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `restis-crash-${fsync}-`));
  directories.push(dir);
  const args = ['--port', '0', '--no-http', '--save', '', '--appendonly', 'yes', '--appendfsync', fsync, '--dir', dir];
  const lastAck = new Map<string, number>();
  const totalSent = new Map<string, number>();
  for (let cycle = 0; cycle < count; cycle++) {
    const restis = await startRestisProcess(args);
    running.add(restis);
    const check = new Redis(restis.port, '127.0.0.1');
    try {
      for (let w = 0; w < WRITERS; w++) {
        const name = `counter:${w}`;
        const stored = Number((await check.get(name)) ?? 0);
        const sentBefore = totalSent.get(name) ?? 0;
        const acknowledged = lastAck.get(name) ?? 0;
        assert.ok(stored <= sentBefore, `${fsync} cycle ${cycle}: ${name} is ${stored}, more than the ${sentBefore} INCRs ever sent`);
        if (fsync === 'always') assert.ok(stored >= acknowledged, `always, cycle ${cycle}: ${name} is ${stored} after ${acknowledged} was acknowledged`);
        else assert.ok(stored >= (everysecFloor.get(name) ?? 0), `everysec, cycle ${cycle}: ${name} is ${stored}, lost more than 2 s of writes`);
        lastAck.set(name, stored);
        totalSent.set(name, stored);
      }
    } finally {
      check.disconnect();
    }
    let stopped = false;
    const acks = Array.from({ length: WRITERS }, () => [] as Ack[]);
    const writers = acks.map((list, w) => writer(restis.port, `counter:${w}`, () => stopped, list));
    await new Promise((resolve) => setTimeout(resolve, fsync === 'everysec' ? 3000 : 250));
    const killedAt = Date.now();
    await restis.stop('SIGKILL');
    running.delete(restis);
    stopped = true;
    const sent = await Promise.all(writers);
    acks.forEach((list, w) => {
      const name = `counter:${w}`;
      const base = totalSent.get(name)!;
      totalSent.set(name, base + sent[w]!);
      if (list.length !== 0) lastAck.set(name, list[list.length - 1]!.value);
      // everysec: what was acknowledged more than 2 s before the kill must be on disk.
      const old = list.filter((ack) => ack.at <= killedAt - 2000);
      if (fsync === 'everysec') assert.ok(old.length !== 0, 'the everysec run lasts long enough to have writes older than 2 s');
      everysecFloor.set(name, old.length === 0 ? base : old[old.length - 1]!.value);
    });
  }
  for (let w = 0; w < WRITERS; w++) assert.ok((lastAck.get(`counter:${w}`) ?? 0) > count, `writer ${w} wrote during the cycles`);
}
const everysecFloor = new Map<string, number>();

describe('SIGKILL under writes', () => {
  test('appendfsync always: 20 kill/restart cycles, every acknowledged write survives', async () => {
    await cycles('always', 20);
  });

  test('appendfsync everysec: 5 kill/restart cycles of 3 s, at most about 2 s of acknowledged writes lost', async () => {
    everysecFloor.clear();
    await cycles('everysec', 5);
  });
});

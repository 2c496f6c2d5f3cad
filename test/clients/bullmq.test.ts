import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FlowProducer, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { waitUntil } from './client-fixtures.js';
import { libraryTargets, sleep, type LibraryTarget } from './library-targets.js';

// BullMQ, unmodified, against an in-process Restis and (when installed) redis-server: the same test
// body must pass on both, so every count written here is what BullMQ on Redis 7.0 produces.

for (const [target, start] of libraryTargets('BullMQ')) {
  describe(`BullMQ on ${target}`, () => {
    let server: LibraryTarget;
    const closers: Array<() => Promise<unknown>> = [];
    const connection = (): { host: string; port: number } => ({ host: '127.0.0.1', port: server.port });
    const queue = (name: string): Queue => {
      const created = new Queue(name, { connection: connection() });
      closers.push(() => created.close());
      return created;
    };
    const worker = (name: string, processor: (job: Job) => Promise<unknown>, options: Record<string, unknown> = {}): Worker => {
      const created = new Worker(name, processor, { connection: connection(), ...options });
      created.on('error', () => {});
      closers.push(() => created.close());
      return created;
    };

    before(async () => {
      server = await start();
    });
    after(async () => {
      for (const close of closers.reverse()) await close().catch(() => {});
      await server.close();
    });

    test('500 jobs with concurrency and retries with backoff complete, one exhausts its attempts; QueueEvents sees each outcome', { timeout: 20_000 }, async () => {
      const jobs = queue('bulk');
      const events = new QueueEvents('bulk', { connection: connection() });
      closers.push(() => events.close());
      await events.waitUntilReady();
      let completedEvents = 0;
      let failedEvents = 0;
      events.on('completed', () => completedEvents++);
      events.on('failed', () => failedEvents++);

      // Every 25th job fails its first two attempts, then succeeds on the third after exponential backoff.
      await jobs.addBulk(Array.from({ length: 500 }, (_, index) => ({
        name: 'square',
        data: { index },
        opts: { attempts: 3, backoff: { type: 'exponential', delay: 20 } },
      })));
      await jobs.add('hopeless', { index: -1 }, { attempts: 2, backoff: { type: 'fixed', delay: 20 } });
      let processed = 0;
      let failedAttempts = 0;
      const results = new Map<number, number>();
      const consumer = worker('bulk', async (job) => {
        processed++;
        const index = job.data.index as number;
        if (index < 0) throw new Error('always fails');
        if (index % 25 === 0 && job.attemptsMade < 2) throw new Error(`flaky ${index}`);
        results.set(index, index * index);
        return index * index;
      }, { concurrency: 20 });
      consumer.on('failed', () => failedAttempts++);

      const done = await waitUntil(async () => results.size === 500 && completedEvents === 500 && failedEvents === 1, 15_000);
      assert.ok(done, `${server.name}: ${results.size} results, ${completedEvents} completed events, ${failedEvents} failed events`);
      // 20 flaky jobs fail twice each, the hopeless one twice (both of its attempts).
      assert.equal(processed, 500 + 20 * 2 + 2, `${server.name}: attempts`);
      assert.equal(failedAttempts, 20 * 2 + 2);
      const counts = await jobs.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
      assert.deepEqual(counts, { completed: 500, failed: 1, waiting: 0, active: 0, delayed: 0 });
      const [hopeless] = await jobs.getJobs(['failed']);
      assert.equal(hopeless?.failedReason, 'always fails');
      assert.equal(hopeless?.attemptsMade, 2);
      const retried = await jobs.getJobs(['completed'], 0, -1);
      assert.equal(retried.filter((job) => job.attemptsMade === 3).length, 20);
      assert.equal(retried.find((job) => job.data.index === 7)?.returnvalue, 49);
      await consumer.close();
    });

    test('delayed jobs wait; priorities order the waiting list; removed jobs never run', { timeout: 10_000 }, async () => {
      const jobs = queue('ordered');
      const order: string[] = [];
      const runAt = new Map<string, number>();
      const addedAt = Date.now();
      await jobs.add('late', {}, { delay: 400, jobId: 'late' });
      await jobs.add('low', {}, { priority: 10 });
      await jobs.add('high', {}, { priority: 1 });
      await jobs.add('middle', {}, { priority: 5 });
      await jobs.add('plain', {});
      const doomed = await jobs.add('doomed', {}, { priority: 3 });
      const doomedDelayed = await jobs.add('doomed-delayed', {}, { delay: 200 });
      await doomed.remove();
      await jobs.remove(doomedDelayed.id!);
      assert.deepEqual(await jobs.getJobCounts('waiting', 'prioritized', 'delayed'), { waiting: 1, prioritized: 3, delayed: 1 });

      worker('ordered', async (job) => {
        order.push(job.name);
        runAt.set(job.name, Date.now());
      }, { concurrency: 1 });
      assert.ok(await waitUntil(async () => order.length === 5, 5_000), `${server.name}: ran ${order.join(',')}`);
      await sleep(300);
      // Jobs without a priority go first; then ascending priority numbers; the delayed one last.
      assert.deepEqual(order, ['plain', 'high', 'middle', 'low', 'late']);
      assert.ok(runAt.get('late')! - addedAt >= 400, 'the delayed job ran early');
      assert.deepEqual(await jobs.getJobCounts('completed', 'delayed', 'prioritized', 'waiting'), { completed: 5, delayed: 0, prioritized: 0, waiting: 0 });
      assert.equal(await jobs.getJob(doomed.id!), undefined);
    });

    test('a rate-limited worker runs at most max jobs per duration', { timeout: 10_000 }, async () => {
      const jobs = queue('limited');
      await jobs.addBulk(Array.from({ length: 12 }, (_, index) => ({ name: 'tick', data: { index } })));
      const startedAt = Date.now();
      const times: number[] = [];
      worker('limited', async () => {
        times.push(Date.now() - startedAt);
      }, { concurrency: 4, limiter: { max: 4, duration: 400 } });
      assert.ok(await waitUntil(async () => times.length === 12, 6_000), `${server.name}: ${times.length} ran`);
      // 12 jobs at 4 per 400 ms need at least two full windows after the first.
      assert.ok(times[11]! >= 700, `${server.name}: finished after ${times[11]} ms`);
      // The limiter's window starts on the server, so the worker-side times jitter by a few ms: check
      // 300 ms spans rather than the full 400.
      for (const time of times) {
        const window = times.filter((other) => other >= time && other < time + 300).length;
        assert.ok(window <= 4, `${server.name}: ${window} jobs within one window (${times.join(',')})`);
      }
    });

    test('a job scheduler repeats its job until removed', { timeout: 10_000 }, async () => {
      const jobs = queue('repeating');
      let runs = 0;
      worker('repeating', async () => {
        runs++;
      });
      await jobs.upsertJobScheduler('every-150ms', { every: 150 }, { name: 'beat', data: { kind: 'beat' } });
      const schedulers = await jobs.getJobSchedulers();
      assert.equal(schedulers.length, 1);
      assert.equal(schedulers[0]!.key, 'every-150ms');
      assert.ok(await waitUntil(async () => runs >= 3, 5_000), `${server.name}: ${runs} runs`);
      assert.equal(await jobs.removeJobScheduler('every-150ms'), true);
      assert.deepEqual(await jobs.getJobSchedulers(), []);
      const settled = runs;
      await sleep(400);
      assert.ok(runs <= settled + 1, `${server.name}: still repeating (${settled} -> ${runs})`);
    });

    test('a flow runs its children before the parent, which reads their results', { timeout: 10_000 }, async () => {
      const flows = new FlowProducer({ connection: connection() });
      closers.push(() => flows.close());
      const seen: string[] = [];
      let parentSaw: Record<string, unknown> = {};
      worker('flow-children', async (job) => {
        seen.push(job.name);
        return (job.data.value as number) * 10;
      }, { concurrency: 3 });
      worker('flow-parent', async (job) => {
        seen.push(job.name);
        parentSaw = await job.getChildrenValues();
        return Object.values(parentSaw).reduce((sum: number, value) => sum + (value as number), 0);
      });
      const tree = await flows.add({
        name: 'total',
        queueName: 'flow-parent',
        children: [1, 2, 3].map((value) => ({ name: `child-${value}`, queueName: 'flow-children', data: { value } })),
      });
      const parents = queue('flow-parent');
      assert.ok(await waitUntil(async () => (await parents.getJobCounts('completed')).completed === 1, 5_000), `${server.name}: ran ${seen.join(',')}`);
      assert.equal(seen.at(-1), 'total');
      assert.deepEqual(Object.values(parentSaw).sort(), [10, 20, 30]);
      const parent = await parents.getJob(tree.job.id!);
      assert.equal(parent?.returnvalue, 60);
    });
  });
}

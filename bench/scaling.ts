import { seededRandom, type SeededRandom } from '../test/helpers/seeded-random.js';
import { closedLoop, encodeCommand, loadPipelined, PipelineConnection, type Batch } from './pipeline.js';
import { median, startRedis, startRestis, table, type BenchServer } from './servers.js';

/**
 * How cost grows with collection size: a sorted set and a list of each size (10^4, 10^5, 10^6 members)
 * are loaded side by side into redis-server and Restis (both running, each its own process), then each
 * operation is measured with a closed-loop pipelined client; every round visits every size and both
 * servers (alternating), so drift on the machine hits all sizes alike and the growth between sizes
 * is not confused with it. The
 * ZADD/ZRANK/ZRANGE/ZRANGEBYSCORE costs must grow as log n, LPUSH and LINDEX near the ends stay O(1).
 * BENCH_SCALING_SIZES=10000,100000 picks the sizes; BENCH_SCALING_OPS the commands per measurement
 * (default 100000); BENCH_ROUNDS the rounds (default 3).
 */

const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
const DEFAULT_OPS = 100_000;
/** A measurement stops here even if it has not done its commands (Redis's O(n) LINDEX in the middle). */
const MAX_MEASUREMENT_MS = 5_000;
const WARMUP_OPS = 5_000;
/** Commands written per write, and at most in flight (two writes' worth keep the server busy). */
const BATCH = 16;
const IN_FLIGHT = 32;
const MEMBERS_PER_LOAD_COMMAND = 1000;
const zsetKey = (size: number) => `scaling:zset:${size}`;
const listKey = (size: number) => `scaling:list:${size}`;
const SEED = 20240601;

interface Operation {
  name: string;
  /** Builds one encoded command; called for every operation measured. */
  command(random: SeededRandom): string;
  /**
   * Operations that grow the collection run in chunks; after each chunk (untimed) these commands
   * take the additions back out so the size stays within 10% of n.
   */
  undo?(): string[][];
  note?: string;
}

function operations(size: number): Operation[] {
  const zset = zsetKey(size);
  const list = listKey(size);
  let added: string[] = [];
  let newMember = 0;
  let pushed = 0;
  const index = (value: number) => String(value);
  return [
    {
      name: 'ZADD (new member)',
      command: (random) => {
        const member = `new:${newMember++}`;
        added.push(member);
        return encodeCommand(['ZADD', zset, index(random.below(size)), member]);
      },
      undo: () => {
        const members = added;
        added = [];
        return members.length > 0 ? [['ZREM', zset, ...members]] : [];
      },
    },
    { name: 'ZRANK (random member)', command: (random) => encodeCommand(['ZRANK', zset, `member:${random.below(size)}`]) },
    {
      name: 'ZRANGE rank r r+9',
      command: (random) => {
        const start = random.below(size - 10);
        return encodeCommand(['ZRANGE', zset, index(start), index(start + 9)]);
      },
    },
    {
      name: 'ZRANGEBYSCORE s +inf LIMIT 0 10',
      command: (random) => encodeCommand(['ZRANGEBYSCORE', zset, index(random.below(size)), '+inf', 'LIMIT', '0', '10']),
    },
    {
      name: 'LPUSH',
      command: () => {
        pushed++;
        return encodeCommand(['LPUSH', list, 'pushed-value']);
      },
      undo: () => {
        const count = pushed;
        pushed = 0;
        return count > 0 ? [['LTRIM', list, index(count), '-1']] : [];
      },
    },
    { name: 'LINDEX head (0..99)', command: (random) => encodeCommand(['LINDEX', list, index(random.below(100))]) },
    { name: 'LINDEX tail (-100..-1)', command: (random) => encodeCommand(['LINDEX', list, index(-1 - random.below(100))]) },
    {
      name: 'LINDEX middle (n/2 +- 50)',
      command: (random) => encodeCommand(['LINDEX', list, index(Math.floor(size / 2) - 50 + random.below(100))]),
      note: 'not a target: O(n) in Redis',
    },
  ];
}

function* zsetLoad(size: number): Generator<Batch> {
  const random = seededRandom(SEED);
  for (let first = 0; first < size; first += MEMBERS_PER_LOAD_COMMAND) {
    const argv = ['ZADD', zsetKey(size)];
    for (let i = first; i < Math.min(size, first + MEMBERS_PER_LOAD_COMMAND); i++) argv.push(String(random.below(size)), `member:${i}`);
    yield { text: encodeCommand(argv), replies: 1 };
  }
}

function* listLoad(size: number): Generator<Batch> {
  for (let first = 0; first < size; first += MEMBERS_PER_LOAD_COMMAND) {
    const argv = ['RPUSH', listKey(size)];
    for (let i = first; i < Math.min(size, first + MEMBERS_PER_LOAD_COMMAND); i++) argv.push(`value:${i}`);
    yield { text: encodeCommand(argv), replies: 1 };
  }
}

async function sendAndWait(connection: PipelineConnection, commands: string[][]): Promise<void> {
  if (commands.length === 0) return;
  connection.send(commands.map((argv) => encodeCommand(argv)).join(''), commands.length);
  await connection.drain(60_000);
  if (connection.firstError) throw new Error(`undo got ${connection.firstError}`);
}

interface Measurement {
  opsPerSecond: number;
  clientCpu: number;
}

/** Runs `ops` commands of one operation; growing ones in chunks of at most 10% of n, undone untimed. */
async function measure(connection: PipelineConnection, operation: Operation, size: number, ops: number, random: SeededRandom): Promise<Measurement> {
  const chunk = operation.undo ? Math.max(1000, Math.min(10_000, Math.floor(size / 10))) : ops;
  let done = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  const started = Date.now();
  while (done < ops && Date.now() - started < MAX_MEASUREMENT_MS) {
    const result = await closedLoop(connection, () => operation.command(random), {
      ops: Math.min(chunk, ops - done),
      batch: BATCH,
      inFlight: IN_FLIGHT,
      maxMs: MAX_MEASUREMENT_MS - (Date.now() - started),
    });
    done += result.ops;
    seconds += result.seconds;
    cpuSeconds += result.clientCpu * result.seconds;
    if (operation.undo) await sendAndWait(connection, operation.undo());
  }
  return { opsPerSecond: done / seconds, clientCpu: cpuSeconds / seconds };
}

function chosenSizes(): number[] {
  const wanted = process.env.BENCH_SCALING_SIZES;
  if (wanted === undefined || wanted.trim() === '') return DEFAULT_SIZES;
  const sizes = wanted.split(',').map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 100)) throw new Error(`BENCH_SCALING_SIZES must be integers >= 100 (got ${wanted})`);
  return sizes.sort((a, b) => a - b);
}

function sizeLabel(size: number): string {
  const exponent = Math.log10(size);
  return Number.isInteger(exponent) ? `10^${exponent}` : size.toLocaleString('en-US');
}

/**
 * Whether a throughput ratio between two sizes looks like log n or n growth of the cost: the
 * boundary is the geometric mean of the two expectations (log ratio and size ratio).
 */
function growthVerdict(ratio: number, smallSize: number, size: number): string {
  const logExpectation = Math.log(smallSize) / Math.log(size);
  const linearExpectation = smallSize / size;
  return ratio >= Math.sqrt(logExpectation * linearExpectation) ? 'log-like' : 'LINEAR-like';
}

export async function runScalingBenchmark(): Promise<void> {
  const sizes = chosenSizes();
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
  const ops = Math.max(1000, Number(process.env.BENCH_SCALING_OPS ?? DEFAULT_OPS) || DEFAULT_OPS);
  console.log(`Scaling: sorted set and list of ${sizes.map(sizeLabel).join(', ')} members; ${ops} commands per measurement ` +
    `(at most ${MAX_MEASUREMENT_MS / 1000} s), ${IN_FLIGHT} in flight in writes of ${BATCH}, one connection, ${rounds} round(s)`);
  // results[size|operation|server] = ops/s of each round
  const results = new Map<string, number[]>();
  const keyOf = (size: number, operation: string, server: string) => `${size}|${operation}|${server}`;
  const clientCpu = new Map<string, number>();
  const servers: BenchServer[] = [];
  const connections = new Map<string, PipelineConnection>();
  try {
    servers.push(await startRedis(), await startRestis(['--max-old-space-size=8192']));
    for (const server of servers) {
      const started = Date.now();
      for (const size of sizes) {
        await loadPipelined(server.port, zsetLoad(size));
        await loadPipelined(server.port, listLoad(size));
      }
      console.log(`  loaded ${server.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      connections.set(server.name, await PipelineConnection.connect(server.port));
    }
    // Each server and size has its own operations (their undo state) and random stream.
    const context = (server: BenchServer, size: number) => `${server.name}|${size}`;
    const operationsOf = new Map<string, Operation[]>();
    const randoms = new Map<string, SeededRandom>();
    for (const server of servers) {
      for (const size of sizes) {
        operationsOf.set(context(server, size), operations(size));
        randoms.set(context(server, size), seededRandom(SEED + size));
      }
    }
    const run = (server: BenchServer, size: number, which: number, ops: number) =>
      measure(connections.get(server.name)!, operationsOf.get(context(server, size))![which]!, size, ops, randoms.get(context(server, size))!);
    const operationCount = operations(sizes[0]!).length;
    for (let which = 0; which < operationCount; which++) {
      const name = operations(sizes[0]!)[which]!.name;
      const started = Date.now();
      // Warm-up (the JIT, caches), not counted.
      for (const size of sizes) for (const server of servers) await run(server, size, which, WARMUP_OPS);
      for (let round = 0; round < rounds; round++) {
        for (const size of sizes) {
          const order = (round + sizes.indexOf(size)) % 2 === 0 ? servers : [...servers].reverse();
          for (const server of order) {
            const result = await run(server, size, which, ops);
            const key = keyOf(size, name, server.name);
            results.set(key, [...(results.get(key) ?? []), result.opsPerSecond]);
            clientCpu.set(server.name, Math.max(clientCpu.get(server.name) ?? 0, result.clientCpu));
          }
        }
      }
      console.log(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    for (const connection of connections.values()) connection.close();
    await Promise.all(servers.map((server) => server.stop()));
  }

  const smallest = sizes[0]!;
  const rows: string[][] = [];
  for (const size of sizes) {
    for (const operation of operations(size)) {
      const redis = median(results.get(keyOf(size, operation.name, 'Redis'))!);
      const restis = median(results.get(keyOf(size, operation.name, 'Restis'))!);
      const restisSmall = median(results.get(keyOf(smallest, operation.name, 'Restis'))!);
      const redisSmall = median(results.get(keyOf(smallest, operation.name, 'Redis'))!);
      const restisGrowth = restis / restisSmall;
      const redisGrowth = redis / redisSmall;
      const growth = size === smallest
        ? '1.00'
        : `${sizeLabel(size)} / ${sizeLabel(smallest)} = ${restisGrowth.toFixed(2)} ${growthVerdict(restisGrowth, smallest, size)}`;
      rows.push([
        sizeLabel(size), operation.name, Math.round(redis).toString(), Math.round(restis).toString(), (restis / redis).toFixed(2),
        growth, redisGrowth.toFixed(2), operation.note ?? '',
      ]);
    }
  }
  console.log('');
  console.log(table(['size', 'operation', 'Redis ops/s', 'Restis ops/s', 'Restis/Redis', 'Restis vs its own smallest size', 'Redis vs own', 'note'], rows));
  console.log(`(medians of ${rounds} round(s); "log-like" = the ops/s ratio is nearer log(${sizeLabel(smallest)})/log(n) than ${sizeLabel(smallest)}/n;` +
    ` busiest client CPU: with Redis ${(clientCpu.get('Redis') ?? 0).toFixed(2)}, with Restis ${(clientCpu.get('Restis') ?? 0).toFixed(2)} of a core` +
    ` (near 1.00 the client, not the server, was the limit))`);
}

import { mkdtempSync, openSync, readSync, closeSync, readdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/index.js';
import { AofFeed } from '../../src/persistence/aof/aof-feed.js';
import { RawClient } from '../helpers/raw-client.js';
import { encodeCommand } from '../helpers/resp-reply.js';
import { startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { parseCorpus, type Case, type CorpusFile, type Step } from './corpus-format.js';

/**
 * The propagation differential test: the same commands run on redis-server (AOF on, fsync always)
 * and on Restis with an AofFeed attached; after every step, what redis-server appended to its
 * incremental AOF file is compared with what the feed produced. Absolute times (PXAT, PEXPIREAT,
 * XCLAIM TIME, automatic stream IDs) are compared within TIME_TOLERANCE_MS; everything else byte
 * for byte.
 */
export const PROPAGATION_CORPUS_DIR = join(process.cwd(), 'test', 'differential', 'corpus-propagation');
const TIME_TOLERANCE_MS = 2000;

export function propagationCorpusFiles(): string[] {
  return readdirSync(PROPAGATION_CORPUS_DIR).filter((name) => name.endsWith('.txt')).sort();
}

export function loadPropagationCorpus(fileName: string): CorpusFile {
  return parseCorpus(fileName, readFileSync(join(PROPAGATION_CORPUS_DIR, fileName), 'latin1'));
}

export interface PropagationPair {
  redis: RedisProcess;
  restis: RunningServer;
  feed: AofFeed;
  /** Bytes redis-server appended to its incremental AOF since the last call. */
  redisAppended(): string;
  stop(): Promise<void>;
}

export async function startPropagationPair(config: Array<[string, string]> = []): Promise<PropagationPair> {
  const dir = mkdtempSync(join(tmpdir(), 'restis-aof-oracle-'));
  const redis = await startRedisServer([
    '--appendonly', 'yes', '--appendfsync', 'always', '--aof-use-rdb-preamble', 'yes', '--dir', dir,
    ...config.flatMap(([name, value]) => [`--${name}`, value]),
  ]);
  const restis = await startServer({ http: false, config: Object.fromEntries([['enable-debug-command', 'yes'], ...config]) });
  const feed = new AofFeed();
  restis.server.propagation = feed;
  let offset = 0;
  const incrementalFile = (): string => {
    const files = readdirSync(join(dir, 'appendonlydir')).filter((name) => name.endsWith('.incr.aof')).sort();
    return join(dir, 'appendonlydir', files[files.length - 1]!);
  };
  const redisAppended = (): string => {
    const file = incrementalFile();
    const size = statSync(file).size;
    if (size <= offset) return '';
    const bytes = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, bytes, 0, bytes.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    return bytes.toString('latin1');
  };
  return {
    redis, restis, feed, redisAppended,
    stop: async () => {
      await Promise.all([redis.stop(), restis.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The commands of an AOF fragment (RESP multibulks of bulk strings). */
export function parseAofCommands(text: string): string[][] {
  const commands: string[][] = [];
  let pos = 0;
  const line = (): string => {
    const end = text.indexOf('\r\n', pos);
    if (end === -1) throw new Error(`truncated AOF fragment at ${pos}: ${JSON.stringify(text.slice(pos, pos + 40))}`);
    const value = text.slice(pos, end);
    pos = end + 2;
    return value;
  };
  while (pos < text.length) {
    const header = line();
    if (!header.startsWith('*')) throw new Error(`not a multibulk at ${pos}: ${JSON.stringify(header)}`);
    const argv: string[] = [];
    for (let count = Number(header.slice(1)); count > 0; count--) {
      const length = Number(line().slice(1));
      argv.push(text.slice(pos, pos + length));
      pos += length + 2;
    }
    commands.push(argv);
  }
  return commands;
}

const TIME_LIKE = /^(1\d{12})(-\d+)?$/;

function sameArgument(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const a = TIME_LIKE.exec(expected);
  const b = TIME_LIKE.exec(actual);
  if (a === null || b === null) return false;
  if (Math.abs(Number(a[1]) - Number(b[1])) > TIME_TOLERANCE_MS) return false;
  // An automatic stream ID's sequence depends on the millisecond it was made in.
  return a[1] === b[1] ? a[2] === b[2] : (a[2] === undefined) === (b[2] === undefined);
}

export function sameLog(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  let a: string[][];
  let b: string[][];
  try {
    a = parseAofCommands(expected);
    b = parseAofCommands(actual);
  } catch {
    return false;
  }
  return a.length === b.length && a.every((argv, i) => argv.length === b[i]!.length && argv.every((arg, j) => sameArgument(arg, b[i]![j]!)));
}

export function showLog(text: string): string {
  try {
    const commands = parseAofCommands(text);
    return commands.length === 0 ? '(nothing)' : commands.map((argv) => argv.map((arg) => JSON.stringify(arg)).join(' ')).join(' | ');
  } catch (error) {
    return `${JSON.stringify(text)} (${(error as Error).message})`;
  }
}

export interface PropagationMismatch {
  file: string;
  line: number;
  step: string;
  expected: string;
  actual: string;
}

/** The connections of one case on one server: the main one, and one for `@bg` commands. */
interface CaseClients {
  main: RawClient;
  port: number;
  background: RawClient | undefined;
}

/**
 * Runs a step. `@bg CMD ...` sends CMD on a second connection without waiting for its reply
 * (a client that blocks, served later by the main connection's writes).
 */
async function runStep(clients: CaseClients, step: Step): Promise<void> {
  const client = clients.main;
  if (step.kind === 'command' && step.argv[0] === '@bg') {
    clients.background ??= await RawClient.connect(clients.port);
    clients.background.sendRaw(encodeCommand(step.argv.slice(1)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  if (step.kind === 'sleep') return new Promise((resolve) => setTimeout(resolve, step.ms));
  if (step.kind === 'raw') {
    client.sendRaw(step.bytes);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return;
  }
  await client.call(...step.argv);
}

/** Runs one case on both servers; returns the first step whose log differs. */
export async function runPropagationCase(pair: PropagationPair, file: CorpusFile, testCase: Case, admin: [RawClient, RawClient]): Promise<PropagationMismatch | undefined> {
  await Promise.all(admin.map((client) => client.call('FLUSHALL')));
  pair.redisAppended();
  pair.feed.take();
  const clients: CaseClients[] = await Promise.all([pair.redis.port, pair.restis.port].map(async (port) => ({ main: await RawClient.connect(port), port, background: undefined })));
  try {
    for (const step of testCase.steps) {
      if (step.kind === 'sleep') await runStep(clients[0]!, step);
      else await Promise.all(clients.map((client) => runStep(client, step)));
      const expected = pair.redisAppended();
      const actual = pair.feed.take().toString('latin1');
      if (!sameLog(expected, actual)) {
        return {
          file: file.name,
          line: testCase.line,
          step: step.kind === 'command' ? step.argv.join(' ') : step.kind === 'sleep' ? `@sleep ${step.ms}` : '@raw',
          expected: showLog(expected),
          actual: showLog(actual),
        };
      }
    }
    return undefined;
  } finally {
    await Promise.all(clients.flatMap((client) => [client.main.close(), client.background?.close()]));
  }
}

export async function runPropagationFile(file: CorpusFile, pair: PropagationPair): Promise<PropagationMismatch[]> {
  const admin = await Promise.all([pair.redis.port, pair.restis.port].map((port) => RawClient.connect(port))) as [RawClient, RawClient];
  const mismatches: PropagationMismatch[] = [];
  try {
    for (const testCase of file.cases) {
      const mismatch = await runPropagationCase(pair, file, testCase, admin);
      if (mismatch) mismatches.push(mismatch);
    }
  } finally {
    await Promise.all(admin.map((client) => client.close()));
  }
  return mismatches;
}

export function formatPropagationMismatches(mismatches: readonly PropagationMismatch[]): string {
  return mismatches
    .map((m) => `${m.file}:${m.line} ${m.step}\n    redis:  ${m.expected}\n    restis: ${m.actual}`)
    .join('\n');
}

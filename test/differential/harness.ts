import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';
import { startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { showReply, type RespReply } from '../helpers/resp-reply.js';
import { parseCorpus, type Case, type Comparison, type CorpusFile, type Step } from './corpus-format.js';

/** The corpus lives with the test sources; tests run from the repository root (npm test). */
export const CORPUS_DIR = join(process.cwd(), 'test', 'differential', 'corpus');

export function loadCorpus(fileName: string): CorpusFile {
  return parseCorpus(fileName, readFileSync(join(CORPUS_DIR, fileName), 'latin1'));
}

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.txt')).sort();
}

/** redis-server and Restis started with the same parameters. */
export interface ServerPair {
  redis: RedisProcess;
  restis: RunningServer;
  password: string | undefined;
  stop(): Promise<void>;
}

export async function startPair(config: Array<[string, string]> = []): Promise<ServerPair> {
  const redis = await startRedisServer(config.flatMap(([name, value]) => [`--${name}`, value]));
  const restis = await startServer({ config: Object.fromEntries([['enable-debug-command', 'yes'], ...config]) });
  const password = config.find(([name]) => name === 'requirepass')?.[1];
  return {
    redis,
    restis,
    password,
    stop: async () => {
      await Promise.all([redis.stop(), restis.close()]);
    },
  };
}

type Outcome = { reply: RespReply } | { closed: true } | { raw: string; closed: boolean };

async function runStep(client: RawClient, step: Step): Promise<Outcome | undefined> {
  if (step.kind === 'sleep') {
    await new Promise((resolve) => setTimeout(resolve, step.ms));
    return undefined;
  }
  if (step.kind === 'raw') {
    client.sendRaw(step.bytes);
    let raw = '';
    let closed = false;
    // Collect whatever comes back within a short quiet period.
    for (;;) {
      const next = await client.readReplyWithin(150).then((reply) => reply?.raw, () => null);
      if (next === undefined) break;
      if (next === null) { closed = true; break; }
      raw += next;
    }
    return { raw: raw + client.leftover, closed };
  }
  try {
    return { reply: await client.call(...step.argv) };
  } catch {
    return { closed: true };
  }
}

function numeric(reply: RespReply): number | undefined {
  if (reply.text === null) return undefined;
  const value = Number(reply.text);
  return Number.isFinite(value) && reply.text !== '' ? value : undefined;
}

function sameOutcome(expected: Outcome, actual: Outcome, compare: Comparison): boolean {
  if ('closed' in expected && !('raw' in expected)) return 'closed' in actual && !('raw' in actual);
  if ('raw' in expected) return 'raw' in actual && expected.raw === actual.raw && expected.closed === actual.closed;
  if (!('reply' in actual)) return false;
  const a = expected.reply;
  const b = actual.reply;
  switch (compare) {
    case 'skip':
      return true;
    case 'type':
      return a.kind === b.kind;
    case 'approx': {
      if (a.kind !== b.kind) return false;
      const x = numeric(a);
      const y = numeric(b);
      if (x === undefined || y === undefined) return a.raw === b.raw;
      return Math.abs(x - y) <= Math.max(2, Math.abs(x) * 0.01);
    }
    case 'sort': {
      if (a.items === null || b.items === null) return a.raw === b.raw;
      return a.kind === b.kind && a.items.map((i) => i.raw).sort().join('\n') === b.items.map((i) => i.raw).sort().join('\n');
    }
    case 'exact':
      return a.raw === b.raw;
  }
}

function showOutcome(outcome: Outcome): string {
  if ('reply' in outcome) return showReply(outcome.reply);
  if ('raw' in outcome) return `${JSON.stringify(outcome.raw)}${outcome.closed ? ' [closed]' : ''}`;
  return '[connection closed]';
}

export interface Mismatch {
  file: string;
  line: number;
  protocol: 2 | 3;
  step: string;
  expected: string;
  actual: string;
}

async function connect(port: number, protocol: 2 | 3, password: string | undefined, authenticate: boolean): Promise<RawClient> {
  const client = await RawClient.connect(port);
  if (protocol === 3) {
    const args = ['HELLO', '3'];
    if (password && authenticate) args.push('AUTH', 'default', password);
    await client.call(...args);
  } else if (password && authenticate) {
    await client.call('AUTH', password);
  }
  return client;
}

/** Runs one case on both servers; returns the first mismatch, if any. */
export async function runCase(pair: ServerPair, file: CorpusFile, testCase: Case, protocol: 2 | 3, admin: [RawClient, RawClient]): Promise<Mismatch | undefined> {
  await Promise.all(admin.map((client) => client.call('FLUSHALL')));
  // With a password, RESP3 cases authenticate through HELLO; RESP2 cases start unauthenticated.
  const authenticate = protocol === 3;
  const clients = await Promise.all([
    connect(pair.redis.port, protocol, pair.password, authenticate),
    connect(pair.restis.port, protocol, pair.password, authenticate),
  ]);
  try {
    for (const step of testCase.steps) {
      const [expected, actual] = await Promise.all(clients.map((client) => runStep(client, step)));
      if (expected === undefined || actual === undefined) continue;
      const compare = step.kind === 'command' ? step.compare : 'exact';
      if (!sameOutcome(expected, actual, compare)) {
        return {
          file: file.name,
          line: testCase.line,
          protocol,
          step: step.kind === 'command' ? step.argv.join(' ') : step.kind === 'raw' ? `@raw ${JSON.stringify(step.bytes)}` : '@sleep',
          expected: showOutcome(expected),
          actual: showOutcome(actual),
        };
      }
    }
    return undefined;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/** Runs every case of a corpus file in both protocols; returns all mismatches. */
export async function runCorpusFile(file: CorpusFile, pair: ServerPair): Promise<{ mismatches: Mismatch[]; runs: number }> {
  const admin = await Promise.all([pair.redis.port, pair.restis.port].map(async (port) => {
    const client = await RawClient.connect(port);
    if (pair.password) await client.call('AUTH', pair.password);
    return client;
  })) as [RawClient, RawClient];
  const mismatches: Mismatch[] = [];
  let runs = 0;
  try {
    for (const testCase of file.cases) {
      for (const protocol of testCase.protocols) {
        runs++;
        const mismatch = await runCase(pair, file, testCase, protocol, admin);
        if (mismatch) mismatches.push(mismatch);
      }
    }
  } finally {
    await Promise.all(admin.map((client) => client.close()));
  }
  return { mismatches, runs };
}

export function formatMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches
    .map((m) => `${m.file}:${m.line} [RESP${m.protocol}] ${m.step}\n    redis:  ${m.expected}\n    restis: ${m.actual}`)
    .join('\n');
}

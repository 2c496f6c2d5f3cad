import type { Reply } from '../core/reply.js';
import type { Database } from '../engine/database.js';
import { narrowedRankRange, noAckReadOf, rankLimitOf, upstashDialect, withTypeAt } from '../frontends/rest/upstash-dialect.js';
import type { Settled } from './upstream-connections.js';
import { writeTopLevel, writeUpstreamValue } from './reply-conversion.js';

/** A reply ready to be written once every command of the request has answered. */
export type DeferredReply = (reply: Reply) => void;

/** How the gateway runs one command of a request. */
export interface CommandPlan {
  /** Forward these arguments as one upstream command. */
  argv?: string[];
  /** Answered here (a refusal, a dialect answer). */
  local?: DeferredReply;
  /** Several upstream round trips (the dialect rules that read data first). */
  steps?: () => Promise<DeferredReply>;
}

export interface UpstreamCalls {
  one(argv: string[]): Promise<Settled>;
  all(commands: string[][]): Promise<Settled[]>;
}

export function settledReply(argv: readonly string[], [error, value]: Settled): DeferredReply {
  return error === null ? (reply) => writeTopLevel(reply, argv, value) : (reply) => reply.error(error.message);
}

/**
 * The Upstash dialect of the REST front end (see frontends/rest/upstash-dialect.ts) on an upstream:
 * the rules that only rewrite arguments are the embedded ones; those that read data first (ZRANGE
 * LIMIT by rank needs the size, SCAN WITHTYPE the types, XREADGROUP NOACK whether the consumer
 * existed) ask the upstream in separate round trips, so unlike embedded mode they are not atomic.
 */
export function gatewayDialect(argv: string[], db: Database, upstream: UpstreamCalls): CommandPlan | undefined {
  // Only names of 4 to 10 letters have rules here (the common GET, SET, ... skip the lowercasing).
  const length = argv[0]!.length;
  if (length !== 4 && length !== 5 && length !== 6 && length !== 10) return undefined;
  const name = argv[0]!.toLowerCase();
  if (name === 'zrange') return zrangeLimitByRank(argv, upstream);
  if (name === 'scan') return scanWithType(argv, upstream);
  if (name === 'xreadgroup') return xreadgroupNoAck(argv, upstream);
  if (name !== 'copy' && name !== 'unlink' && name !== 'xtrim') return undefined;
  // These rules never read the database they are given.
  const step = upstashDialect(argv, db, false);
  if (step === undefined) return undefined;
  if (step.answer !== undefined) return { local: step.answer };
  return { argv: step.argv };
}

function zrangeLimitByRank(argv: string[], upstream: UpstreamCalls): CommandPlan | undefined {
  const rank = rankLimitOf(argv);
  if (rank === undefined) return undefined;
  return {
    steps: async () => {
      const [error, cardinality] = await upstream.one(['ZCARD', argv[1]!]);
      if (error !== null) return settledReply(argv, await upstream.one(argv));
      const rewritten = narrowedRankRange(argv, rank, Number(cardinality));
      return settledReply(rewritten, await upstream.one(rewritten));
    },
  };
}

function scanWithType(argv: string[], upstream: UpstreamCalls): CommandPlan | undefined {
  const at = withTypeAt(argv);
  if (at === -1) return undefined;
  const rewritten = argv.slice();
  rewritten.splice(at, 1);
  return {
    steps: async () => {
      const settled = await upstream.one(rewritten);
      const [error, value] = settled;
      if (error !== null || !Array.isArray(value) || !Array.isArray(value[1])) return settledReply(rewritten, settled);
      const keys = value[1] as Buffer[];
      const types = keys.length === 0 ? [] : await upstream.all(keys.map((key) => ['TYPE', key.latin1Slice(0, key.length)]));
      return (reply) => {
        reply.array(2);
        writeUpstreamValue(reply, value[0]);
        reply.array(keys.length * 2);
        keys.forEach((key, index) => {
          writeUpstreamValue(reply, key);
          const [typeError, type] = types[index]!;
          if (typeError === null) writeUpstreamValue(reply, type);
          else reply.bulk('none');
        });
      };
    },
  };
}

/** The consumer names of a group (XINFO CONSUMERS), each with its pending count. */
async function consumers(upstream: UpstreamCalls, key: string, group: string): Promise<Map<string, number>> {
  const [error, value] = await upstream.one(['XINFO', 'CONSUMERS', key, group]);
  const found = new Map<string, number>();
  if (error !== null || !Array.isArray(value)) return found;
  for (const entry of value as unknown[][]) {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < entry.length; i += 2) fields.set(String(entry[i]), entry[i + 1]);
    const name = fields.get('name');
    if (Buffer.isBuffer(name)) found.set(name.latin1Slice(0, name.length), Number(fields.get('pending') ?? 0));
  }
  return found;
}

function xreadgroupNoAck(argv: string[], upstream: UpstreamCalls): CommandPlan | undefined {
  const read = noAckReadOf(argv);
  if (read === undefined) return undefined;
  const { group, consumer, keys } = read;
  return {
    steps: async () => {
      const before = await Promise.all(keys.map((key) => consumers(upstream, key, group)));
      const settled = await upstream.one(argv);
      await Promise.all(keys.map(async (key, index) => {
        if (before[index]!.has(consumer)) return;
        if ((await consumers(upstream, key, group)).get(consumer) === 0) await upstream.one(['XGROUP', 'DELCONSUMER', key, group, consumer]);
      }));
      return settledReply(argv, settled);
    },
  };
}

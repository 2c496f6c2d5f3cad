import type { Database } from '../../engine/database.js';
import { StreamValue } from '../../engine/types/stream.js';
import { SortedSet } from '../../engine/types/zset.js';
import { typeOfValue } from '../../engine/values.js';
import { isKeyword, parseInteger } from '../../core/args.js';
import type { Reply } from '../../core/reply.js';

/**
 * Where Upstash answers differently from Redis and the Upstash SDK depends on it (the REST spec's
 * section 10), the REST front end follows Upstash; the RESP front end stays byte-identical to
 * Redis. Each rule rewrites the argv before dispatch, answers the request itself, or adjusts the
 * result afterwards.
 */
export interface DialectStep {
  argv: string[];
  /** Set when the rule answered the command itself. */
  answer?: (reply: Reply) => void;
  /** Wraps the reply the command writes (SCAN ... WITHTYPE). */
  wrapReply?: (reply: Reply) => Reply;
  /** Runs after the command. */
  after?: () => void;
}

type Rule = (argv: string[], db: Database) => DialectStep | undefined;

/** COPY k k: Upstash answers 0 (nothing copied) where Redis errors. */
const copyToItself: Rule = (argv) => {
  if (argv.length < 3 || argv[1] !== argv[2]) return undefined;
  for (let i = 3; i < argv.length; i++) if (isKeyword(argv[i]!, 'db')) return undefined;
  return { argv, answer: (reply) => reply.int(0) };
};

/** UNLINK with no keys: 0 instead of an arity error. */
const unlinkNothing: Rule = (argv) => (argv.length === 1 ? { argv, answer: (reply) => reply.int(0) } : undefined);

/** XTRIM MAXLEN|MINID ~ n: Upstash trims exactly; Redis only trims whole nodes. */
const exactXtrim: Rule = (argv) => {
  if (argv.length < 5 || argv[3] !== '~') return undefined;
  const rewritten = argv.slice();
  rewritten[3] = '=';
  // LIMIT is only valid with ~; with exact trimming it goes.
  const limit = rewritten.findIndex((word, index) => index > 4 && isKeyword(word, 'limit'));
  if (limit !== -1) rewritten.splice(limit, 2);
  return { argv: rewritten };
};

/** Where a ZRANGE's LIMIT is and the numbers around it (see zrangeLimitByRank). */
export interface RankLimit {
  limit: number;
  start: number;
  stop: number;
  offset: number;
  count: number;
}

/** ZRANGE key start stop LIMIT offset count without BYSCORE/BYLEX; undefined for any other ZRANGE. */
export function rankLimitOf(argv: readonly string[]): RankLimit | undefined {
  const limit = argv.findIndex((word, index) => index > 3 && isKeyword(word, 'limit'));
  if (limit === -1 || argv.some((word, index) => index > 3 && (isKeyword(word, 'byscore') || isKeyword(word, 'bylex')))) return undefined;
  const start = parseInteger(argv[2] ?? '');
  const stop = parseInteger(argv[3] ?? '');
  const offset = parseInteger(argv[limit + 1] ?? '');
  const count = parseInteger(argv[limit + 2] ?? '');
  if (start === null || stop === null || offset === null || count === null) return undefined;
  return { limit, start, stop, offset, count };
}

/** The plain ZRANGE by rank that Upstash's LIMIT means on a sorted set of `size` members. */
export function narrowedRankRange(argv: readonly string[], { limit, start, stop, offset, count }: RankLimit, size: number): string[] {
  let from = start < 0 ? Math.max(0, size + start) : start;
  let to = stop < 0 ? size + stop : Math.min(stop, size - 1);
  from += Math.max(0, offset);
  if (count >= 0) to = Math.min(to, from + count - 1);
  if (offset < 0 || from > to) {
    from = 1;
    to = 0;
  }
  const rewritten = argv.slice();
  rewritten.splice(limit, 3);
  rewritten[2] = String(from);
  rewritten[3] = String(to);
  return rewritten;
}

/**
 * ZRANGE key start stop LIMIT offset count without BYSCORE/BYLEX: Upstash applies the LIMIT to the
 * rank range; Redis refuses it. The rank range is narrowed here and LIMIT dropped.
 */
const zrangeLimitByRank: Rule = (argv, db) => {
  const rank = rankLimitOf(argv);
  if (rank === undefined) return undefined;
  const value = db.data.get(argv[1]!);
  return { argv: narrowedRankRange(argv, rank, value instanceof SortedSet ? value.size : 0) };
};

/** Where SCAN's WITHTYPE is, or -1. */
export function withTypeAt(argv: readonly string[]): number {
  return argv.findIndex((word, index) => index > 1 && isKeyword(word, 'withtype'));
}

/** SCAN cursor ... WITHTYPE: the keys come back as key, type, key, type, ... */
const scanWithType: Rule = (argv, db) => {
  const at = withTypeAt(argv);
  if (at === -1) return undefined;
  const rewritten = argv.slice();
  rewritten.splice(at, 1);
  return { argv: rewritten, wrapReply: (reply) => new KeysWithTypes(reply, db) };
};

/** The group, consumer and stream keys of an XREADGROUP ... NOACK; undefined for any other. */
export function noAckReadOf(argv: readonly string[]): { group: string; consumer: string; keys: string[] } | undefined {
  if (!argv.some((word) => isKeyword(word, 'noack'))) return undefined;
  const groupAt = argv.findIndex((word) => isKeyword(word, 'group'));
  const streamsAt = argv.findIndex((word) => isKeyword(word, 'streams'));
  if (groupAt === -1 || streamsAt === -1) return undefined;
  const group = argv[groupAt + 1];
  const consumer = argv[groupAt + 2];
  if (group === undefined || consumer === undefined) return undefined;
  const keyCount = Math.floor((argv.length - streamsAt - 1) / 2);
  return { group, consumer, keys: argv.slice(streamsAt + 1, streamsAt + 1 + keyCount) };
}

/** XREADGROUP ... NOACK: Upstash does not create the consumer (XINFO CONSUMERS stays empty). */
const xreadgroupNoAck: Rule = (argv, db) => {
  const read = noAckReadOf(argv);
  if (read === undefined) return undefined;
  const { group: groupName, consumer: consumerName, keys } = read;
  const existedBefore = keys.map((key) => {
    const value = db.data.get(key);
    return value instanceof StreamValue && value.groups.get(groupName)?.consumers.has(consumerName) === true;
  });
  return {
    argv,
    after: () => {
      keys.forEach((key, index) => {
        if (existedBefore[index]) return;
        const group = (db.data.get(key) as StreamValue | undefined)?.groups?.get(groupName);
        if (group !== undefined && group.consumers.get(consumerName)?.pending.size === 0) group.deleteConsumer(consumerName);
      });
    },
  };
};

const RULES = new Map<string, Rule>([
  ['copy', copyToItself],
  ['unlink', unlinkNothing],
  ['xtrim', exactXtrim],
  ['zrange', zrangeLimitByRank],
  ['scan', scanWithType],
  ['xreadgroup', xreadgroupNoAck],
]);

/** Rules that only rewrite arguments, so they also hold for commands queued by /multi-exec. */
const QUEUEABLE = new Set(['xtrim']);

export function upstashDialect(argv: string[], db: Database, queued: boolean): DialectStep | undefined {
  const name = argv[0]!;
  if (name.length < 4 || name.length > 10) return undefined;
  const lower = name.toLowerCase();
  const rule = RULES.get(lower);
  if (rule === undefined || (queued && !QUEUEABLE.has(lower))) return undefined;
  return rule(argv, db);
}

/** SCAN's reply with each key followed by its type. */
class KeysWithTypes implements Reply {
  readonly protocol: 2 | 3;
  private depth = 0;

  constructor(private readonly target: Reply, private readonly db: Database) {
    this.protocol = target.protocol;
  }

  array(length: number): void {
    this.target.array(this.depth === 1 ? length * 2 : length);
    this.depth++;
  }

  bulk(value: string): void {
    this.target.bulk(value);
    if (this.depth === 2) {
      const stored = this.db.data.get(value);
      this.target.bulk(stored === undefined ? 'none' : typeOfValue(stored));
    }
  }

  ok(): void { this.target.ok(); }
  simple(text: string): void { this.target.simple(text); }
  error(message: string): void { this.target.error(message); }
  int(value: number | bigint): void { this.target.int(value); }
  nil(): void { this.target.nil(); }
  nilArray(): void { this.target.nilArray(); }
  map(pairs: number): void { this.target.map(pairs); }
  set(length: number): void { this.target.set(length); }
  double(value: number, text?: string): void { this.target.double(value, text); }
  bool(value: boolean): void { this.target.bool(value); }
  verbatim(text: string, format?: string): void { this.target.verbatim(text, format); }
  bigNumber(digits: string): void { this.target.bigNumber(digits); }
  push(length: number): void { this.target.push(length); }
}

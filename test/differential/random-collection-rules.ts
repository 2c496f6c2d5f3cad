/**
 * Reply rules shared by the random tables of collection types (hashes, sets): replies whose order
 * Redis leaves to its hash table, and replies that are random by design. Compact encodings
 * (listpack, intset) have a deterministic order, so the rules ask Redis for the encoding and
 * compare those replies byte for byte.
 */
import type { RespReply } from '../helpers/resp-reply.js';
import { quoteArgument, type Probe, type ReplyPair, type ReplyRule, type Verdict } from './random-commands.js';

export function sameBytes({ redis, restis }: ReplyPair): Verdict {
  return redis.raw === restis.raw ? undefined : 'the replies differ';
}

/** Items of an aggregate reply grouped `width` at a time, each group as one comparable string. */
export function groups(reply: RespReply, width: number): string[] {
  const items = reply.items ?? [];
  const out: string[] = [];
  for (let i = 0; i < items.length; i += width) out.push(items.slice(i, i + width).map((item) => item.raw).join(''));
  return out;
}

export function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.every((item, index) => item === right[index]);
}

export async function redisEncoding(probe: Probe, key: string): Promise<string | null> {
  const encoding = await probe(['OBJECT', 'ENCODING', key]);
  return encoding.redis.text;
}

/**
 * A reply that lists a collection whole (HGETALL, SMEMBERS, ...): exact when Redis keeps the key
 * in `compactEncoding`, otherwise the same elements in any order, `width` items per element.
 */
export function wholeCollectionReply(compactEncoding: string, width: number, keyIndex = 1): ReplyRule {
  return async (replies, argv, probe) => {
    if (sameBytes(replies) === undefined) return undefined;
    const { redis, restis } = replies;
    if (redis.items === null || restis.items === null || redis.kind !== restis.kind) return 'the replies differ';
    if ((await redisEncoding(probe, argv[keyIndex]!)) === compactEncoding) return `the replies differ (${compactEncoding} order is deterministic)`;
    return sameMultiset(groups(redis, width), groups(restis, width)) ? undefined : 'the elements differ (order ignored)';
  };
}

/** The texts of a flat list of bulk items. */
export function texts(reply: RespReply): string[] {
  return (reply.items ?? []).map((item) => item.text ?? '');
}

/**
 * Reads a whole collection from both servers with `argv` (HGETALL, SMEMBERS), checks that they
 * hold the same elements, and answers them as item groups of `width`; a string says how they differ.
 */
export async function agreedContents(probe: Probe, argv: readonly string[], width: number): Promise<Set<string> | string> {
  const read = await probe(argv);
  if (read.redis.kind === '-' || read.restis.kind === '-') return read.redis.raw === read.restis.raw ? new Set() : `${argv[0]} answers differ`;
  const redisGroups = groups(read.redis, width);
  if (!sameMultiset(redisGroups, groups(read.restis, width))) return `the servers hold different contents (${argv.join(' ')})`;
  return new Set(redisGroups);
}

/**
 * The reply of a SCAN-like command over a collection: [cursor, items]. Compact encodings answer
 * everything at once (exact); hashtable ones are checked element by element against `contents`
 * (the set of its item groups), and as a whole when both servers finished in one call from cursor 0.
 */
export function collectionScanReply(compactEncoding: string, width: number, contents: (probe: Probe, key: string) => Promise<Set<string> | string>): ReplyRule {
  return async (replies, argv, probe) => {
    if (sameBytes(replies) === undefined) return undefined;
    const { redis, restis } = replies;
    if (redis.kind !== '*' || restis.kind !== '*' || redis.items?.length !== 2 || restis.items?.length !== 2) return 'the replies differ';
    const key = argv[1]!;
    if ((await redisEncoding(probe, key)) === compactEncoding) return `the replies differ (a ${compactEncoding} scan is deterministic)`;
    const known = await contents(probe, key);
    if (typeof known === 'string') return known;
    const redisGroups = groups(redis.items[1]!, width);
    const restisGroups = groups(restis.items[1]!, width);
    for (const group of restisGroups) {
      if (!known.has(group)) return `restis answered ${quoteArgument(group)}, which the collection does not hold`;
    }
    if (new Set(restisGroups).size !== restisGroups.length) return 'restis answered an element twice in one call';
    const finishedAtOnce = argv[2] === '0' && redis.items[0]!.text === '0' && restis.items[0]!.text === '0';
    if (finishedAtOnce && !sameMultiset(redisGroups, restisGroups)) return 'complete scans from cursor 0 differ (order ignored)';
    return undefined;
  };
}

import type { Reply } from '../core/reply.js';

/**
 * ioredis's replies (RESP2, raw Buffers for strings, integers as decimal strings so none loses
 * digits, errors inside arrays as Error objects) written into a protocol-neutral Reply.
 */
export function writeUpstreamValue(reply: Reply, value: unknown): void {
  if (value === null || value === undefined) return reply.nil();
  if (Buffer.isBuffer(value)) return reply.bulk(value.latin1Slice(0, value.length));
  if (typeof value === 'string') return reply.int(integerOf(value));
  if (typeof value === 'number') return reply.int(value);
  if (Array.isArray(value)) {
    reply.array(value.length);
    for (const item of value) writeUpstreamValue(reply, item);
    return;
  }
  if (value instanceof Error) return reply.error(value.message);
  reply.bulk(String(value));
}

function integerOf(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** Commands whose top-level string reply is data (a bulk string), even when it reads OK or PONG. */
const DATA_REPLIES = new Set([
  'get', 'getdel', 'getex', 'getset', 'getrange', 'substr', 'hget', 'lindex', 'lpop', 'rpop', 'lmove', 'rpoplpush',
  'spop', 'srandmember', 'zrandmember', 'hrandfield', 'echo', 'dump', 'object', 'eval', 'evalsha', 'eval_ro',
  'evalsha_ro', 'fcall', 'fcall_ro', 'xadd', 'client', 'config', 'memory', 'info', 'lcs', 'georadius',
]);

/**
 * RESP2 status replies and bulk strings both arrive as Buffers, so which one a top-level string
 * was is decided from the command: OK from a command that does not return stored data, PONG
 * from a PING without argument, TYPE's answer. Only base64 mode (a top-level OK stays plain) and
 * the raw RESP2 format can tell them apart.
 */
export function writeTopLevel(reply: Reply, argv: readonly string[], value: unknown): void {
  if (Buffer.isBuffer(value) && value.length <= 6 && mayBeStatus(value, argv[0]!)) {
    const name = argv[0]!.toLowerCase();
    const text = value.latin1Slice(0, value.length);
    const status = text === 'OK'
      ? !DATA_REPLIES.has(name) && !(name === 'set' && argv.some((word, index) => index > 2 && word.toLowerCase() === 'get'))
      : (text === 'PONG' && name === 'ping' && argv.length === 1) || name === 'type';
    if (status) return text === 'OK' ? reply.ok() : reply.simple(text);
  }
  writeUpstreamValue(reply, value);
}

/** A cheap first look (most replies are plain data): OK, PONG, or anything TYPE answers. */
function mayBeStatus(value: Buffer, name: string): boolean {
  if (value.length === 2 && value[0] === 79 && value[1] === 75) return true;
  if (value.length === 4 && value[0] === 80 && value[1] === 79 && value[2] === 78 && value[3] === 71) return true;
  return name.length === 4;
}

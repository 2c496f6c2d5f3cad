// https://redis.io/commands/debug/
import { defineCommand } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_DEBUG_DISABLED, ERR_NO_SUCH_KEY, unknownSubcommandOrArity } from '../../core/errors.js';
import type { Session } from '../../core/session.js';
import { isStringValue, stringContent, valueEncoding, type StoredValue } from '../../engine/values.js';
import { replyHelp } from './help-reply.js';

const HELP_LINES = [
  'DEBUG <subcommand> [<arg> ...]. Subcommands (Restis has the harmless ones tools send):',
  'SLEEP <seconds>',
  '    Blocks the whole server for <seconds> (decimals allowed), like a slow command would.',
  'LOG <message>',
  '    Writes <message> to the server log.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    0 stops deleting expired keys in the background (they still expire when read); 1 resumes.',
  'OBJECT <key>',
  '    One line about how the value at <key> is stored.',
  'HELP',
  '    This text.',
];

/** Redis's islocalClient: a loopback peer (or a connection that is not a network one). */
function isLocal(session: Session): boolean {
  const transport = session.transport;
  if (transport.kind === 'internal') return true;
  const address = transport.remoteAddress;
  return address.startsWith('127.0.0.1:') || address.startsWith('[::1]:');
}

function debugAllowed(ctx: CommandContext): boolean {
  const setting = ctx.server.config.get('enable-debug-command');
  return setting === 'yes' || (setting === 'local' && isLocal(ctx.session));
}

/** C's strtod reading as much of a number as it can (DEBUG SLEEP does not check the rest). */
function leadingDouble(text: string): number {
  const match = /^\s*[+-]?(?:0x[0-9a-f]+(?:\.[0-9a-f]*)?(?:p[+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?)/i.exec(text);
  if (!match) return 0;
  const token = match[0].trim();
  const negative = token.startsWith('-');
  const body = token.replace(/^[+-]/, '');
  let value: number;
  if (/^inf/i.test(body)) value = Infinity;
  else if (/^0x/i.test(body)) {
    const [, whole = '', fraction = '', exponent = '0'] = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(body) ?? [];
    value = (parseInt(whole || '0', 16) + (fraction ? parseInt(fraction, 16) / 16 ** fraction.length : 0)) * 2 ** Number(exponent);
  } else value = Number(body);
  return negative ? -value : value;
}

/** C's atoi: optional blanks and sign, then digits; anything else stops it. */
function leadingInteger(text: string): number {
  const match = /^\s*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1]!, 10) : 0;
}

/** Blocks the event loop, and so every client, the way DEBUG SLEEP blocks Redis. */
function sleepServer(seconds: number): void {
  const ms = Math.floor(seconds * 1e6) / 1000;
  if (!(ms > 0) || !Number.isFinite(ms)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The length Redis's RDB format would give the value (integers packed, strings length-prefixed). */
function serializedLength(value: StoredValue): number {
  if (!isStringValue(value)) return value.memoryUsage();
  const text = stringContent(value);
  if (text.length <= 11 && /^(0|-?[1-9]\d*)$/.test(text)) {
    const number = Number(text);
    if (number >= -128 && number <= 127) return 2;
    if (number >= -32768 && number <= 32767) return 3;
    if (number >= -2147483648 && number <= 2147483647) return 5;
  }
  const prefix = text.length < 64 ? 1 : text.length < 16384 ? 2 : text.length <= 0xffffffff ? 5 : 9;
  return prefix + text.length;
}

/** A stable pseudo address per key, so the line has Redis's shape without exposing anything. */
function pseudoAddress(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `0x7f${hash.toString(16).padStart(8, '0')}00`;
}

function describeObject(ctx: CommandContext): void {
  const { argv, db, server, reply } = ctx;
  const key = argv[2]!;
  // Like Redis's dbFind: describe the value even if its TTL has passed, without expiring it.
  const value = db.data.get(key);
  if (value === undefined) return reply.error(ERR_NO_SUCH_KEY);
  const encoding = valueEncoding(value);
  const shared = typeof value === 'string' && encoding === 'int' && Number(value) >= 0 && Number(value) < 10000;
  const lru = Math.floor(server.clock.now / 1000) & 0xffffff;
  // Restis does not track access times: every key looks just used.
  reply.simple(`Value at:${pseudoAddress(key)} refcount:${shared ? 2147483647 : 1} encoding:${encoding} serializedlength:${serializedLength(value)} lru:${lru} lru_seconds_idle:0`);
}

export const debug = defineCommand({
  name: 'debug', arity: -2, flags: 'admin noscript loading stale', group: 'server', since: '1.0.0',
  complexity: 'Depends on the subcommand',
  summary: 'Testing and diagnostics helpers (refused unless enable-debug-command allows them).',
  refuse: (ctx) => (debugAllowed(ctx) ? undefined : ERR_DEBUG_DISABLED),
  run(ctx) {
    const { argv, server, reply } = ctx;
    const subcommand = argv[1]!.toLowerCase();
    if (subcommand === 'help' && argv.length === 2) return replyHelp(reply, HELP_LINES);
    if (argv.length === 3) {
      switch (subcommand) {
        case 'sleep':
          sleepServer(leadingDouble(argv[2]!));
          return reply.ok();
        case 'log':
          server.log.warning(`DEBUG LOG: ${argv[2]}`);
          return reply.ok();
        case 'set-active-expire':
          server.activeExpiry.enabled = leadingInteger(argv[2]!) !== 0;
          return reply.ok();
        case 'object':
          return describeObject(ctx);
      }
    }
    reply.error(unknownSubcommandOrArity(argv[1]!, 'debug'));
  },
});

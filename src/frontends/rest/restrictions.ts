import type { CommandSpec } from '../../core/command.js';
import { restNoPermission, restUnsupported } from '../../core/errors.js';

/**
 * What a REST request may run. HTTP requests share no connection, so commands that wait on a
 * connection (blocking pops, XREAD BLOCK), hold state on it (SELECT, AUTH, HELLO, CLIENT, WATCH,
 * MULTI), or turn it into a stream (SUBSCRIBE, MONITOR) are refused at once with a clear error
 * instead of hanging the request. The read-only token runs only commands flagged `readonly` (and
 * PING/ECHO), never KEYS or SCAN, with Redis's ACL error.
 */

const STATELESS_CONNECTION_COMMANDS = new Set(['ping', 'echo']);
const SUBSCRIBE_COMMANDS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe']);
const READONLY_TOKEN_REFUSED = new Set(['keys', 'scan']);

function hasBlockOption(argv: readonly string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word.length === 7 && word.toLowerCase() === 'streams') return false;
    if (word.length === 5 && word.toLowerCase() === 'block') return true;
  }
  return false;
}

function unsupported(spec: CommandSpec, argv: readonly string[]): string | undefined {
  const root = spec.parent ?? spec;
  const name = root.name;
  if (root.flags.has('blocking')) {
    // XREAD and XREADGROUP only block with BLOCK; without it they are ordinary reads.
    if ((name !== 'xread' && name !== 'xreadgroup') || hasBlockOption(argv)) {
      return restUnsupported(name, 'blocking commands need a connection; use a Redis client on the RESP port');
    }
  }
  if (root.group === 'transactions') return restUnsupported(name, 'send the commands to /multi-exec, which runs them atomically');
  if (SUBSCRIBE_COMMANDS.has(name)) return restUnsupported(name, 'use the /subscribe/<channel> or /psubscribe/<pattern> endpoint (Server-Sent Events)');
  if (name === 'monitor') return restUnsupported(name, 'use the /monitor endpoint (Server-Sent Events)');
  if (root.group === 'connection' && !STATELESS_CONNECTION_COMMANDS.has(name)) {
    return restUnsupported(name, 'each request stands alone (database 0, no connection state); only PING and ECHO apply');
  }
  if (name === 'shutdown') return restUnsupported(name, 'stop the server from its host');
  return undefined;
}

export type TokenKind = 'standard' | 'readonly';

export function restCommandFilter(kind: TokenKind): (spec: CommandSpec, argv: string[]) => string | undefined {
  if (kind === 'standard') return unsupported;
  return (spec, argv) => {
    const root = spec.parent ?? spec;
    const readable = (spec.isReadonly || STATELESS_CONNECTION_COMMANDS.has(root.name)) && !READONLY_TOKEN_REFUSED.has(root.name);
    if (!readable) return restNoPermission(spec.fullName);
    return unsupported(spec, argv);
  };
}

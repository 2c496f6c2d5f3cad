import { timingSafeEqual } from 'node:crypto';
import type { ServerContext } from '../../core/context.js';
import { defineCommand } from '../../core/command.js';
import { ERR_AUTH_NOT_CONFIGURED, ERR_SYNTAX, ERR_WRONGPASS } from '../../core/errors.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks credentials for the one user Restis has, `default`, whose password is `requirepass`
 * (no password configured = any password works, as Redis's `nopass` default user).
 */
export function checkCredentials(server: ServerContext, user: string, password: string): boolean {
  if (user !== 'default') return false;
  const required = server.config.get('requirepass');
  return required === '' || sameSecret(password, required);
}

export const auth = defineCommand({
  name: 'auth', arity: -2, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '1.0.0',
  summary: 'Authenticates the connection as the default user.',
  run({ argv, session, server, reply }) {
    if (argv.length > 3) return reply.error(ERR_SYNTAX);
    if (argv.length === 2 && server.config.get('requirepass') === '') return reply.error(ERR_AUTH_NOT_CONFIGURED);
    const user = argv.length === 3 ? argv[1]! : 'default';
    const password = argv[argv.length - 1]!;
    if (!checkCredentials(server, user, password)) return reply.error(ERR_WRONGPASS);
    session.authenticated = true;
    session.user = user;
    reply.ok();
  },
});

import { parseInteger } from '../../core/args.js';
import { defineCommand } from '../../core/command.js';
import { ERR_CLIENT_NAME, ERR_HELLO_NOAUTH, ERR_NOPROTO, ERR_WRONGPASS, helloSyntaxError } from '../../core/errors.js';
import { REDIS_VERSION } from '../../version.js';
import { checkCredentials } from './auth.js';
import { isValidClientName } from './client-name.js';

export const hello = defineCommand({
  name: 'hello', arity: -1, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '6.0.0',
  summary: 'Negotiates the protocol version (2 or 3), optionally authenticating and naming the connection.',
  run({ argv, session, server, reply }) {
    let version: number | undefined;
    let next = 1;
    if (argv.length >= 2) {
      const parsed = parseInteger(argv[next++]!);
      if (parsed === null) return reply.error('ERR Protocol version is not an integer or out of range');
      if (parsed < 2 || parsed > 3) return reply.error(ERR_NOPROTO);
      version = parsed;
    }
    let credentials: [string, string] | undefined;
    let name: string | undefined;
    for (let i = next; i < argv.length; i++) {
      const option = argv[i]!.toLowerCase();
      const more = argv.length - 1 - i;
      if (option === 'auth' && more >= 2) {
        credentials = [argv[i + 1]!, argv[i + 2]!];
        i += 2;
      } else if (option === 'setname' && more >= 1) {
        name = argv[++i]!;
        if (!isValidClientName(name)) return reply.error(ERR_CLIENT_NAME);
      } else {
        return reply.error(helloSyntaxError(argv[i]!));
      }
    }
    if (credentials) {
      if (!checkCredentials(server, credentials[0], credentials[1])) return reply.error(ERR_WRONGPASS);
      session.authenticated = true;
      session.user = credentials[0];
    }
    if (!session.authenticated) return reply.error(ERR_HELLO_NOAUTH);
    if (name !== undefined) session.name = name;
    if (version !== undefined) session.protocol = version as 2 | 3;
    reply.map(7);
    reply.bulk('server');
    reply.bulk('redis');
    reply.bulk('version');
    reply.bulk(REDIS_VERSION);
    reply.bulk('proto');
    reply.int(session.protocol);
    reply.bulk('id');
    reply.int(session.id);
    reply.bulk('mode');
    reply.bulk('standalone');
    reply.bulk('role');
    reply.bulk('master');
    reply.bulk('modules');
    reply.array(0);
  },
});

import { parseInteger } from '../../core/args.js';
import { defineCommand, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { ERR_CLIENT_NAME, ERR_NO_SUCH_CLIENT, ERR_NOT_INTEGER, ERR_SYNTAX, noSuchUser, unknownClientType, unknownSubcommandOrArity, unrecognizedOption } from '../../core/errors.js';
import type { Session } from '../../core/session.js';
import { describeClient } from './client-info.js';
import { isValidClientName } from './client-name.js';

const CLIENT_TYPES = ['normal', 'master', 'replica', 'slave', 'pubsub'];

/** Restis has no replicas: a client is a pub/sub client while it holds a subscription (MONITOR ones stay normal). */
function clientType(session: Session, server: ServerContext): string {
  return server.pubsub.isSubscribed(session.id) ? 'pubsub' : 'normal';
}

function listClients(ctx: CommandContext): void {
  const { argv, server, reply } = ctx;
  let type: string | undefined;
  let ids: number[] | undefined;
  if (argv.length === 4 && argv[2]!.toLowerCase() === 'type') {
    type = argv[3]!.toLowerCase();
    if (!CLIENT_TYPES.includes(type)) return reply.error(unknownClientType(argv[3]!));
    if (type === 'slave') type = 'replica';
  } else if (argv.length > 3 && argv[2]!.toLowerCase() === 'id') {
    ids = [];
    for (const text of argv.slice(3)) {
      const id = parseInteger(text);
      if (id === null) return reply.error('ERR Invalid client ID');
      ids.push(id);
    }
  } else if (argv.length !== 2) {
    return reply.error(ERR_SYNTAX);
  }
  const now = Date.now();
  let text = '';
  if (ids !== undefined) {
    // In the order asked, repeats included, as Redis answers.
    for (const id of ids) {
      const session = server.clients.get(id);
      if (session !== undefined) text += describeClient(session, server, now);
    }
  } else {
    for (const session of server.clients.all()) {
      if (type === undefined || clientType(session, server) === type) text += describeClient(session, server, now);
    }
  }
  reply.verbatim(text);
}

interface KillFilter {
  id?: number;
  type?: string;
  user?: string;
  addr?: string;
  laddr?: string;
  skipMe: boolean;
  maxAge?: number;
}

function parseKillFilter(argv: string[]): KillFilter | string {
  const filter: KillFilter = { skipMe: true };
  if ((argv.length - 2) % 2 !== 0) return ERR_SYNTAX;
  for (let i = 2; i < argv.length; i += 2) {
    const option = argv[i]!.toLowerCase();
    const value = argv[i + 1]!;
    switch (option) {
      case 'id': {
        const id = parseInteger(value);
        if (id === null || id <= 0) return 'ERR client-id should be greater than 0';
        filter.id = id;
        break;
      }
      case 'type': {
        const type = value.toLowerCase();
        if (!CLIENT_TYPES.includes(type)) return unknownClientType(value);
        filter.type = type === 'slave' ? 'replica' : type;
        break;
      }
      case 'user':
        if (value !== 'default') return noSuchUser(value);
        filter.user = value;
        break;
      case 'addr':
        filter.addr = value;
        break;
      case 'laddr':
        filter.laddr = value;
        break;
      case 'skipme': {
        const answer = value.toLowerCase();
        if (answer !== 'yes' && answer !== 'no') return ERR_SYNTAX;
        filter.skipMe = answer === 'yes';
        break;
      }
      case 'maxage': {
        const age = parseInteger(value);
        if (age === null) return ERR_SYNTAX;
        filter.maxAge = age;
        break;
      }
      default:
        return ERR_SYNTAX;
    }
  }
  return filter;
}

function killClients(ctx: CommandContext): void {
  const { argv, session: self, server, reply } = ctx;
  if (argv.length === 3) {
    // Old form: CLIENT KILL ip:port, answers OK or an error.
    for (const session of server.clients.all()) {
      if (session.transport.remoteAddress === argv[2]) {
        reply.ok();
        session.transport.close(session === self);
        return;
      }
    }
    return reply.error(ERR_NO_SUCH_CLIENT);
  }
  const filter = parseKillFilter(argv);
  if (typeof filter === 'string') return reply.error(filter);
  const now = Date.now();
  const victims: Session[] = [];
  for (const session of server.clients.all()) {
    if (filter.id !== undefined && session.id !== filter.id) continue;
    if (filter.type !== undefined && clientType(session, server) !== filter.type) continue;
    if (filter.user !== undefined && session.user !== filter.user) continue;
    if (filter.addr !== undefined && session.transport.remoteAddress !== filter.addr) continue;
    if (filter.laddr !== undefined && session.transport.localAddress !== filter.laddr) continue;
    if (filter.maxAge !== undefined && (now - session.createdAt) / 1000 < filter.maxAge) continue;
    if (filter.skipMe && session === self) continue;
    victims.push(session);
  }
  reply.int(victims.length);
  for (const session of victims) session.transport.close(session === self);
}

const sub = (decl: Omit<CommandDeclaration, 'group' | 'since'> & { since?: string }): CommandDeclaration => ({
  group: 'connection',
  since: '2.4.0',
  ...decl,
});

export const client = defineCommand({
  name: 'client', arity: -2, group: 'connection', since: '2.4.0', acl: '-group',
  summary: 'Inspects and controls client connections.',
  subcommands: [
    sub({
      name: 'id', arity: 2, flags: 'noscript loading stale', since: '5.0.0',
      summary: 'Returns the unique id of the current connection.',
      run: ({ session, reply }) => reply.int(session.id),
    }),
    sub({
      name: 'getname', arity: 2, flags: 'noscript loading stale', since: '2.6.9',
      summary: 'Returns the name of the current connection.',
      run: ({ session, reply }) => (session.name === '' ? reply.nil() : reply.bulk(session.name)),
    }),
    sub({
      name: 'setname', arity: 3, flags: 'noscript loading stale', since: '2.6.9',
      summary: 'Names the current connection.',
      run({ argv, session, reply }) {
        if (!isValidClientName(argv[2]!)) return reply.error(ERR_CLIENT_NAME);
        session.name = argv[2]!;
        reply.ok();
      },
    }),
    sub({
      name: 'setinfo', arity: 4, flags: 'noscript loading stale', since: '7.2.0',
      summary: 'Records the client library name or version for CLIENT LIST.',
      run({ argv, session, reply }) {
        const attribute = argv[2]!.toLowerCase();
        const value = argv[3]!;
        if (attribute !== 'lib-name' && attribute !== 'lib-ver') {
          return reply.error(unrecognizedOption(argv[2]!));
        }
        if (!isValidClientName(value) && value !== '') {
          return reply.error(`ERR ${attribute} cannot contain spaces, newlines or special characters.`);
        }
        if (attribute === 'lib-name') session.libName = value;
        else session.libVersion = value;
        reply.ok();
      },
    }),
    sub({
      name: 'list', arity: -2, flags: 'admin noscript loading stale', tips: 'nondeterministic_output',
      summary: 'Lists client connections, optionally filtered by type or id.',
      run: listClients,
    }),
    sub({
      name: 'info', arity: 2, flags: 'noscript loading stale', since: '6.2.0', tips: 'nondeterministic_output',
      summary: 'Describes the current connection.',
      run: ({ session, server, reply }) => reply.verbatim(describeClient(session, server, Date.now())),
    }),
    sub({
      name: 'kill', arity: -3, flags: 'admin noscript loading stale',
      summary: 'Closes client connections by address, id, type, user or age.',
      run: killClients,
    }),
    sub({
      name: 'reply', arity: 3, flags: 'noscript loading stale', since: '3.2.0',
      summary: 'Turns the replies to the current connection on or off, or skips the next one.',
      run({ argv, session, reply }) {
        const mode = argv[2]!.toLowerCase();
        if (mode === 'on') {
          session.replyMode = 'on';
          reply.ok();
        } else if (mode === 'off') {
          session.replyMode = 'off';
        } else if (mode === 'skip') {
          if (session.replyMode !== 'off') session.replyMode = 'skip-next';
        } else {
          reply.error(ERR_SYNTAX);
        }
      },
    }),
    sub({
      name: 'no-evict', arity: 3, flags: 'admin noscript loading stale', since: '7.0.0',
      summary: 'Protects the current connection from client eviction.',
      run({ argv, session, reply }) {
        const mode = argv[2]!.toLowerCase();
        if (mode !== 'on' && mode !== 'off') return reply.error(ERR_SYNTAX);
        session.noEvict = mode === 'on';
        reply.ok();
      },
    }),
    sub({
      name: 'no-touch', arity: 3, flags: 'noscript loading stale', since: '7.2.0',
      summary: 'Keeps the commands of the current connection from updating key access times.',
      run({ argv, session, reply }) {
        const mode = argv[2]!.toLowerCase();
        if (mode !== 'on' && mode !== 'off') return reply.error(ERR_SYNTAX);
        session.noTouch = mode === 'on';
        reply.ok();
      },
    }),
    sub({
      name: 'unblock', arity: -3, flags: 'admin noscript loading stale', since: '5.0.0',
      summary: 'Ends the wait of a client blocked in a blocking command, as a timeout or with an error.',
      run({ argv, server, reply }) {
        if (argv.length > 4) return reply.error(unknownSubcommandOrArity(argv[1]!, argv[0]!));
        let withError = false;
        if (argv.length === 4) {
          const reason = argv[3]!.toLowerCase();
          if (reason === 'error') withError = true;
          else if (reason !== 'timeout') return reply.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
        }
        const id = parseInteger(argv[2]!);
        if (id === null) return reply.error(ERR_NOT_INTEGER);
        const target = server.clients.get(id);
        reply.int(target !== undefined && server.keyspace.blocking.unblock(target, withError) ? 1 : 0);
      },
    }),
    sub({
      name: 'getredir', arity: 2, flags: 'noscript loading stale', since: '6.0.0',
      summary: 'Returns the id of the client tracking invalidations are redirected to (-1: none).',
      run: ({ reply }) => reply.int(-1),
    }),
    sub({
      name: 'trackinginfo', arity: 2, flags: 'noscript loading stale', since: '6.2.0',
      summary: 'Describes the client-side caching state of the current connection.',
      run({ reply }) {
        reply.map(3);
        reply.bulk('flags');
        reply.set(1);
        reply.bulk('off');
        reply.bulk('redirect');
        reply.int(-1);
        reply.bulk('prefixes');
        reply.array(0);
      },
    }),
    sub({
      name: 'help', arity: 2, flags: 'loading stale', since: '5.0.0',
      summary: 'Lists the CLIENT subcommands.',
      run({ reply }) {
        const lines = [
          'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
          'GETNAME', '    The name of the current connection, or nil.',
          'ID', '    The id of the current connection.',
          'INFO', '    One line describing the current connection.',
          'KILL <ip:port>', '    Close the connection from <ip:port>.',
          'KILL <option> <value> [<option> <value> [...]]', '    Close the connections that match: ID, ADDR, LADDR, TYPE, USER, MAXAGE, SKIPME (yes|no).',
          'LIST [TYPE <type>] [ID <id> [<id> ...]]', '    One line per connection.',
          'NO-EVICT (ON|OFF)', '    Protect the current connection from client eviction.',
          'NO-TOUCH (ON|OFF)', '    Keep this connection from updating key access times.',
          'REPLY (ON|OFF|SKIP)', '    Turn replies to this connection on or off, or skip the next one.',
          'SETINFO (LIB-NAME|LIB-VER) <value>', '    Record the client library name or version.',
          'SETNAME <name>', '    Name the current connection.',
          'UNBLOCK <id> [TIMEOUT|ERROR]', '    End the wait of a client blocked in a blocking command.',
          'HELP', '    This text.',
        ];
        reply.array(lines.length);
        for (const line of lines) reply.simple(line);
      },
    }),
  ],
});

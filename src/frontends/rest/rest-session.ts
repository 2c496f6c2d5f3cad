import type { Socket } from 'node:net';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { Session, type SessionTransport } from '../../core/session.js';
import { formatAddress } from '../resp/connection.js';
import { restCommandFilter, type TokenKind } from './restrictions.js';

const FILTERS = { standard: restCommandFilter('standard'), readonly: restCommandFilter('readonly') };

/**
 * One HTTP connection as the command core sees it: a session in database 0, RESP2 shapes, never
 * blocking, with the REST restrictions of the token of the current request. Requests on a
 * keep-alive connection reuse it; each runs to completion before the next starts.
 */
export class RestSession implements SessionTransport {
  readonly kind = 'rest' as const;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly fd = -1;
  readonly session: Session;
  readonly ctx: CommandContext;

  constructor(private readonly socket: Socket, server: ServerContext) {
    this.remoteAddress = formatAddress(socket.remoteAddress, socket.remotePort);
    this.localAddress = formatAddress(socket.localAddress, socket.localPort);
    this.session = new Session(server.clients.nextId(), this, server.keyspace.db(0), true, Date.now());
    this.ctx = { argv: [], session: this.session, db: this.session.db, reply: undefined!, server, spec: undefined!, denyBlocking: true };
  }

  /** Ready for a request made with this token. */
  prepare(kind: TokenKind): CommandContext {
    const session = this.session;
    session.commandFilter = FILTERS[kind];
    session.lastInteraction = Date.now();
    return this.ctx;
  }

  close(): void {
    this.socket.destroy();
  }

  queryBufferLength(): number {
    return 0;
  }

  pendingReplyBytes(): number {
    return 0;
  }

  outputBufferLength(): number {
    return this.socket.writableLength;
  }
}

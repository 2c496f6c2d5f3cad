import type { Socket } from 'node:net';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { dispatch } from '../../core/dispatch.js';
import { Session, type SessionTransport } from '../../core/session.js';
import type { ProtocolLimits } from './listener.js';
import { RequestParser } from './parser.js';
import { DiscardingReply, RespWriter } from './writer.js';

/** Stop reading from a client whose unread replies pass this, until the socket drains. */
const OUTPUT_HIGH_WATER = 8 * 1024 * 1024;

export function formatAddress(address: string | undefined, port: number | undefined): string {
  const host = address ?? '?';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? 0}`;
}

const flushQueue: RespConnection[] = [];

function flushAll(): void {
  // A flush never adds to the queue, so plain iteration is enough.
  for (let i = 0; i < flushQueue.length; i++) flushQueue[i]!.flush();
  flushQueue.length = 0;
}

/**
 * Replies are written at the end of the event loop turn, after every readable socket has been
 * read and served, as Redis does in beforeSleep: the peer is woken once per turn instead of once
 * per socket, which halves the kernel time per batch under load.
 */
function scheduleFlush(connection: RespConnection): void {
  if (connection.flushQueued) return;
  connection.flushQueued = true;
  if (flushQueue.push(connection) === 1) setImmediate(flushAll);
}

/**
 * One RESP client: parses what it sends, runs the commands in order, and writes all replies
 * produced from one read in one socket write.
 */
export class RespConnection implements SessionTransport {
  readonly kind = 'resp' as const;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly fd: number;
  readonly session: Session;
  private readonly parser: RequestParser;
  private readonly writer: RespWriter;
  private readonly discard: DiscardingReply;
  private readonly ctx: CommandContext;
  private readonly batch: string[][] = [];
  /** QUIT or a protocol error: stop running commands, close once replies are out. */
  private closing = false;
  /** A command is waiting (blocking command): later commands wait behind it. */
  private suspended = false;
  /** Chunks received while suspended, run in order once the waiting command is done. */
  private readonly held: Buffer[] = [];
  private heldBytes = 0;
  private waitingForDrain = false;
  /** Waiting in the list of connections to flush at the end of this event loop turn. */
  flushQueued = false;

  constructor(private readonly socket: Socket, private readonly server: ServerContext, private readonly limits: ProtocolLimits) {
    this.remoteAddress = formatAddress(socket.remoteAddress, socket.remotePort);
    this.localAddress = formatAddress(socket.localAddress, socket.localPort);
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    const authenticated = server.config.get('requirepass') === '';
    this.session = new Session(server.clients.nextId(), this, server.keyspace.db(0), authenticated, Date.now());
    this.parser = new RequestParser({
      maxBulkLength: () => limits.maxBulkLength,
      maxQueryBuffer: () => limits.maxQueryBuffer,
      authenticated: () => this.session.authenticated,
    });
    this.writer = new RespWriter(this.session, server.stats, () => this.flush());
    this.discard = new DiscardingReply(this.session, this.writer);
    this.ctx = { argv: [], session: this.session, db: this.session.db, reply: this.writer, server, spec: undefined!, denyBlocking: false };
    server.clients.add(this.session);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => server.log.verbose(`client ${this.remoteAddress}: ${error.message}`));
    socket.on('close', () => this.onClose());
    socket.on('drain', () => {
      if (this.waitingForDrain) {
        this.waitingForDrain = false;
        socket.resume();
      }
    });
  }

  private onData(chunk: Buffer): void {
    this.server.stats.netInputBytes += chunk.length;
    this.session.lastInteraction = Date.now();
    if (this.closing) return;
    if (this.suspended) {
      // Keep reading while a command waits, so a client that hangs up is noticed at once;
      // what it sends meanwhile runs after the waiting command, in order.
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      if (this.heldBytes > this.limits.maxQueryBuffer) {
        this.server.log.verbose(`closing client ${this.remoteAddress}: client reached max query buffer length`);
        this.close(false);
      }
      return;
    }
    const parsed = this.parser.feed(chunk, this.batch);
    this.runBatch(0, parsed);
  }

  private runBatch(start: number, parsed: boolean): void {
    const batch = this.batch;
    for (;;) {
      for (let i = start; i < batch.length && !this.closing; i++) {
        const pending = this.runCommand(batch[i]!);
        if (pending !== undefined) {
          this.suspend(pending, i + 1, parsed);
          return;
        }
      }
      batch.length = 0;
      // The parser held back a header until the commands before it (an AUTH) had run.
      if (!parsed || !this.parser.deferred || this.closing) break;
      parsed = this.parser.resume(batch);
      start = 0;
    }
    if (!parsed && !this.closing) this.failProtocol();
    if (this.closing) this.closeAfterReplies();
    else scheduleFlush(this);
  }

  private runCommand(argv: string[]): void | Promise<void> {
    const session = this.session;
    const ctx = this.ctx;
    ctx.argv = argv;
    const modeBefore = session.replyMode;
    if (modeBefore === 'on') {
      const result = dispatch(ctx);
      // CLIENT REPLY SKIP drops the reply of the command after it.
      if (session.replyMode === 'skip-next') session.replyMode = 'skip';
      return result;
    }
    // CLIENT REPLY OFF/SKIP: run the command, drop its reply.
    ctx.reply = modeBefore === 'off' || modeBefore === 'skip' ? this.discard : this.writer;
    const result = dispatch(ctx);
    ctx.reply = this.writer;
    if (modeBefore === 'skip' && session.replyMode === 'skip') session.replyMode = 'on';
    else if (session.replyMode === 'skip-next') session.replyMode = 'skip';
    return result;
  }

  private suspend(pending: Promise<void>, resumeAt: number, parsed: boolean): void {
    this.suspended = true;
    this.flush();
    pending.then(
      () => this.resume(resumeAt, parsed),
      (error: unknown) => {
        this.server.log.warning(`client ${this.remoteAddress}: ${String(error)}`);
        this.resume(resumeAt, parsed);
      },
    );
  }

  private resume(resumeAt: number, parsed: boolean): void {
    this.suspended = false;
    if (this.session.killed) return;
    this.runBatch(resumeAt, parsed);
    // Then what arrived while the command waited, unless another command waits again.
    while (!this.suspended && !this.closing && this.held.length !== 0) {
      const chunk = this.held.shift()!;
      this.heldBytes -= chunk.length;
      this.runBatch(0, this.parser.feed(chunk, this.batch));
    }
  }

  private failProtocol(): void {
    const failure = this.parser.failure!;
    if (failure.reply) this.writer.error(failure.reply);
    this.server.log.verbose(`closing client ${this.remoteAddress}: ${failure.reason}`);
    this.closing = true;
  }

  private readonly writeChunk = (chunk: Buffer | string): void => {
    if (this.socket.destroyed) return;
    this.server.stats.netOutputBytes += chunk.length;
    if (typeof chunk === 'string') this.socket.write(chunk, 'latin1');
    else this.socket.write(chunk);
  };

  /** Writes what the commands answered; called once per event loop turn (see scheduleFlush). */
  flush(): void {
    this.flushQueued = false;
    if (this.writer.fragmented) {
      this.socket.cork();
      this.writer.takeInto(this.writeChunk);
      this.socket.uncork();
    } else {
      this.writer.takeInto(this.writeChunk);
    }
    if (!this.waitingForDrain && this.socket.writableLength > OUTPUT_HIGH_WATER) {
      this.waitingForDrain = true;
      this.socket.pause();
    }
  }

  /**
   * The client is gone for the server the moment it is closed, as in Redis: out of CLIENT LIST and
   * maxclients, no longer blocked, no more commands run. Idempotent.
   */
  private release(): void {
    this.closing = true;
    this.held.length = 0;
    if (this.session.killed) return;
    this.session.killed = true;
    this.server.clients.remove(this.session);
    this.server.keyspace.blocking.cancel(this.session);
    this.server.keyspace.watches.unwatchAll(this.session);
  }

  /** QUIT, a protocol error: send what is pending, then close the socket fully. */
  private closeAfterReplies(): void {
    this.flush();
    this.release();
    this.socket.destroySoon();
  }

  private onClose(): void {
    this.release();
  }

  close(afterReply: boolean): void {
    if (afterReply) {
      // The current command's reply goes out first; runBatch closes once the batch is done.
      this.closing = true;
      return;
    }
    this.release();
    this.socket.destroy();
  }

  queryBufferLength(): number {
    return this.parser.bufferedBytes;
  }

  pendingReplyBytes(): number {
    return this.writer.bufferedBytes;
  }

  outputBufferLength(): number {
    return this.socket.writableLength;
  }
}

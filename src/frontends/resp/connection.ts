import type { Socket } from 'node:net';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { runBeforeReplies } from '../../core/before-replies.js';
import { dispatch } from '../../core/dispatch.js';
import { Session, type SessionTransport } from '../../core/session.js';
import type { Publication } from '../../pubsub/hub.js';
import { linkEndpoint, type SessionEndpoint } from '../../pubsub/session-endpoint.js';
import type { ProtocolLimits } from './listener.js';
import { checkOutputBufferLimit, outputBufferLimits, type OutputBufferLimits } from './output-buffer-limits.js';
import { RequestParser } from './parser.js';
import { frameOf } from './message-frames.js';
import { DiscardingReply, RespWriter } from './writer.js';

/** Stop reading from a client whose unread replies pass this, until the socket drains. */
const OUTPUT_HIGH_WATER = 8 * 1024 * 1024;

export function formatAddress(address: string | undefined, port: number | undefined): string {
  const host = address ?? '?';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? 0}`;
}

const flushQueue: RespConnection[] = [];

/**
 * Newest first, as Redis walks its pending-writes list: a publisher queued after the subscribers
 * its PUBLISH reached gets its reply before their (many) messages are written, so its next
 * command has arrived by the next turn. In queue order, PUBLISH to 100 subscribers served about
 * half as many publishers per turn (27 of 50), each turn paying the same 100 subscriber writes.
 */
function flushAll(): void {
  // A flush never adds to the queue, so plain iteration is enough.
  for (let i = flushQueue.length - 1; i >= 0; i--) flushQueue[i]!.flush();
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
 * produced from one read in one socket write. Published messages and MONITOR lines are written
 * to it like replies and go out with them.
 */
export class RespConnection implements SessionTransport, SessionEndpoint {
  readonly kind = 'resp' as const;
  readonly id: number;
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
  private readonly outputLimits: OutputBufferLimits;
  /** Unix second since which the output has stayed over its soft limit (0: it is not over). */
  private overSoftLimitSince = 0;

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
    this.id = this.session.id;
    this.outputLimits = outputBufferLimits(server.config);
    linkEndpoint(this.session, this);
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
    runBeforeReplies();
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
    this.enforceOutputLimit();
  }

  /**
   * client-output-buffer-limit: a client whose unsent output passes its class's limit is
   * disconnected (a subscriber that stops reading must not exhaust memory); the others, the
   * publisher included, carry on.
   */
  private enforceOutputLimit(): void {
    const subscriber = this.server.pubsub.hasSubscribers && this.server.pubsub.isSubscribed(this.id);
    const limit = subscriber ? this.outputLimits.pubsub : this.outputLimits.normal;
    if (limit.hardBytes === 0 && limit.softBytes === 0) return;
    const used = this.socket.writableLength + this.writer.bufferedBytes;
    const since = checkOutputBufferLimit(limit, used, this.overSoftLimitSince, Math.floor(Date.now() / 1000));
    if (since !== -1) {
      this.overSoftLimitSince = since;
      return;
    }
    this.server.log.warning(
      `closing client id=${this.id} addr=${this.remoteAddress} name=${this.session.name}: ` +
      `${used} bytes of output waiting, over the ${subscriber ? 'pubsub' : 'normal'} client-output-buffer-limit`,
    );
    this.close(false);
  }

  /** Subscribe confirmations bypass CLIENT REPLY OFF: they go to the writer itself. */
  get pushReply(): RespWriter {
    return this.writer;
  }

  /** Messages and MONITOR lines stop once QUIT or a protocol error is closing the connection. */
  private pushable(): boolean {
    return !this.closing;
  }

  deliver(publication: Publication): void {
    if (!this.pushable()) return;
    this.writer.shared(frameOf(this.session.protocol, publication));
    scheduleFlush(this);
  }

  /** MONITOR lines are ordinary status replies: CLIENT REPLY OFF silences them. */
  line(text: string): void {
    const mode = this.session.replyMode;
    if (!this.pushable() || mode === 'off' || mode === 'skip') return;
    this.writer.simple(text);
    scheduleFlush(this);
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
    this.server.pubsub.removeAll(this);
    this.server.monitors.remove(this);
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

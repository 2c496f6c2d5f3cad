import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import type { JsonBody } from './json-body.js';
import { RespReplyReader, type UpstreamReplyError, type UpstreamValue } from './resp-reply-reader.js';

/** One reply: the value, or the error (a Redis error reply is a ReplyError; anything else is the connection). */
export type Settled = [error: Error | null, value: unknown];

export interface UpstreamSocketSettings {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: ConnectionOptions;
  connectionName: string;
  connectTimeoutMs: number;
  /** Milliseconds before reconnection attempt `times` (1, 2, ...). */
  retryDelay(times: number): number;
}

/** `connecting` covers the TCP (and TLS) connection and the handshake; `reconnecting` the wait before the next attempt. */
export type UpstreamSocketStatus = 'connecting' | 'ready' | 'reconnecting' | 'end';

const NO_RESULTS: Settled[] = [];

/**
 * Commands sent together, answered together. A class, not an object literal: V8 may pretenure a
 * literal's allocation site when its objects outlive a few scavenges (they wait for the upstream),
 * and every batch would then go to the old generation.
 */
class Batch {
  constructor(
    readonly count: number,
    readonly results: Settled[],
    /** The replies are written into this REST JSON body instead of `results` (resolved with none). */
    readonly json: JsonBody | undefined,
    readonly resolve: (results: Settled[]) => void,
    readonly reject: (error: Error) => void,
  ) {}
}

/**
 * One pooled connection to a standalone upstream, without a general-purpose client in between:
 * commands are encoded straight into one buffer per event-loop turn (every request that picked
 * this connection in that turn shares one write, and Redis answers them with one write too),
 * and replies are matched to their requests in order. What it does on connect, on failure and
 * on reconnection follows what the gateway asked of ioredis: AUTH, SELECT, CLIENT SETNAME and a
 * ready check (INFO, waiting while the server loads its data); no offline queue, commands in
 * flight fail with the connection and are never resent, reconnection after `retryDelay`.
 * Emits 'ready', 'error' (Error) and 'close'.
 */
export class UpstreamSocket extends EventEmitter {
  status: UpstreamSocketStatus = 'connecting';
  private socket: net.Socket | undefined;
  private readonly reader = new RespReplyReader((value) => this.onReply(value), () => this.inFlight[0]?.json);
  private readonly inFlight: Batch[] = [];
  private outgoing: (readonly string[])[] = [];
  private outgoingBytes = 0;
  private flushScheduled = false;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(private readonly settings: UpstreamSocketSettings) {
    super();
    this.connect();
  }

  /** Sends commands back to back on this connection; their replies in order. Only when ready. */
  send(commands: readonly (readonly string[])[]): Promise<Settled[]> {
    if (this.status !== 'ready') return Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    return this.enqueue(commands);
  }

  /** Sends commands back to back; their replies are written into `json`, resolved once all are there. */
  sendJson(commands: readonly (readonly string[])[], json: JsonBody): Promise<unknown> {
    if (this.status !== 'ready') return Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    return this.enqueue(commands, json);
  }

  /** Whether commands sent now join a write that is still to go out this turn. */
  get collecting(): boolean {
    return this.flushScheduled;
  }

  disconnect(): void {
    this.ended = true;
    this.status = 'end';
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
  }

  private enqueue(commands: readonly (readonly string[])[], json?: JsonBody): Promise<Settled[]> {
    return new Promise<Settled[]>((resolve, reject) => {
      const batch = new Batch(commands.length, json === undefined ? [] : NO_RESULTS, json, resolve, reject);
      if (json !== undefined) {
        json.onComplete = () => {
          this.inFlight.shift();
          resolve(batch.results);
        };
      }
      this.inFlight.push(batch);
      for (const argv of commands) {
        this.outgoing.push(argv);
        this.outgoingBytes += encodedLength(argv);
      }
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const commands = this.outgoing;
    if (commands.length === 0 || this.socket === undefined || this.socket.destroyed) return;
    const buffer = Buffer.allocUnsafe(this.outgoingBytes);
    let offset = 0;
    for (const argv of commands) offset = encodeCommand(buffer, offset, argv);
    this.outgoing = [];
    this.outgoingBytes = 0;
    this.socket.write(buffer);
  }

  private onReply(value: UpstreamValue): void {
    const batch = this.inFlight[0];
    if (batch === undefined) return;
    batch.results.push(value instanceof Error ? [value, undefined] : [null, value]);
    if (batch.results.length === batch.count) {
      this.inFlight.shift();
      batch.resolve(batch.results);
    }
  }

  private connect(): void {
    this.status = 'connecting';
    const { host, port, connectTimeoutMs } = this.settings;
    const socket = this.settings.tls === undefined ? net.connect({ host, port }) : tls.connect({ ...this.settings.tls, host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    const connectTimer = setTimeout(() => {
      const error = new Error('connect ETIMEDOUT') as NodeJS.ErrnoException;
      error.code = 'ETIMEDOUT';
      socket.destroy(error);
    }, connectTimeoutMs);
    socket.once(this.settings.tls === undefined ? 'connect' : 'secureConnect', () => {
      clearTimeout(connectTimer);
      void this.handshake(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      try {
        this.reader.feed(chunk);
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('error', (error) => {
      if (this.socket === socket) this.emit('error', error);
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      if (this.socket === socket) this.lost();
    });
  }

  /** The connection is gone: what was in flight fails (never resent), then reconnect unless closed. */
  private lost(): void {
    this.socket = undefined;
    this.reader.reset();
    this.outgoing = [];
    this.outgoingBytes = 0;
    const failed = this.inFlight.splice(0);
    const error = new Error('Connection is closed.');
    for (const batch of failed) batch.reject(error);
    this.emit('close');
    if (this.ended) return;
    this.status = 'reconnecting';
    this.attempts++;
    this.retryTimer = setTimeout(() => this.connect(), this.settings.retryDelay(this.attempts));
  }

  /** AUTH, SELECT and CLIENT SETNAME in one write, then the ready check. */
  private async handshake(socket: net.Socket): Promise<void> {
    const { username, password, db, connectionName } = this.settings;
    const commands: string[][] = [];
    const auth = password === undefined ? undefined : commands.push(username === undefined ? ['AUTH', password] : ['AUTH', username, password]) - 1;
    const select = db === 0 ? undefined : commands.push(['SELECT', String(db)]) - 1;
    commands.push(['CLIENT', 'SETNAME', connectionName]);
    try {
      const results = await this.enqueue(commands);
      if (this.socket !== socket) return;
      const authError = auth === undefined ? null : results[auth]![0];
      if (authError !== null && !/no password is set|without any password configured/.test(authError.message)) return this.fail(socket, authError);
      const selectError = select === undefined ? null : results[select]![0];
      if (selectError !== null) this.emit('error', selectError);
      await this.readyCheck(socket);
    } catch {
      // The connection closed during the handshake; lost() has scheduled the next attempt.
    }
  }

  /** INFO until the server is not loading its data (a NOPERM INFO counts as ready), then ready. */
  private async readyCheck(socket: net.Socket): Promise<void> {
    for (;;) {
      const [[error, info]] = (await this.enqueue([['INFO', 'persistence']])) as [Settled];
      if (this.socket !== socket) return;
      if (error !== null && !error.message.includes('NOPERM')) return this.fail(socket, error);
      const text = Buffer.isBuffer(info) ? info.toString('latin1') : '';
      const loading = /^loading:(\d+)/m.exec(text)?.[1];
      if (loading === undefined || loading === '0') break;
      const eta = Number(/^loading_eta_seconds:(\d+)/m.exec(text)?.[1] ?? 0);
      await new Promise((resolve) => setTimeout(resolve, (eta || 1) * 1000));
      if (this.socket !== socket) return;
    }
    this.status = 'ready';
    this.attempts = 0;
    this.emit('ready');
  }

  /** A handshake refusal: reported, and the connection closed to be tried again later. */
  private fail(socket: net.Socket, error: Error | UpstreamReplyError): void {
    this.emit('error', error);
    socket.destroy();
  }
}

function digits(value: number): number {
  let count = 1;
  while (value >= 10) {
    value = Math.floor(value / 10);
    count++;
  }
  return count;
}

function encodedLength(argv: readonly string[]): number {
  let length = 3 + digits(argv.length);
  for (let i = 0; i < argv.length; i++) {
    const size = argv[i]!.length;
    length += 5 + digits(size) + size;
  }
  return length;
}

function writeNumber(buffer: Buffer, offset: number, value: number): number {
  const end = offset + digits(value);
  let at = end;
  do {
    buffer[--at] = 48 + (value % 10);
    value = Math.floor(value / 10);
  } while (value > 0);
  return end;
}

/** `*N $len arg ...` of a command whose arguments are binary strings (one char per byte). */
function encodeCommand(buffer: Buffer, offset: number, argv: readonly string[]): number {
  buffer[offset++] = 42;
  offset = writeNumber(buffer, offset, argv.length);
  buffer[offset++] = 13;
  buffer[offset++] = 10;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const size = arg.length;
    buffer[offset++] = 36;
    offset = writeNumber(buffer, offset, size);
    buffer[offset++] = 13;
    buffer[offset++] = 10;
    if (size < 32) {
      for (let j = 0; j < size; j++) buffer[offset + j] = arg.charCodeAt(j);
      offset += size;
    } else {
      offset += buffer.latin1Write(arg, offset, size);
    }
    buffer[offset++] = 13;
    buffer[offset++] = 10;
  }
  return offset;
}

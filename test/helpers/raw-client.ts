import net from 'node:net';
import { encodeCommand, parseReply, type RespReply } from './resp-reply.js';

/** A minimal RESP client that hands back replies with their exact bytes. */
export class RawClient {
  private buffer = '';
  private readonly waiting: Array<{ resolve: (reply: RespReply) => void; reject: (error: Error) => void }> = [];
  private readonly ready: RespReply[] = [];
  private ended: Error | undefined;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffer += chunk.toString('latin1');
      this.drain();
    });
    this.closed = new Promise((resolve) => socket.on('close', () => {
      this.ended = new Error('connection closed');
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.ended);
      resolve();
    }));
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private drain(): void {
    let pos = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, pos);
      if (parsed === null) break;
      pos = parsed.next;
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(parsed.reply);
      else this.ready.push(parsed.reply);
    }
    if (pos > 0) this.buffer = this.buffer.slice(pos);
  }

  /** Sends bytes as they are (inline commands, malformed input). */
  sendRaw(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  readReply(): Promise<RespReply> {
    const ready = this.ready.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * The next reply, or undefined when none comes within `ms`. Unlike racing readReply() against a
   * timer, the waiter is withdrawn on timeout, so a later reply goes to a later caller.
   */
  readReplyWithin(ms: number): Promise<RespReply | undefined> {
    const ready = this.ready.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (reply: RespReply) => { clearTimeout(timer); resolve(reply); },
        reject: (error: Error) => { clearTimeout(timer); reject(error); },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        resolve(undefined);
      }, ms);
      this.waiting.push(waiter);
    });
  }

  call(...argv: string[]): Promise<RespReply> {
    this.sendRaw(encodeCommand(argv));
    return this.readReply();
  }

  /** Bytes received that do not (yet) form a whole reply. */
  get leftover(): string {
    return this.buffer;
  }

  close(): Promise<void> {
    this.socket.end();
    this.socket.destroy();
    return this.closed;
  }
}

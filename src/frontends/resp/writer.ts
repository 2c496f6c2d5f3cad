import { sanitizeErrorLine } from '../../core/errors.js';
import { formatDouble } from '../../core/number-format.js';
import type { Reply } from '../../core/reply.js';
import type { ServerStats } from '../../core/stats.js';

/** Replies bigger than this are written straight through instead of being concatenated. */
const FLUSH_THRESHOLD = 4 * 1024 * 1024;

/**
 * Encodes replies as RESP2 or RESP3 into one binary string per batch of commands, so that all the
 * replies produced from one read go out in one socket write.
 */
export class RespWriter implements Reply {
  out = '';

  constructor(
    private readonly session: { protocol: 2 | 3 },
    private readonly stats: ServerStats,
    /** Receives output early when it grows past FLUSH_THRESHOLD. */
    private readonly sink: (data: string) => void,
  ) {}

  get protocol(): 2 | 3 {
    return this.session.protocol;
  }

  /** Takes the accumulated output. */
  take(): string {
    const data = this.out;
    this.out = '';
    return data;
  }

  ok(): void {
    this.out += '+OK\r\n';
  }

  simple(text: string): void {
    this.out += '+' + text + '\r\n';
  }

  error(message: string): void {
    this.stats.recordError(message);
    this.out += '-' + sanitizeErrorLine(message) + '\r\n';
  }

  /** Counts an error reply that is not sent (CLIENT REPLY OFF). */
  countError(message: string): void {
    this.stats.recordError(message);
  }

  int(value: number | bigint): void {
    this.out += ':' + value + '\r\n';
  }

  bulk(value: string): void {
    if (value.length < FLUSH_THRESHOLD) {
      this.out += '$' + value.length + '\r\n' + value + '\r\n';
      if (this.out.length > FLUSH_THRESHOLD) this.sink(this.take());
      return;
    }
    this.out += '$' + value.length + '\r\n';
    this.sink(this.take());
    this.sink(value);
    this.out = '\r\n';
  }

  nil(): void {
    this.out += this.session.protocol === 2 ? '$-1\r\n' : '_\r\n';
  }

  nilArray(): void {
    this.out += this.session.protocol === 2 ? '*-1\r\n' : '_\r\n';
  }

  array(length: number): void {
    this.out += '*' + length + '\r\n';
  }

  map(pairs: number): void {
    this.out += this.session.protocol === 2 ? '*' + pairs * 2 + '\r\n' : '%' + pairs + '\r\n';
  }

  set(length: number): void {
    this.out += (this.session.protocol === 2 ? '*' : '~') + length + '\r\n';
  }

  double(value: number): void {
    const text = formatDouble(value);
    if (this.session.protocol === 2) this.bulk(text);
    else this.out += ',' + text + '\r\n';
  }

  bool(value: boolean): void {
    if (this.session.protocol === 2) this.out += value ? ':1\r\n' : ':0\r\n';
    else this.out += value ? '#t\r\n' : '#f\r\n';
  }

  verbatim(text: string, format = 'txt'): void {
    if (this.session.protocol === 2) this.bulk(text);
    else this.out += '=' + (text.length + 4) + '\r\n' + format + ':' + text + '\r\n';
  }

  bigNumber(digits: string): void {
    if (this.session.protocol === 2) this.bulk(digits);
    else this.out += '(' + digits + '\r\n';
  }

  push(length: number): void {
    this.out += (this.session.protocol === 2 ? '*' : '>') + length + '\r\n';
  }
}

/**
 * The reply writer of a command whose replies are dropped (CLIENT REPLY OFF / SKIP). A command
 * that turns replies back on (CLIENT REPLY ON) is answered, as in Redis, so every call forwards
 * once the session's mode is 'on' again. Dropped errors still count in the statistics.
 */
export class DiscardingReply implements Reply {
  constructor(private readonly session: { protocol: 2 | 3; replyMode: string }, private readonly target: RespWriter) {}
  private get live(): boolean { return this.session.replyMode === 'on'; }
  get protocol(): 2 | 3 { return this.session.protocol; }
  ok(): void { if (this.live) this.target.ok(); }
  simple(text: string): void { if (this.live) this.target.simple(text); }
  error(message: string): void {
    if (this.live) this.target.error(message);
    else this.target.countError(message);
  }
  int(value: number | bigint): void { if (this.live) this.target.int(value); }
  bulk(value: string): void { if (this.live) this.target.bulk(value); }
  nil(): void { if (this.live) this.target.nil(); }
  nilArray(): void { if (this.live) this.target.nilArray(); }
  array(length: number): void { if (this.live) this.target.array(length); }
  map(pairs: number): void { if (this.live) this.target.map(pairs); }
  set(length: number): void { if (this.live) this.target.set(length); }
  double(value: number): void { if (this.live) this.target.double(value); }
  bool(value: boolean): void { if (this.live) this.target.bool(value); }
  verbatim(text: string, format?: string): void { if (this.live) this.target.verbatim(text, format); }
  bigNumber(digits: string): void { if (this.live) this.target.bigNumber(digits); }
  push(length: number): void { if (this.live) this.target.push(length); }
}

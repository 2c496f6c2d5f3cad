import {
  PROTOCOL_BIG_BULK,
  PROTOCOL_BIG_INLINE,
  PROTOCOL_BIG_MULTIBULK,
  PROTOCOL_INVALID_BULK,
  PROTOCOL_INVALID_MULTIBULK,
  PROTOCOL_UNAUTH_BULK,
  PROTOCOL_UNAUTH_MULTIBULK,
  PROTOCOL_UNBALANCED_QUOTES,
  protocolExpectedDollar,
} from '../../core/errors.js';
import { splitArgs } from './inline.js';

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLength(): number;
  /** client-query-buffer-limit: bytes one command may hold while it is being received. */
  maxQueryBuffer(): number;
  /** Before AUTH, Redis accepts at most 10 arguments of at most 16 KB each. */
  authenticated(): boolean;
}

/** Requests of more arguments than this are refused (Redis's historical 1024*1024 limit). */
export const MAX_MULTIBULK_LENGTH = 1024 * 1024;
/** Longest inline line or header Redis waits for (PROTO_INLINE_MAX_SIZE). */
const MAX_INLINE_SIZE = 64 * 1024;
/** Bulk strings longer than this, not yet complete, are collected chunk by chunk instead of re-copied. */
const LARGE_BULK = 64 * 1024;

const CR = 13;
const LF = 10;
const STAR = 42;
const DOLLAR = 36;
const MINUS = 45;

/** Why a connection must be closed: the reply to send (if any) before closing. */
export interface ProtocolFailure {
  reply: string | undefined;
  reason: string;
}

/**
 * Incremental RESP request parser. Works on Buffers, keeps the state of a half-received command
 * (so consumed bytes are never scanned again), and produces argv arrays of binary strings.
 */
export class RequestParser {
  /** Unconsumed bytes of a partial header or a small partial bulk string. */
  private pending: Buffer | null = null;
  private args: string[] | null = null;
  private remaining = 0;
  private bulkLength = -1;
  /** Parts of a large bulk string still being received (including the trailing CRLF). */
  private largeParts: Buffer[] | null = null;
  private largeReceived = 0;
  private commandBytes = 0;
  failure: ProtocolFailure | null = null;
  /**
   * Parsing stopped before a header whose limits depend on authentication, because commands
   * parsed before it (an AUTH, perhaps) must run first. Call resume() after running them.
   */
  deferred = false;

  constructor(private readonly limits: ParserLimits) {}

  /** Bytes received and not yet turned into a command (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return (this.pending?.length ?? 0) + this.largeReceived + this.commandBytes;
  }

  /**
   * Parses a chunk, appending complete commands to `out`. Returns false after a protocol error:
   * `failure` says what to answer; commands parsed before the error are still in `out`.
   */
  feed(chunk: Buffer, out: string[][]): boolean {
    if (this.failure) return false;
    const parsedBefore = out.length;
    let buf = chunk;
    let pos = 0;
    if (this.largeParts !== null) {
      const next = this.continueLarge(chunk);
      if (next < 0) return this.checkQueryLimit();
      pos = next;
      if (this.remaining === 0) this.finishCommand(out);
    } else if (this.pending !== null) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    const length = buf.length;
    while (pos < length) {
      if (this.args === null) {
        if (buf[pos] !== STAR) {
          const next = this.parseInline(buf, pos, out);
          if (next < 0) return this.failure === null;
          pos = next;
          continue;
        }
        const next = this.readNumber(buf, pos + 1);
        if (next === INCOMPLETE) return this.keepPending(buf, pos, PROTOCOL_BIG_MULTIBULK);
        const count = this.number;
        if (next === INVALID || count > MAX_MULTIBULK_LENGTH) return this.fail(PROTOCOL_INVALID_MULTIBULK);
        if (count > 10 && !this.limits.authenticated()) {
          if (out.length > parsedBefore) return this.defer(buf, pos);
          return this.fail(PROTOCOL_UNAUTH_MULTIBULK);
        }
        pos = next;
        if (count <= 0) continue;
        this.args = [];
        this.remaining = count;
        this.commandBytes = 0;
      }
      while (this.remaining > 0) {
        if (this.bulkLength < 0) {
          if (pos >= length) return true;
          if (buf[pos] !== DOLLAR) return this.fail(protocolExpectedDollar(String.fromCharCode(buf[pos]!)));
          const next = this.readNumber(buf, pos + 1);
          if (next === INCOMPLETE) return this.keepPending(buf, pos, PROTOCOL_BIG_BULK);
          const bulkLength = this.number;
          if (next === INVALID || bulkLength < 0 || bulkLength > this.limits.maxBulkLength()) return this.fail(PROTOCOL_INVALID_BULK);
          if (bulkLength > 16384 && !this.limits.authenticated()) {
            if (out.length > parsedBefore) return this.defer(buf, pos);
            return this.fail(PROTOCOL_UNAUTH_BULK);
          }
          pos = next;
          this.bulkLength = bulkLength;
        }
        const available = length - pos;
        const needed = this.bulkLength + 2;
        if (available < needed) {
          if (this.bulkLength >= LARGE_BULK) {
            this.largeParts = available > 0 ? [buf.subarray(pos)] : [];
            this.largeReceived = available;
            return this.checkQueryLimit();
          }
          return this.keepPending(buf, pos, undefined);
        }
        // Redis does not check the two bytes after the payload; neither do we.
        const args = this.args!;
        args.push(args.length === 0 ? this.commandName(buf, pos, this.bulkLength) : binaryString(buf, pos, this.bulkLength));
        this.commandBytes += this.bulkLength;
        pos += needed;
        this.bulkLength = -1;
        this.remaining--;
      }
      this.finishCommand(out);
    }
    return true;
  }

  /** The last command name, reused while clients repeat it (it is then already hashed for lookup). */
  private lastName = '';

  private commandName(buf: Buffer, start: number, length: number): string {
    const last = this.lastName;
    if (length === last.length) {
      let i = 0;
      while (i < length && buf[start + i] === last.charCodeAt(i)) i++;
      if (i === length) return last;
    }
    const name = binaryString(buf, start, length);
    if (length <= 32) this.lastName = name;
    return name;
  }

  /** Continues parsing the bytes held back by a deferral. */
  resume(out: string[][]): boolean {
    this.deferred = false;
    return this.feed(EMPTY, out);
  }

  private defer(buf: Buffer, pos: number): boolean {
    this.pending = Buffer.from(buf.subarray(pos));
    this.deferred = true;
    return true;
  }

  private finishCommand(out: string[][]): void {
    out.push(this.args!);
    this.args = null;
    this.commandBytes = 0;
  }

  /** Feeds a chunk to a large bulk string; returns the offset after it, or -1 if it needs more. */
  private continueLarge(chunk: Buffer): number {
    const needed = this.bulkLength + 2 - this.largeReceived;
    if (chunk.length < needed) {
      this.largeParts!.push(chunk);
      this.largeReceived += chunk.length;
      return -1;
    }
    this.largeParts!.push(chunk.subarray(0, needed));
    const whole = Buffer.concat(this.largeParts!, this.bulkLength + 2);
    this.args!.push(whole.latin1Slice(0, this.bulkLength));
    this.commandBytes += this.bulkLength;
    this.largeParts = null;
    this.largeReceived = 0;
    this.bulkLength = -1;
    this.remaining--;
    return needed;
  }

  private checkQueryLimit(): boolean {
    if (this.commandBytes + this.largeReceived > this.limits.maxQueryBuffer()) {
      this.failure = { reply: undefined, reason: 'client reached max query buffer length' };
      return false;
    }
    return true;
  }

  private keepPending(buf: Buffer, pos: number, tooBigError: string | undefined): boolean {
    const rest = buf.length - pos;
    if (tooBigError !== undefined && rest > MAX_INLINE_SIZE) return this.fail(tooBigError);
    // Copy so the (possibly large) chunk it came from can be freed.
    this.pending = Buffer.from(buf.subarray(pos));
    return this.checkQueryLimit();
  }

  private fail(reply: string): false {
    this.failure = { reply, reason: reply.slice(4) };
    return false;
  }

  /** The value read by the last successful readNumber(). */
  private number = 0;

  /**
   * Reads `<integer>\r\n` at `start` with string2ll's rules into `this.number`; returns the
   * offset after the line, INCOMPLETE, or INVALID. Fails as soon as a byte cannot be part of a
   * valid number, without waiting for the line end.
   */
  private readNumber(buf: Buffer, start: number): number {
    const length = buf.length;
    let p = start;
    let negative = false;
    if (p < length && buf[p] === MINUS) {
      negative = true;
      p++;
    }
    const digitsStart = p;
    let value = 0;
    while (p < length) {
      const c = buf[p]!;
      if (c === CR) break;
      if (c < 48 || c > 57) return INVALID;
      // A leading zero is only valid as the whole number "0".
      if (p > digitsStart && buf[digitsStart] === 48) return INVALID;
      value = value * 10 + (c - 48);
      if (p - digitsStart >= 19) return INVALID;
      p++;
    }
    if (p + 1 >= length) return INCOMPLETE;
    if (p === digitsStart || (negative && buf[digitsStart] === 48)) return INVALID;
    this.number = negative ? -value : value;
    return p + 2;
  }

  /** Parses one inline command line; returns the offset after it, or -1 to wait or on error. */
  private parseInline(buf: Buffer, pos: number, out: string[][]): number {
    const newline = buf.indexOf(LF, pos);
    if (newline === -1) {
      if (buf.length - pos > MAX_INLINE_SIZE) this.fail(PROTOCOL_BIG_INLINE);
      else this.pending = Buffer.from(buf.subarray(pos));
      return -1;
    }
    let lineEnd = newline;
    if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
    const args = splitArgs(buf.latin1Slice(pos, lineEnd));
    if (args === null) {
      this.fail(PROTOCOL_UNBALANCED_QUOTES);
      return -1;
    }
    if (args.length > 0) out.push(args);
    return newline + 1;
  }
}

/**
 * The bytes as a one-byte string. Short arguments (command names, small numbers and values) are
 * built in JavaScript, which is several times cheaper than a call into Buffer's C++ slice.
 */
function binaryString(buf: Buffer, start: number, length: number): string {
  switch (length) {
    case 0: return '';
    case 1: return String.fromCharCode(buf[start]!);
    case 2: return String.fromCharCode(buf[start]!, buf[start + 1]!);
    case 3: return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!);
    case 4: return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!, buf[start + 3]!);
    case 5: return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!, buf[start + 3]!, buf[start + 4]!);
    case 6: return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!, buf[start + 3]!, buf[start + 4]!, buf[start + 5]!);
    default: return buf.latin1Slice(start, start + length);
  }
}

const EMPTY = Buffer.alloc(0);
const INCOMPLETE = -1;
const INVALID = -2;

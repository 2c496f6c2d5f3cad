import { sanitizeErrorLine } from '../../core/errors.js';
import { formatDouble } from '../../core/number-format.js';
import type { Reply } from '../../core/reply.js';
import type { ServerStats } from '../../core/stats.js';
import type { SharedFrame } from './message-frames.js';

/** Replies are encoded into slabs of this size; a new slab starts when one is full. */
const SLAB_SIZE = 64 * 1024;
/** Strings at least this long go to the socket as they are instead of being copied. */
const DIRECT_STRING = 64 * 1024;
/** Strings shorter than this are copied byte by byte: cheaper than a call into C++. */
const SHORT_STRING = 32;
/** Output held back longer than this is handed to the socket before the turn ends. */
const FLUSH_THRESHOLD = 4 * 1024 * 1024;
/** A run of shared frames shorter than this is copied into the slab when something else follows it. */
const SHORT_RUN = 512;

const CR = 13;
const LF = 10;

/**
 * Encodes replies as RESP2 or RESP3 straight into a Buffer slab, so that all the replies produced
 * in one event-loop turn go out in one socket write with no string concatenation or conversion.
 * Written regions are never overwritten (a full slab is replaced), so the socket may keep them.
 */
export class RespWriter implements Reply {
  private slab = Buffer.allocUnsafe(SLAB_SIZE);
  /** Start of the slab region not yet taken. */
  private start = 0;
  private offset = 0;
  /** Output written before the current region: full slab regions and large strings, in order. */
  private readonly pending: Array<Buffer | string> = [];
  private pendingBytes = 0;
  /**
   * Published frames not yet taken, a region [runStart, runEnd) of a shared frame slab; it grows
   * while the frames that follow are adjacent to it. While a run is open the slab region is empty:
   * it is ordered after `pending` and before anything written later.
   */
  private runSlab: Buffer | undefined = undefined;
  private runStart = 0;
  private runEnd = 0;

  constructor(
    private readonly session: { protocol: 2 | 3 },
    private readonly stats: ServerStats,
    /** Called when held output passes FLUSH_THRESHOLD: the owner should take it now. */
    private readonly overflow: () => void,
  ) {}

  get protocol(): 2 | 3 {
    return this.session.protocol;
  }

  /** Bytes written and not yet taken. */
  get bufferedBytes(): number {
    return this.pendingBytes + this.runEnd - this.runStart + this.offset - this.start;
  }

  /** True when the output is in several pieces (worth corking the socket for one writev). */
  get fragmented(): boolean {
    return this.pending.length !== 0;
  }

  /** Hands everything written since the last call to `write`, in order. */
  takeInto(write: (chunk: Buffer | string) => void): void {
    if (this.pending.length !== 0) {
      for (const chunk of this.pending) write(chunk);
      this.pending.length = 0;
      this.pendingBytes = 0;
    }
    if (this.runSlab !== undefined) {
      write(this.runSlab.subarray(this.runStart, this.runEnd));
      this.runSlab = undefined;
      this.runStart = this.runEnd = 0;
    }
    if (this.offset !== this.start) {
      write(this.slab.subarray(this.start, this.offset));
      this.start = this.offset;
    }
  }

  /** Makes room for `bytes` more bytes in the slab. */
  private reserve(bytes: number): void {
    if (this.runSlab !== undefined) this.closeRun();
    if (this.offset + bytes <= this.slab.length) return;
    this.park();
    this.slab = Buffer.allocUnsafe(Math.max(SLAB_SIZE, bytes));
    this.start = this.offset = 0;
  }

  /** Moves the current region to the pending list. */
  private park(): void {
    if (this.offset === this.start) return;
    this.pending.push(this.slab.subarray(this.start, this.offset));
    this.pendingBytes += this.offset - this.start;
    this.start = this.offset;
    if (this.pendingBytes > FLUSH_THRESHOLD) this.overflow();
  }

  /**
   * Copies a binary string; the caller reserved its length. The rule of core/write-latin1.ts,
   * written against the slab's own fields: in this, the server's hottest loop, calling the shared
   * helper made a 100-element reply 3-4% slower.
   */
  private text(value: string): void {
    const length = value.length;
    if (length < SHORT_STRING) {
      const slab = this.slab;
      let offset = this.offset;
      for (let i = 0; i < length; i++) slab[offset++] = value.charCodeAt(i);
      this.offset = offset;
    } else {
      this.offset += this.slab.latin1Write(value, this.offset, length);
    }
  }

  /** Writes a safe integer in decimal; the caller reserved 21 bytes. */
  private decimal(value: number): void {
    const slab = this.slab;
    if (value < 0) {
      slab[this.offset++] = 45;
      value = -value;
    }
    if (value < 10) {
      slab[this.offset++] = 48 + value;
      return;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let position = this.offset + digits;
    this.offset = position;
    while (value >= 10) {
      const quotient = Math.floor(value / 10);
      slab[--position] = 48 + (value - quotient * 10);
      value = quotient;
    }
    slab[--position] = 48 + value;
  }

  /** `<type><decimal>\r\n`: aggregate and length headers. */
  private header(type: number, value: number): void {
    this.reserve(24);
    this.slab[this.offset++] = type;
    this.decimal(value);
    this.slab[this.offset++] = CR;
    this.slab[this.offset++] = LF;
  }

  /** `<type><text>\r\n`: simple strings, errors, RESP3 scalars. */
  private line(type: number, value: string): void {
    this.reserve(value.length + 3);
    this.slab[this.offset++] = type;
    this.text(value);
    this.slab[this.offset++] = CR;
    this.slab[this.offset++] = LF;
  }

  ok(): void {
    this.line(43, 'OK');
  }

  /**
   * A published message's frame, shared with its other subscribers. The frames of successive
   * publishes are adjacent in their slab, so receiving them only moves the end of the open run:
   * PUBLISH to 100 subscribers spent 40% of its delivery time copying each frame 100 times.
   */
  shared(frame: SharedFrame): void {
    if (frame.slab === this.runSlab && frame.start === this.runEnd) {
      this.runEnd = frame.end;
      return;
    }
    if (this.runSlab !== undefined) this.closeRun();
    this.park();
    this.runSlab = frame.slab;
    this.runStart = frame.start;
    this.runEnd = frame.end;
  }

  /** Ends the open run: a short one is copied into the slab, a long one is taken as it is. */
  private closeRun(): void {
    const slab = this.runSlab!;
    const length = this.runEnd - this.runStart;
    this.runSlab = undefined;
    if (length < SHORT_RUN) {
      this.reserve(length);
      slab.copy(this.slab, this.offset, this.runStart, this.runEnd);
      this.offset += length;
    } else {
      this.pending.push(slab.subarray(this.runStart, this.runEnd));
      this.pendingBytes += length;
      if (this.pendingBytes > FLUSH_THRESHOLD) this.overflow();
    }
    this.runStart = this.runEnd = 0;
  }

  simple(text: string): void {
    this.line(43, text);
  }

  error(message: string): void {
    this.stats.recordError(message);
    this.line(45, sanitizeErrorLine(message));
  }

  /** Counts an error reply that is not sent (CLIENT REPLY OFF). */
  countError(message: string): void {
    this.stats.recordError(message);
  }

  int(value: number | bigint): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) this.header(58, value);
    else this.line(58, String(value));
  }

  bulk(value: string): void {
    const length = value.length;
    if (length >= DIRECT_STRING) {
      this.header(36, length);
      this.park();
      this.pending.push(value);
      this.pendingBytes += length;
      this.reserve(2);
      this.slab[this.offset++] = CR;
      this.slab[this.offset++] = LF;
      if (this.pendingBytes > FLUSH_THRESHOLD) this.overflow();
      return;
    }
    this.bulkHeader(length);
    this.text(value);
    this.slab[this.offset++] = CR;
    this.slab[this.offset++] = LF;
  }

  /** `$<length>\r\n`, with room reserved for the string and its CRLF after it. */
  private bulkHeader(length: number): void {
    this.reserve(length + 26);
    const slab = this.slab;
    slab[this.offset++] = 36;
    this.decimal(length);
    slab[this.offset++] = CR;
    slab[this.offset++] = LF;
  }

  bulkBytes(source: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length >= DIRECT_STRING) {
      // The source is only borrowed (it is overwritten by the next script): a large one is copied once.
      this.bulk(source.latin1Slice(start, end));
      return;
    }
    this.bulkHeader(length);
    const slab = this.slab;
    if (length < SHORT_STRING) {
      let offset = this.offset;
      for (let i = start; i < end; i++) slab[offset++] = source[i]!;
      this.offset = offset;
    } else {
      this.offset += source.copy(slab, this.offset, start, end);
    }
    slab[this.offset++] = CR;
    slab[this.offset++] = LF;
  }

  nil(): void {
    if (this.session.protocol === 2) this.line(36, '-1');
    else this.line(95, '');
  }

  nilArray(): void {
    if (this.session.protocol === 2) this.line(42, '-1');
    else this.line(95, '');
  }

  array(length: number): void {
    this.header(42, length);
  }

  map(pairs: number): void {
    if (this.session.protocol === 2) this.header(42, pairs * 2);
    else this.header(37, pairs);
  }

  set(length: number): void {
    this.header(this.session.protocol === 2 ? 42 : 126, length);
  }

  double(value: number, text = formatDouble(value)): void {
    if (this.session.protocol === 2) this.bulk(text);
    else this.line(44, text);
  }

  bool(value: boolean): void {
    if (this.session.protocol === 2) this.line(58, value ? '1' : '0');
    else this.line(35, value ? 't' : 'f');
  }

  verbatim(text: string, format = 'txt'): void {
    if (this.session.protocol === 2) this.bulk(text);
    else {
      this.header(61, text.length + 4);
      this.line(format.charCodeAt(0), format.slice(1) + ':' + text);
    }
  }

  bigNumber(digits: string): void {
    if (this.session.protocol === 2) this.bulk(digits);
    else this.line(40, digits);
  }

  push(length: number): void {
    this.header(this.session.protocol === 2 ? 42 : 62, length);
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
  double(value: number, text?: string): void { if (this.live) this.target.double(value, text); }
  bool(value: boolean): void { if (this.live) this.target.bool(value); }
  verbatim(text: string, format?: string): void { if (this.live) this.target.verbatim(text, format); }
  bigNumber(digits: string): void { if (this.live) this.target.bigNumber(digits); }
  push(length: number): void { if (this.live) this.target.push(length); }
}

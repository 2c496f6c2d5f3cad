import type { Reply } from '../core/reply.js';
import type { ServerStats } from '../core/stats.js';
import { formatDouble } from '../core/number-format.js';
import { writeLatin1 } from '../core/write-latin1.js';

/**
 * A command's reply as the Lua bridge reads it (tags in native/lua/restis-lua.c): the reply
 * writer of commands a script runs. Its protocol is the script's (redis.setresp), so commands
 * shape their replies for RESP2 or RESP3 and the bridge makes Lua values of them as Redis does.
 */
export class LuaReplyWriter implements Reply {
  private buffer = Buffer.allocUnsafe(4096);
  private length = 0;
  protocol: 2 | 3 = 2;

  constructor(private readonly onError: (message: string) => void) {}

  /** Starts the next reply (one writer serves every redis.call). */
  reset(protocol: 2 | 3): void {
    this.protocol = protocol;
    this.length = 0;
  }

  /** The reply's byte count (LuaCallReply). */
  get size(): number { return this.length; }
  copyTo(target: Buffer, offset: number): void {
    const length = this.length;
    const buffer = this.buffer;
    // Most replies are a few bytes: a loop beats Buffer.copy's setup.
    if (length > 64) target.set(buffer.subarray(0, length), offset);
    else for (let i = 0; i < length; i++) target[offset + i] = buffer[i]!;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
  private tag(tag: string): void { this.reserve(1); this.buffer[this.length++] = tag.charCodeAt(0); }
  private u32(value: number): void { this.reserve(4); this.buffer.writeUInt32LE(value, this.length); this.length += 4; }
  private f64(value: number): void { this.reserve(8); this.buffer.writeDoubleLE(value, this.length); this.length += 8; }
  private text(tag: string, value: string): void {
    const length = value.length;
    this.reserve(5 + length);
    const buffer = this.buffer;
    let offset = this.length;
    buffer[offset] = tag.charCodeAt(0);
    buffer[offset + 1] = length & 0xff;
    buffer[offset + 2] = (length >>> 8) & 0xff;
    buffer[offset + 3] = (length >>> 16) & 0xff;
    buffer[offset + 4] = length >>> 24;
    this.length = writeLatin1(buffer, offset + 5, value);
  }

  ok(): void { this.text('+', 'OK'); }
  simple(text: string): void { this.text('+', text); }
  error(message: string): void {
    this.onError(message);
    this.text('-', message);
  }
  /** An error the script raises itself (redis.acl_check_cmd): it counts once, when the script's reply goes out. */
  uncountedError(message: string): void { this.text('-', message); }
  int(value: number | bigint): void { this.tag('n'); this.f64(Number(value)); }
  bulk(value: string): void { this.text('s', value); }
  nil(): void { this.tag(this.protocol === 2 ? 'N' : '_'); }
  nilArray(): void { this.tag(this.protocol === 2 ? 'A' : '_'); }
  array(length: number): void { this.tag('*'); this.u32(length); }
  map(pairs: number): void {
    if (this.protocol === 2) { this.tag('*'); this.u32(pairs * 2); } else { this.tag('%'); this.u32(pairs); }
  }
  set(length: number): void { this.tag(this.protocol === 2 ? '*' : '~'); this.u32(length); }
  double(value: number, text?: string): void {
    if (this.protocol === 2) this.text('s', text ?? formatDouble(value));
    else { this.tag(','); this.f64(text === undefined ? value : Number(text)); }
  }
  bool(value: boolean): void {
    if (this.protocol === 2) { this.tag('n'); this.f64(value ? 1 : 0); } else { this.tag('#'); this.reserve(1); this.buffer[this.length++] = value ? 1 : 0; }
  }
  verbatim(text: string, format = 'txt'): void {
    if (this.protocol === 2) return this.text('s', text);
    this.tag('=');
    this.reserve(3);
    this.length += this.buffer.latin1Write(format.padEnd(3).slice(0, 3), this.length);
    this.u32(text.length);
    this.reserve(text.length);
    this.length += this.buffer.latin1Write(text, this.length);
  }
  bigNumber(digits: string): void { this.text(this.protocol === 2 ? 's' : '(', digits); }
  push(length: number): void { this.array(length); }
}

const INT64_MIN = -(2n ** 63n);

/** Lua's number as Redis replies with it: truncated toward zero, INT64_MIN when it does not fit (x86 cvttsd2si). */
function luaNumberToInteger(value: number): number | bigint {
  if (!(value >= -9223372036854775808 && value < 9223372036854775808)) return INT64_MIN;
  const truncated = Math.trunc(value);
  return Number.isSafeInteger(truncated) ? truncated : BigInt(truncated);
}

/**
 * Takes back the count of an error reply: a command's error that a script passes on was counted
 * when the command failed, and Redis does not count it a second time when the script replies with it.
 */
export function uncountError(stats: ServerStats, message: string): void {
  const space = message.indexOf(' ');
  const code = space === -1 ? message : message.slice(0, space);
  const count = stats.errorsByCode.get(code);
  if (count === undefined) return;
  stats.errorReplies--;
  if (count <= 1) stats.errorsByCode.delete(code); else stats.errorsByCode.set(code, count - 1);
}

/** Writes a script's result (the bridge's tagged bytes) to the caller's reply writer. */
export function replyLuaResult(bytes: Buffer, reply: Reply, stats: ServerStats): void {
  replyValue(bytes, 0, reply, stats);
}

/** Writes the value at `offset`; returns the offset after it. */
function replyValue(bytes: Buffer, offset: number, reply: Reply, stats: ServerStats): number {
  const tag = bytes[offset++]!;
  switch (tag) {
    case 0x69 /* i */: case 0x6e /* n */:
      reply.int(luaNumberToInteger(bytes.readDoubleLE(offset)));
      return offset + 8;
    case 0x5f /* _ */: reply.nil(); return offset;
    case 0x23 /* # */: reply.bool(bytes[offset] !== 0); return offset + 1;
    case 0x2c /* , */: {
      const value = bytes.readDoubleLE(offset);
      // Redis prints a NaN with its sign (x86's 0/0 is negative); JavaScript cannot see the sign, the bytes can.
      if (Number.isNaN(value)) reply.double(value, (bytes[offset + 7]! & 0x80) !== 0 ? '-nan' : 'nan');
      else reply.double(value);
      return offset + 8;
    }
    case 0x3d /* = */: {
      const format = bytes.latin1Slice(offset, offset + 3);
      const length = bytes.readUInt32LE(offset + 3);
      reply.verbatim(bytes.latin1Slice(offset + 7, offset + 7 + length), format);
      return offset + 7 + length;
    }
    case 0x2a /* * */: case 0x25 /* % */: case 0x7e /* ~ */: {
      const count = bytes.readUInt32LE(offset);
      offset += 4;
      if (tag === 0x2a) reply.array(count); else if (tag === 0x25) reply.map(count); else reply.set(count);
      const items = tag === 0x25 ? count * 2 : count;
      for (let i = 0; i < items; i++) offset = replyValue(bytes, offset, reply, stats);
      return offset;
    }
  }
  const length = bytes.readUInt32LE(offset);
  const start = offset + 4;
  if (tag === 0x73 /* s */ && reply.bulkBytes !== undefined) {
    reply.bulkBytes(bytes, start, start + length);
    return start + length;
  }
  const text = bytes.latin1Slice(start, start + length);
  if (tag === 0x73 /* s */) reply.bulk(text);
  else if (tag === 0x2b /* + */) reply.simple(text);
  else if (tag === 0x2d /* - */) reply.error(text);
  else if (tag === 0x65 /* e */) { reply.error(text); uncountError(stats, text); }
  else reply.bigNumber(text);
  return offset + 4 + length;
}

import type { JsonBody } from './json-body.js';

/** A Redis error reply (top level or inside an array), named as ioredis names its own. */
export class UpstreamReplyError extends Error {
  override get name(): string {
    return 'ReplyError';
  }
}

/** A RESP2 reply in the shapes ioredis gives the gateway: see reply-conversion.ts. */
export type UpstreamValue = Buffer | string | null | UpstreamReplyError | UpstreamValue[];

interface OpenArray {
  items: UpstreamValue[];
  filled: number;
}

const LF = 10;

/**
 * Reads the upstream's RESP2 replies from socket chunks as they come, resumable at any byte: a
 * header line cut between chunks waits for its end, a bulk string cut between chunks is filled
 * in place, and arrays are an explicit stack, so a long reply is never parsed twice. Shapes:
 * bulk and status strings are Buffers, integers decimal strings (none loses digits), nil is
 * null, errors are UpstreamReplyError values (`onReply` gets top-level ones like any reply).
 * A reply whose request wants REST JSON (`jsonTarget` names its body when the reply begins) is
 * written straight into that body instead, and never becomes a value.
 */
export class RespReplyReader {
  /** A header line's start when a chunk ended inside it. */
  private partialLine: Buffer | undefined;
  /** A bulk string being filled across chunks, and how much of it has arrived. */
  private bulk: Buffer | undefined;
  private bulkFilled = 0;
  private readonly open: OpenArray[] = [];
  /** Where the reply in progress goes when it is written as JSON. */
  private json: JsonBody | undefined;

  constructor(private readonly onReply: (value: UpstreamValue) => void, private readonly jsonTarget: () => JsonBody | undefined = () => undefined) {}

  /** Forgets a reply in progress (the connection it came from is gone). */
  reset(): void {
    this.partialLine = undefined;
    this.bulk = undefined;
    this.bulkFilled = 0;
    this.open.length = 0;
    this.json = undefined;
  }

  feed(chunk: Buffer): void {
    let offset = 0;
    if (this.bulk !== undefined) {
      offset = this.fillBulk(chunk);
      if (offset < 0) return;
    }
    if (this.partialLine !== undefined) {
      chunk = Buffer.concat([this.partialLine, chunk.subarray(offset)]);
      this.partialLine = undefined;
      offset = 0;
    }
    const length = chunk.length;
    while (offset < length) {
      const end = chunk.indexOf(LF, offset + 1);
      if (end === -1) {
        this.partialLine = Buffer.from(chunk.subarray(offset));
        return;
      }
      const type = chunk[offset]!;
      const lineEnd = end - 1; // the CR
      const json = this.json ?? (this.open.length === 0 ? (this.json = this.jsonTarget()) : undefined);
      if (json !== undefined) {
        offset = this.feedJson(json, chunk, offset, end, type);
        if (offset < 0) return;
        continue;
      }
      let value: UpstreamValue;
      if (type === 36 /* $ */) {
        const size = readInteger(chunk, offset + 1, lineEnd);
        if (size < 0) {
          value = null;
          offset = end + 1;
        } else if (end + 1 + size + 2 <= length) {
          value = chunk.subarray(end + 1, end + 1 + size);
          offset = end + 1 + size + 2;
        } else {
          // The rest arrives in later chunks: copy what is here into a buffer of its own.
          this.bulk = Buffer.allocUnsafe(size + 2);
          this.bulkFilled = 0;
          this.fillBulk(chunk.subarray(end + 1));
          return;
        }
      } else if (type === 42 /* * */) {
        const count = readInteger(chunk, offset + 1, lineEnd);
        offset = end + 1;
        if (count < 0) {
          value = null;
        } else if (count === 0) {
          value = [];
        } else {
          this.open.push({ items: new Array<UpstreamValue>(count), filled: 0 });
          continue;
        }
      } else if (type === 43 /* + */) {
        value = chunk.subarray(offset + 1, lineEnd);
        offset = end + 1;
      } else if (type === 58 /* : */) {
        value = chunk.latin1Slice(offset + 1, lineEnd);
        offset = end + 1;
      } else if (type === 45 /* - */) {
        value = new UpstreamReplyError(chunk.toString('utf8', offset + 1, lineEnd));
        offset = end + 1;
      } else {
        throw new Error(`unexpected RESP type byte ${type} from the upstream`);
      }
      this.deliver(value);
    }
  }

  /** One element for a JSON body: the offset after it, or -1 when a bulk string goes on in later chunks. */
  private feedJson(json: JsonBody, chunk: Buffer, offset: number, end: number, type: number): number {
    const lineEnd = end - 1;
    let done: boolean;
    if (type === 36 /* $ */) {
      const size = readInteger(chunk, offset + 1, lineEnd);
      if (size < 0) {
        done = json.nil();
      } else if (end + 1 + size + 2 <= chunk.length) {
        done = json.bulk(chunk, end + 1, end + 1 + size);
        end += size + 2;
      } else {
        this.bulk = Buffer.allocUnsafe(size + 2);
        this.bulkFilled = 0;
        this.fillBulk(chunk.subarray(end + 1));
        return -1;
      }
    } else if (type === 42 /* * */) {
      const count = readInteger(chunk, offset + 1, lineEnd);
      if (count < 0) {
        done = json.nil();
      } else if (count === 0) {
        done = json.emptyArray();
      } else {
        json.openArray(count);
        done = false;
      }
    } else if (type === 43 /* + */) {
      done = json.status(chunk, offset + 1, lineEnd);
    } else if (type === 58 /* : */) {
      done = json.integer(chunk, offset + 1, lineEnd);
    } else if (type === 45 /* - */) {
      done = json.error(chunk, offset + 1, lineEnd);
    } else {
      throw new Error(`unexpected RESP type byte ${type} from the upstream`);
    }
    if (done) this.json = undefined;
    return end + 1;
  }

  /** Copies into the pending bulk string; the offset after it in `chunk`, or -1 when it needs more. */
  private fillBulk(chunk: Buffer): number {
    const bulk = this.bulk!;
    const wanted = bulk.length - this.bulkFilled;
    const taken = Math.min(wanted, chunk.length);
    chunk.copy(bulk, this.bulkFilled, 0, taken);
    this.bulkFilled += taken;
    if (this.bulkFilled < bulk.length) return -1;
    this.bulk = undefined;
    const json = this.json;
    if (json === undefined) this.deliver(bulk.subarray(0, bulk.length - 2));
    else if (json.bulk(bulk, 0, bulk.length - 2)) this.json = undefined;
    return taken;
  }

  private deliver(value: UpstreamValue): void {
    const open = this.open;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      top.items[top.filled++] = value;
      if (top.filled < top.items.length) return;
      open.pop();
      value = top.items;
    }
    this.onReply(value);
  }
}

/** A RESP length or count (digits, maybe a leading minus) between `start` and `end`. */
function readInteger(chunk: Buffer, start: number, end: number): number {
  let negative = false;
  if (chunk[start] === 45) {
    negative = true;
    start++;
  }
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (chunk[i]! - 48);
  return negative ? -value : value;
}

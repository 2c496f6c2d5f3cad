import type { Publication } from '../../pubsub/hub.js';

/**
 * A published message's RESP frame, the same bytes for every subscriber of one protocol: encoded
 * once per publish into a frame slab shared by all connections. Successive publishes land next
 * to each other in the slab, so a subscriber that receives them all in one event-loop turn sends
 * one region of it, with no copy of its own (see RespWriter.shared).
 */
export interface SharedFrame {
  readonly slab: Buffer;
  readonly start: number;
  readonly end: number;
}

const SLAB_SIZE = 64 * 1024;

interface FrameSlab {
  bytes: Buffer;
  offset: number;
}

/** One slab per protocol: RESP2 and RESP3 frames interleaved would break each other's runs. */
const slabs: [FrameSlab, FrameSlab] = [newSlab(SLAB_SIZE), newSlab(SLAB_SIZE)];
/** The frame last made for each protocol, and of which publication. */
const lastPublication: [Publication | undefined, Publication | undefined] = [undefined, undefined];
const lastFrame: [SharedFrame | undefined, SharedFrame | undefined] = [undefined, undefined];

function newSlab(size: number): FrameSlab {
  return { bytes: Buffer.allocUnsafe(size), offset: 0 };
}

function bulkLength(text: string): number {
  return String(text.length).length + text.length + 5;
}

function writeBulk(slab: Buffer, offset: number, text: string): number {
  offset += slab.latin1Write(`$${text.length}\r\n`, offset);
  offset += slab.latin1Write(text, offset);
  slab[offset] = 13;
  slab[offset + 1] = 10;
  return offset + 2;
}

/** `>N` (RESP3) or `*N` (RESP2) followed by one bulk string per part. */
function encode(protocol: 2 | 3, publication: Publication): SharedFrame {
  const { kind, pattern, channel, payload } = publication;
  const parts = kind === 'pmessage' ? 4 : 3;
  const size = 4 + bulkLength(kind) + (parts === 4 ? bulkLength(pattern) : 0) + bulkLength(channel) + bulkLength(payload);
  const slot = protocol - 2;
  let slab = slabs[slot];
  if (slab.offset + size > slab.bytes.length) {
    // Written regions may still be waiting in sockets: a full slab is replaced, never reused.
    slab = newSlab(Math.max(SLAB_SIZE, size));
    slabs[slot] = slab;
  }
  const bytes = slab.bytes;
  const start = slab.offset;
  bytes[start] = protocol === 2 ? 42 : 62;
  bytes[start + 1] = 48 + parts;
  bytes[start + 2] = 13;
  bytes[start + 3] = 10;
  let offset = writeBulk(bytes, start + 4, kind);
  if (parts === 4) offset = writeBulk(bytes, offset, pattern);
  offset = writeBulk(bytes, offset, channel);
  offset = writeBulk(bytes, offset, payload);
  slab.offset = offset;
  return { slab: bytes, start, end: offset };
}

/** The publication's frame for `protocol`, encoded by its first receiver of that protocol. */
export function frameOf(protocol: 2 | 3, publication: Publication): SharedFrame {
  const slot = protocol - 2;
  if (lastPublication[slot] === publication) return lastFrame[slot]!;
  const frame = encode(protocol, publication);
  lastPublication[slot] = publication;
  lastFrame[slot] = frame;
  return frame;
}

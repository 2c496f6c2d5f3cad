/** Parsed RESP replies that keep their exact bytes, for byte-for-byte comparison. */
export interface RespReply {
  /** The type byte: + - : $ * _ , # ! = ( % ~ > | */
  kind: string;
  /** The whole reply as it came over the wire (binary string). */
  raw: string;
  /** Payload of simple/bulk/error/number replies; null for null bulk/array. */
  text: string | null;
  /** Elements of aggregate replies (maps and attributes flattened key, value, ...). */
  items: RespReply[] | null;
}

/** Parses one reply at `pos`; returns null when the buffer does not hold a whole reply yet. */
export function parseReply(buffer: string, pos: number): { reply: RespReply; next: number } | null {
  const lineEnd = buffer.indexOf('\r\n', pos);
  if (lineEnd === -1) return null;
  const kind = buffer[pos]!;
  const header = buffer.slice(pos + 1, lineEnd);
  let next = lineEnd + 2;
  switch (kind) {
    case '+': case '-': case ':': case '_': case ',': case '#': case '(':
      return { reply: { kind, raw: buffer.slice(pos, next), text: kind === '_' ? null : header, items: null }, next };
    case '$': case '!': case '=': {
      const length = Number(header);
      if (length < 0) return { reply: { kind, raw: buffer.slice(pos, next), text: null, items: null }, next };
      if (buffer.length < next + length + 2) return null;
      const text = buffer.slice(next, next + length);
      next += length + 2;
      return { reply: { kind, raw: buffer.slice(pos, next), text, items: null }, next };
    }
    case '*': case '%': case '~': case '>': case '|': {
      const count = Number(header);
      if (count < 0) return { reply: { kind, raw: buffer.slice(pos, next), text: null, items: null }, next };
      const total = kind === '%' || kind === '|' ? count * 2 : count;
      const items: RespReply[] = [];
      for (let i = 0; i < total; i++) {
        const parsed = parseReply(buffer, next);
        if (parsed === null) return null;
        items.push(parsed.reply);
        next = parsed.next;
      }
      if (kind === '|') {
        // An attribute precedes the real reply; keep both in raw, return the real one.
        const real = parseReply(buffer, next);
        if (real === null) return null;
        return { reply: { ...real.reply, raw: buffer.slice(pos, real.next) }, next: real.next };
      }
      return { reply: { kind, raw: buffer.slice(pos, next), text: null, items }, next };
    }
    default:
      throw new Error(`unexpected reply type byte ${JSON.stringify(kind)} in ${JSON.stringify(buffer.slice(pos, pos + 40))}`);
  }
}

/** A readable rendering of a reply, for failure messages. */
export function showReply(reply: RespReply): string {
  return JSON.stringify(reply.raw.length > 400 ? reply.raw.slice(0, 400) + '...' : reply.raw);
}

/** Encodes argv as a RESP multibulk request (binary strings). */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const arg of argv) out += `$${arg.length}\r\n${arg}\r\n`;
  return out;
}

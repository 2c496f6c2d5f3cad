/**
 * A published message is the same bytes for every RESP subscriber of one protocol: it is encoded
 * once per publish and copied to each subscriber's output (PUBLISH to 100 subscribers spent a
 * fifth of its time encoding the same frame 100 times).
 */
interface CachedFrame {
  parts: string[];
  bytes: Buffer;
}

const cache: [CachedFrame | undefined, CachedFrame | undefined] = [undefined, undefined];

function sameParts(cached: readonly string[], parts: readonly string[]): boolean {
  if (cached.length !== parts.length) return false;
  for (let i = 0; i < parts.length; i++) if (cached[i] !== parts[i]) return false;
  return true;
}

/** `>N` (RESP3) or `*N` (RESP2) followed by one bulk string per part. */
export function messageFrame(protocol: 2 | 3, parts: string[]): Buffer {
  const slot = protocol - 2;
  const cached = cache[slot];
  if (cached !== undefined && sameParts(cached.parts, parts)) return cached.bytes;
  let text = `${protocol === 2 ? '*' : '>'}${parts.length}\r\n`;
  for (const part of parts) text += `$${part.length}\r\n${part}\r\n`;
  const bytes = Buffer.from(text, 'latin1');
  cache[slot] = { parts, bytes };
  return bytes;
}

/** Below this length a binary string is copied byte by byte: cheaper than Buffer's call into C++. */
const SHORT_TEXT = 32;

/**
 * Copies a binary (one char per byte) string into `target` at `offset`, which has room for it;
 * returns the offset after it. Most keys, fields and small values are short, and for them a byte
 * loop is about twice as fast as latin1Write.
 */
export function writeLatin1(target: Buffer, offset: number, text: string): number {
  const length = text.length;
  if (length >= SHORT_TEXT) return offset + target.latin1Write(text, offset, length);
  for (let i = 0; i < length; i++) target[offset++] = text.charCodeAt(i);
  return offset;
}

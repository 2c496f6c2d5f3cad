/**
 * Bytes of a damaged file quoted in a one-line error message: printable ASCII as is, anything else
 * as \xNN, long runs cut, so a message never spans lines or carries terminal control bytes.
 */
export function printable(bytes: string, limit = 32): string {
  const text = bytes.length > limit ? `${bytes.slice(0, limit)}...` : bytes;
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// Buffer's latin1 fast paths: present on every Node.js Buffer (toString('latin1') and
// write(..., 'latin1') call them), but missing from @types/node. Restis stores every key and
// value as a one-byte string, so these are its hottest conversions.
declare global {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    latin1Write(text: string, offset: number, length?: number): number;
  }
}
export {};

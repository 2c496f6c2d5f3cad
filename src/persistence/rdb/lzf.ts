/**
 * LZF as Redis's bundled liblzf produces and reads it (HLOG 16, the "very fast" hashing, three-byte
 * minimum matches), so compressed strings in RDB files and DUMP payloads come out byte for byte
 * as Redis's do. The format: a control byte below 32 starts a literal run of control + 1 bytes;
 * otherwise its top three bits are a back-reference length (7: one more length byte follows)
 * and its low five bits, with the next byte, the distance back minus one.
 */

const HASH_LOG = 16;
const HASH_SIZE = 1 << HASH_LOG;
const MAX_LITERAL = 1 << 5;
const MAX_OFFSET = 1 << 13;
const MAX_REFERENCE = (1 << 8) + (1 << 3);

/** Positions + 1 of the last place each 3-byte hash was seen (0: never), reused between calls. */
const table = new Int32Array(HASH_SIZE);

function slot(hash: number): number {
  return (((hash >>> (3 * 8 - HASH_LOG)) - Math.imul(hash, 5)) >>> 0) & (HASH_SIZE - 1);
}

/**
 * Compresses `input` into at most `maxOutput` bytes; answers the compressed bytes, or undefined
 * when they would not fit (as lzf_compress answers 0).
 */
export function lzfCompress(input: Uint8Array, maxOutput: number): Buffer | undefined {
  const inLength = input.length;
  if (inLength === 0 || maxOutput === 0) return undefined;
  table.fill(0);
  const out = Buffer.allocUnsafe(maxOutput + 3);
  let ip = 0;
  let op = 1;
  let literal = 0;
  let hash = (input[0]! << 8) | input[1]!;
  while (ip < inLength - 2) {
    hash = ((hash << 8) | input[ip + 2]!) >>> 0;
    const index = slot(hash);
    const reference = table[index]! - 1;
    table[index] = ip + 1;
    let offset: number;
    if (
      reference > 0 && reference < ip
      && (offset = ip - reference - 1) < MAX_OFFSET
      && input[reference + 2] === input[ip + 2]
      && input[reference + 1] === input[ip + 1]
      && input[reference] === input[ip]
    ) {
      let length = 2;
      let maxLength = inLength - ip - length;
      if (maxLength > MAX_REFERENCE) maxLength = MAX_REFERENCE;
      if (op + 3 + 1 >= maxOutput && op - (literal === 0 ? 1 : 0) + 3 + 1 >= maxOutput) return undefined;
      out[op - literal - 1] = literal - 1;
      if (literal === 0) op--;
      let unrolledMismatch = false;
      if (maxLength > 16) {
        for (let k = 0; k < 16; k++) {
          length++;
          if (input[reference + length] !== input[ip + length]) {
            unrolledMismatch = true;
            break;
          }
        }
      }
      if (!unrolledMismatch) {
        do length++;
        while (length < maxLength && input[reference + length] === input[ip + length]);
      }
      length -= 2;
      ip++;
      if (length < 7) {
        out[op++] = (offset >>> 8) + (length << 5);
      } else {
        out[op++] = (offset >>> 8) + (7 << 5);
        out[op++] = length - 7;
      }
      out[op++] = offset & 0xff;
      literal = 0;
      op++;
      ip += length + 1;
      if (ip >= inLength - 2) break;
      ip -= 2;
      hash = (input[ip]! << 8) | input[ip + 1]!;
      hash = ((hash << 8) | input[ip + 2]!) >>> 0;
      table[slot(hash)] = ip + 1;
      ip++;
      hash = ((hash << 8) | input[ip + 2]!) >>> 0;
      table[slot(hash)] = ip + 1;
      ip++;
    } else {
      if (op >= maxOutput) return undefined;
      literal++;
      out[op++] = input[ip++]!;
      if (literal === MAX_LITERAL) {
        out[op - literal - 1] = literal - 1;
        literal = 0;
        op++;
      }
    }
  }
  if (op + 3 > maxOutput) return undefined;
  while (ip < inLength) {
    literal++;
    out[op++] = input[ip++]!;
    if (literal === MAX_LITERAL) {
      out[op - literal - 1] = literal - 1;
      literal = 0;
      op++;
    }
  }
  out[op - literal - 1] = literal - 1;
  if (literal === 0) op--;
  return out.subarray(0, op);
}

/**
 * Decompresses `input` into exactly `outLength` bytes; answers undefined when the data is
 * malformed or does not produce exactly that many bytes.
 */
export function lzfDecompress(input: Uint8Array, outLength: number): Buffer | undefined {
  const out = Buffer.allocUnsafe(outLength);
  const inLength = input.length;
  let ip = 0;
  let op = 0;
  while (ip < inLength) {
    const control = input[ip++]!;
    if (control < 32) {
      const length = control + 1;
      if (op + length > outLength || ip + length > inLength) return undefined;
      for (let i = 0; i < length; i++) out[op++] = input[ip++]!;
    } else {
      let length = control >>> 5;
      let reference = op - ((control & 0x1f) << 8) - 1;
      if (ip >= inLength) return undefined;
      if (length === 7) {
        length += input[ip++]!;
        if (ip >= inLength) return undefined;
      }
      reference -= input[ip++]!;
      if (op + length + 2 > outLength || reference < 0) return undefined;
      for (let i = 0; i < length + 2; i++) out[op++] = out[reference++]!;
    }
  }
  return op === outLength ? out : undefined;
}

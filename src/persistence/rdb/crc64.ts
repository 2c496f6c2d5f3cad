/**
 * CRC-64 with the Jones polynomial, reflected, initial value 0, no final xor: the checksum Redis
 * appends to RDB files and DUMP payloads (stored little-endian). Kept as two 32-bit halves so the
 * per-byte step stays in small integers.
 */

const TABLE_LOW = new Uint32Array(256);
const TABLE_HIGH = new Uint32Array(256);

(function buildTables() {
  const reflectedPolynomial = 0x95ac9329ac4bc9b5n;
  for (let i = 0; i < 256; i++) {
    let crc = BigInt(i);
    for (let bit = 0; bit < 8; bit++) crc = (crc & 1n) !== 0n ? (crc >> 1n) ^ reflectedPolynomial : crc >> 1n;
    TABLE_LOW[i] = Number(crc & 0xffffffffn);
    TABLE_HIGH[i] = Number(crc >> 32n);
  }
})();

/** A running CRC-64 over chunks fed in order. */
export class Crc64 {
  low = 0;
  high = 0;

  update(bytes: Uint8Array, start = 0, end = bytes.length): void {
    let low = this.low;
    let high = this.high;
    for (let i = start; i < end; i++) {
      const index = (low ^ bytes[i]!) & 0xff;
      low = ((low >>> 8) | (high << 24)) ^ TABLE_LOW[index]!;
      high = (high >>> 8) ^ TABLE_HIGH[index]!;
    }
    this.low = low >>> 0;
    this.high = high >>> 0;
  }

  /** The 8 bytes Redis writes: little-endian. */
  bytes(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32LE(this.low, 0);
    out.writeUInt32LE(this.high, 4);
    return out;
  }

  value(): bigint {
    return (BigInt(this.high) << 32n) | BigInt(this.low);
  }
}

export function crc64(bytes: Uint8Array, start = 0, end = bytes.length): Crc64 {
  const crc = new Crc64();
  crc.update(bytes, start, end);
  return crc;
}

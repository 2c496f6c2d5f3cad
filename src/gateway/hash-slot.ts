/** Redis Cluster's key -> slot mapping: CRC16 (XMODEM) of the key, or of its {hash tag}, mod 16384. */

const TABLE = new Uint16Array(256);
for (let byte = 0; byte < 256; byte++) {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  TABLE[byte] = crc;
}

function crc16(key: string, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ key.charCodeAt(i)) & 0xff]!;
  return crc;
}

/** The slot of a binary-string key; only a non-empty `{...}` (the first `{` and the next `}`) is hashed when present. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & 16383;
  }
  return crc16(key, 0, key.length) & 16383;
}

/** Bytes as INFO prints them for humans: 0B, 943.39K, 6.68M, 23.54G (1K = 1024 bytes). */
export function bytesToHuman(bytes: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (bytes < 1024) return `${bytes}B`;
  let scaled = bytes;
  for (const unit of units) {
    scaled /= 1024;
    if (scaled < 1024 || unit === 'P') return `${scaled.toFixed(2)}${unit}`;
  }
  return `${bytes}B`;
}

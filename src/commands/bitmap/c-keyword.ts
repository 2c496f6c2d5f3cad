/**
 * An option word as the bit commands compare it: Redis uses strcasecmp there, which stops at the
 * first NUL byte, so "GET\0anything" is GET. Lower-cased; long words cannot be keywords.
 */
export function cKeyword(arg: string): string {
  const nul = arg.indexOf('\0');
  const word = nul === -1 ? arg : arg.slice(0, nul);
  return word.length > 16 ? '' : word.toLowerCase();
}

/**
 * One command as the AOF stores it: a RESP multibulk of bulk strings (`*<argc>`, then
 * `$<length>` and the bytes of each argument), the form Redis appends and replays.
 * Arguments are binary strings (one char per byte).
 */
export function encodeAofCommandText(argv: readonly string[]): string {
  let text = `*${argv.length}\r\n`;
  for (const arg of argv) text += `$${arg.length}\r\n${arg}\r\n`;
  return text;
}

export function encodeAofCommand(argv: readonly string[]): Buffer {
  return Buffer.from(encodeAofCommandText(argv), 'latin1');
}

import { printable } from '../printable.js';

/**
 * Reads the commands of an AOF file (RESP multibulks of bulk strings). The outcome tells a clean
 * end from a truncated last command (a crash mid-write, repairable) and from corruption before
 * the end (not repairable: the file must be fixed by hand).
 */
export type AofReadEnd =
  | { kind: 'complete' }
  | { kind: 'truncated'; validUpTo: number }
  | { kind: 'corrupt'; offset: number; reason: string }
  /** `visit` asked to stop: reading resumes at `offset`. */
  | { kind: 'paused'; offset: number };

/** Calls `visit` with each command's argv (binary strings); stops at the first problem, or when `visit` returns false. */
export function readAofCommands(bytes: Buffer, start: number, visit: (argv: string[], offset: number) => boolean | void): AofReadEnd {
  let pos = start;
  const length = bytes.length;
  /** The line starting at `at` (without CRLF), or undefined when the file ends first. */
  const line = (at: number): { text: string; next: number } | undefined => {
    const cr = bytes.indexOf(13, at);
    if (cr === -1 || cr + 1 >= length) return undefined;
    return { text: bytes.latin1Slice(at, cr), next: cr + 2 };
  };
  while (pos < length) {
    const commandStart = pos;
    if (bytes[pos] !== 0x2a /* '*' */) return { kind: 'corrupt', offset: pos, reason: `expected '*' but found byte 0x${bytes[pos]!.toString(16).padStart(2, '0')}` };
    const header = line(pos + 1);
    if (header === undefined) return { kind: 'truncated', validUpTo: commandStart };
    const argc = Number(header.text);
    if (!/^[0-9]+$/.test(header.text) || argc < 1) return { kind: 'corrupt', offset: pos, reason: `bad argument count "${printable(header.text)}"` };
    pos = header.next;
    const argv: string[] = [];
    for (let i = 0; i < argc; i++) {
      if (pos >= length) return { kind: 'truncated', validUpTo: commandStart };
      if (bytes[pos] !== 0x24 /* '$' */) return { kind: 'corrupt', offset: pos, reason: `expected '$' but found byte 0x${bytes[pos]!.toString(16).padStart(2, '0')}` };
      const size = line(pos + 1);
      if (size === undefined) return { kind: 'truncated', validUpTo: commandStart };
      if (!/^[0-9]+$/.test(size.text)) return { kind: 'corrupt', offset: pos, reason: `bad bulk length "${printable(size.text)}"` };
      const bulkLength = Number(size.text);
      const end = size.next + bulkLength;
      if (end + 2 > length) return { kind: 'truncated', validUpTo: commandStart };
      if (bytes[end] !== 13 || bytes[end + 1] !== 10) return { kind: 'corrupt', offset: end, reason: 'bulk string not followed by CRLF' };
      argv.push(bytes.latin1Slice(size.next, end));
      pos = end + 2;
    }
    if (visit(argv, commandStart) === false && pos < length) return { kind: 'paused', offset: pos };
  }
  return { kind: 'complete' };
}

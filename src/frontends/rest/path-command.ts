/**
 * Path-style commands: `/set/foo/bar?EX=100` is `SET foo bar EX 100`. Segments are percent-decoded
 * to bytes (so `%FF` is the byte 0xFF and `%C3%A9` the UTF-8 of é), empty segments are dropped, a
 * non-empty POST/PUT body is appended raw as one more argument, then each query parameter except
 * `_token` as its name and, when it has one, its value.
 */

const HEX = /^[0-9a-fA-F]{2}$/;

/** A percent-encoded text as a binary string (one char per byte); `%` not followed by two hex digits stays as it is. */
export function percentDecode(text: string, plusIsSpace = false): string {
  if (!text.includes('%') && !(plusIsSpace && text.includes('+'))) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%' && HEX.test(text.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+' && plusIsSpace) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

export interface SplitUrl {
  path: string;
  /** Raw `name[=value]` pairs in order, not decoded. */
  query: string[];
}

export function splitUrl(url: string): SplitUrl {
  const mark = url.indexOf('?');
  if (mark === -1) return { path: url, query: [] };
  return { path: url.slice(0, mark), query: url.slice(mark + 1).split('&').filter((pair) => pair !== '') };
}

/** The `_token` query parameter, if any (decoded). */
export function queryToken(query: readonly string[]): string | undefined {
  for (const pair of query) {
    if (pair.startsWith('_token=')) return Buffer.from(percentDecode(pair.slice(7), true), 'latin1').toString('utf8');
  }
  return undefined;
}

/** The path's segments, percent-decoded; empty ones dropped. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment !== '') segments.push(percentDecode(segment));
  }
  return segments;
}

/** The argv of a path-style request. `body` is the raw body as a binary string, or undefined when empty. */
export function pathCommand(url: SplitUrl, body: string | undefined): string[] {
  const argv = pathSegments(url.path);
  if (body !== undefined) argv.push(body);
  for (const pair of url.query) {
    const equals = pair.indexOf('=');
    const name = percentDecode(equals === -1 ? pair : pair.slice(0, equals), true);
    if (name === '_token') continue;
    argv.push(name);
    if (equals !== -1 && equals !== pair.length - 1) argv.push(percentDecode(pair.slice(equals + 1), true));
  }
  return argv;
}

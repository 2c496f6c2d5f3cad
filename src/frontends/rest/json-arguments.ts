/**
 * Reads the JSON bodies of the REST API: `["SET", "k", 13]` (one command) and `[[...], [...]]`
 * (/pipeline, /multi-exec). Arguments may be strings, numbers or booleans. Numbers keep their
 * exact source text (JSON.parse would turn 18446744073709551615 into 18446744073709552000);
 * strings become the binary strings the engine uses (their UTF-8 bytes). null, objects and nested
 * arrays are refused with a message that names the argument.
 */

export class RequestError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NON_ASCII = /[^\x00-\x7f]/;

/** A JavaScript string as the binary string of its UTF-8 bytes. */
export function utf8Binary(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').latin1Slice(0, Buffer.byteLength(text, 'utf8')) : text;
}

class Reader {
  position = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    const text = this.text;
    let p = this.position;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.position = p;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  expect(char: string, what: string): void {
    if (this.peek() !== char) throw new RequestError(`ERR invalid JSON body: expected ${what} at offset ${this.position}`);
    this.position++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }

  /** A JSON string at the current position (the opening quote included). */
  string(): string {
    const text = this.text;
    const start = this.position + 1;
    const close = text.indexOf('"', start);
    const backslash = text.indexOf('\\', start);
    if (close !== -1 && (backslash === -1 || backslash > close)) {
      this.position = close + 1;
      return utf8Binary(text.slice(start, close));
    }
    // Escapes: let the JavaScript parser read exactly one string token.
    let end = start;
    for (;;) {
      if (end >= text.length) throw new RequestError('ERR invalid JSON body: unterminated string');
      const c = text.charCodeAt(end);
      if (c === 92) end += 2;
      else if (c === 34) break;
      else end++;
    }
    this.position = end + 1;
    try {
      return utf8Binary(JSON.parse(text.slice(start - 1, end + 1)) as string);
    } catch {
      throw new RequestError(`ERR invalid JSON body: bad string at offset ${start - 1}`);
    }
  }

  /** One argument: a string, a number (its source text) or a boolean. */
  argument(index: number, command: number | undefined): string {
    const where = command === undefined ? `argument ${index}` : `argument ${index} of command ${command}`;
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === 't' && this.text.startsWith('true', this.position)) {
      this.position += 4;
      return 'true';
    }
    if (c === 'f' && this.text.startsWith('false', this.position)) {
      this.position += 5;
      return 'false';
    }
    if (c === 'n' && this.text.startsWith('null', this.position)) {
      throw new RequestError(`ERR ${where} is null; arguments must be strings, numbers or booleans`);
    }
    if (c === '[' || c === '{') {
      throw new RequestError(`ERR ${where} is ${c === '[' ? 'an array' : 'an object'}; arguments must be strings, numbers or booleans`);
    }
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (match === null || match[0] === '') throw new RequestError(`ERR invalid JSON body at offset ${this.position}`);
    this.position += match[0].length;
    return match[0];
  }

  /** `[arg, ...]`: one command, at least its name. */
  command(commandIndex: number | undefined): string[] {
    if (this.peek() !== '[') {
      throw new RequestError(commandIndex === undefined ? 'ERR the body must be a JSON array: ["COMMAND", "arg", ...]' : `ERR command ${commandIndex} must be a JSON array`);
    }
    this.position++;
    const argv: string[] = [];
    if (this.peek() === ']') {
      this.position++;
      throw new RequestError(commandIndex === undefined ? 'ERR empty command' : `ERR command ${commandIndex} is empty`);
    }
    for (;;) {
      argv.push(this.argument(argv.length, commandIndex));
      const next = this.peek();
      this.position++;
      if (next === ']') return argv;
      if (next !== ',') throw new RequestError(`ERR invalid JSON body: expected , or ] at offset ${this.position - 1}`);
    }
  }
}

/** The body of `POST /`: one command. */
export function parseCommand(body: string): string[] {
  const reader = new Reader(body);
  const argv = reader.command(undefined);
  if (!reader.atEnd()) throw new RequestError('ERR invalid JSON body: text after the command array');
  return argv;
}

/** The body of /pipeline and /multi-exec: a non-empty array of commands. */
export function parseCommandList(body: string): string[][] {
  const reader = new Reader(body);
  if (reader.peek() !== '[') throw new RequestError('ERR the body must be a JSON array of commands: [["SET","k","v"],["GET","k"]]');
  reader.position++;
  if (reader.peek() === ']') throw new RequestError('ERR the pipeline is empty');
  const commands: string[][] = [];
  for (;;) {
    commands.push(reader.command(commands.length));
    const next = reader.peek();
    reader.position++;
    if (next === ']') break;
    if (next !== ',') throw new RequestError(`ERR invalid JSON body: expected , or ] at offset ${reader.position - 1}`);
  }
  if (!reader.atEnd()) throw new RequestError('ERR invalid JSON body: text after the command list');
  return commands;
}

import { jsonString } from '../frontends/rest/json-reply.js';
import type { DirectJsonAnswer } from '../frontends/rest/direct-json.js';

const NO_LEVELS: number[] = [];

/**
 * The REST JSON of a request's upstream replies, written straight from the RESP bytes as they
 * are read (see RespReplyReader): no reply values, no Reply calls, no intermediate strings for
 * the usual printable values. It writes what JsonReply and the REST envelope would for the same
 * replies: `{"result":...}` or `{"error":"..."}` per command (in a JSON array for a pipeline),
 * arrays as arrays, integers as numbers, nil as null, strings read as UTF-8 (or base64 in base64
 * mode, where only a top-level OK status stays plain), errors inside arrays as strings. Every
 * error reply is counted in the error stats, as JsonReply counts it.
 */
export class JsonBody {
  private buffer: Buffer;
  private length = 0;
  private items = 0;
  private firstIsError = false;
  /** Some byte of the body is not ASCII (UTF-8 from the general path). */
  private wide = false;
  /**
   * Open arrays: element count and how many have been written, per level. Made on the first
   * array: a per-request literal that lives across the upstream round trip is one V8 may start
   * allocating straight into the old generation (pretenuring), which then fills with garbage.
   */
  private counts: number[] = NO_LEVELS;
  private filled: number[] = NO_LEVELS;
  private depth = 0;
  /** Called once every command has its item. */
  onComplete: () => void = () => undefined;

  constructor(
    private readonly base64: boolean,
    private readonly array: boolean,
    private readonly expected: number,
    private readonly recordError: (message: string) => void,
  ) {
    // About what 100 short GET results take; grows when needed.
    this.buffer = Buffer.allocUnsafe(expected * 24 + 16);
    if (array) this.buffer[this.length++] = 91; // [
  }

  /** The finished body. */
  answer(): DirectJsonAnswer {
    if (this.array) this.byte(93); // ]
    // A string body goes out in one write with the HTTP head (a Buffer takes a second one).
    const body = this.wide ? this.buffer.toString('utf8', 0, this.length) : this.buffer.latin1Slice(0, this.length);
    return { body, firstIsError: this.firstIsError };
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + extra));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  private byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /** ASCII text (the envelope's punctuation). */
  private ascii(text: string): void {
    this.ensure(text.length);
    this.length += this.buffer.latin1Write(text, this.length);
  }

  /** Before a value: the item's opening, or a comma between array elements. */
  private begin(): void {
    const depth = this.depth;
    if (depth === 0) this.ascii(this.items === 0 ? '{"result":' : ',{"result":');
    else if (this.filled[depth - 1]! > 0) this.byte(44); // ,
  }

  /** After a value: closes the arrays it filled; true when it finished a command's item. */
  private end(): boolean {
    while (this.depth > 0) {
      const level = this.depth - 1;
      if (++this.filled[level]! < this.counts[level]!) return false;
      this.byte(93); // ]
      this.depth = level;
    }
    this.byte(125); // }
    this.itemDone();
    return true;
  }

  private itemDone(): void {
    if (++this.items === this.expected) this.onComplete();
  }

  /** A string value from bytes: printable ASCII is copied as it is. */
  private string(chunk: Buffer, start: number, end: number): void {
    if (this.base64) {
      const encoded = chunk.toString('base64', start, end);
      this.ensure(encoded.length + 2);
      this.buffer[this.length++] = 34;
      this.length += this.buffer.latin1Write(encoded, this.length);
      this.buffer[this.length++] = 34;
      return;
    }
    const size = end - start;
    this.ensure(size + 2);
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = 34; // "
    for (let i = start; i < end; i++) {
      const c = chunk[i]!;
      // Anything JSON escapes or UTF-8 decodes takes the general path.
      if (c < 0x20 || c > 0x7e || c === 34 || c === 92) return this.escaped(chunk, start, end);
      buffer[at++] = c;
    }
    buffer[at++] = 34;
    this.length = at;
  }

  private escaped(chunk: Buffer, start: number, end: number): void {
    const text = jsonString(chunk.latin1Slice(start, end), false);
    this.wide = true;
    // Each UTF-16 unit of the JSON text takes at most 3 UTF-8 bytes.
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  bulk(chunk: Buffer, start: number, end: number): boolean {
    this.begin();
    this.string(chunk, start, end);
    return this.end();
  }

  status(chunk: Buffer, start: number, end: number): boolean {
    this.begin();
    // Base64 mode keeps a top-level OK readable (as JsonReply.simple does).
    if (this.depth === 0 && end - start === 2 && chunk[start] === 79 && chunk[start + 1] === 75) this.ascii('"OK"');
    else this.string(chunk, start, end);
    return this.end();
  }

  integer(chunk: Buffer, start: number, end: number): boolean {
    this.begin();
    // Redis writes integers in canonical decimal, the text String(value) gives.
    this.ensure(end - start);
    this.length += chunk.copy(this.buffer, this.length, start, end);
    return this.end();
  }

  nil(): boolean {
    this.begin();
    this.ascii('null');
    return this.end();
  }

  /** An array of `count` (> 0) elements: they follow. */
  openArray(count: number): void {
    this.begin();
    this.byte(91); // [
    if (this.counts === NO_LEVELS) {
      this.counts = new Array<number>(4);
      this.filled = new Array<number>(4);
    }
    this.counts[this.depth] = count;
    this.filled[this.depth] = 0;
    this.depth++;
  }

  emptyArray(): boolean {
    this.begin();
    this.ascii('[]');
    return this.end();
  }

  error(chunk: Buffer, start: number, end: number): boolean {
    const message = chunk.latin1Slice(start, end);
    this.recordError(message);
    if (this.depth > 0) {
      this.begin();
      this.string(chunk, start, end);
      return this.end();
    }
    if (this.items === 0) this.firstIsError = true;
    const text = (this.items === 0 ? '{"error":' : ',{"error":') + jsonString(message, false) + '}';
    this.wide = true;
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
    this.itemDone();
    return true;
  }
}

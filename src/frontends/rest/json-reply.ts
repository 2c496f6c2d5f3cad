import { formatDouble } from '../../core/number-format.js';
import type { Reply } from '../../core/reply.js';
import type { ServerStats } from '../../core/stats.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A binary string as a JSON string: its bytes read as UTF-8 (invalid sequences become U+FFFD, as
 * Upstash does), or their standard base64 in `Upstash-Encoding: base64` mode.
 */
export function jsonString(binary: string, base64: boolean): string {
  if (base64) return '"' + Buffer.from(binary, 'latin1').toString('base64') + '"';
  if (PRINTABLE_ASCII.test(binary)) return JSON.stringify(binary);
  return JSON.stringify(Buffer.from(binary, 'latin1').toString('utf8'));
}

interface OpenArray {
  count: number;
  written: number;
}

/**
 * Builds the JSON of one REST reply from the protocol-neutral Reply calls, in RESP2 shapes (maps
 * flattened, doubles and big numbers as strings, booleans as 0/1), so a command written for RESP
 * answers over HTTP with no extra code. A top-level error is kept apart for the envelope
 * (`{"error": ...}`); anything else becomes the `result` text.
 */
export class JsonReply implements Reply {
  readonly protocol = 2 as const;
  /** The JSON text of the result value so far. */
  result = '';
  /** Set when the command answered an error at the top level. */
  errorMessage: string | undefined = undefined;
  private readonly open: OpenArray[] = [];

  constructor(private readonly base64: boolean, private readonly stats: ServerStats) {}

  /** Whether the command wrote a complete value (or an error). */
  get answered(): boolean {
    return this.errorMessage !== undefined || (this.result !== '' && this.open.length === 0);
  }

  private element(json: string): void {
    const level = this.open[this.open.length - 1];
    if (level !== undefined) {
      if (level.written !== 0) this.result += ',';
      level.written++;
    }
    this.result += json;
    this.closeFinished();
  }

  private closeFinished(): void {
    for (let level = this.open[this.open.length - 1]; level !== undefined && level.written === level.count; level = this.open[this.open.length - 1]) {
      this.result += ']';
      this.open.pop();
    }
  }

  private string(binary: string): void {
    this.element(jsonString(binary, this.base64));
  }

  ok(): void {
    this.simple('OK');
  }

  simple(text: string): void {
    // Base64 mode keeps a top-level OK readable; everything else is encoded (Upstash's rule).
    if (this.open.length === 0 && text === 'OK') this.element('"OK"');
    else this.string(text);
  }

  error(message: string): void {
    this.stats.recordError(message);
    if (this.open.length === 0) this.errorMessage = message;
    else this.string(message);
  }

  int(value: number | bigint): void {
    this.element(String(value));
  }

  bulk(value: string): void {
    this.string(value);
  }

  nil(): void {
    this.element('null');
  }

  nilArray(): void {
    this.element('null');
  }

  array(length: number): void {
    if (length === 0) {
      this.element('[]');
      return;
    }
    const level = this.open[this.open.length - 1];
    if (level !== undefined) {
      if (level.written !== 0) this.result += ',';
      level.written++;
    }
    this.result += '[';
    this.open.push({ count: length, written: 0 });
  }

  map(pairs: number): void {
    this.array(pairs * 2);
  }

  set(length: number): void {
    this.array(length);
  }

  double(value: number, text = formatDouble(value)): void {
    this.string(text);
  }

  bool(value: boolean): void {
    this.element(value ? '1' : '0');
  }

  verbatim(text: string): void {
    this.string(text);
  }

  bigNumber(digits: string): void {
    this.string(digits);
  }

  push(length: number): void {
    this.array(length);
  }
}

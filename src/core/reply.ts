/**
 * The protocol-neutral reply interface. Handlers describe their reply with these calls; the
 * front end's writer decides the wire shape (RESP2, RESP3, JSON). Strings are binary (latin1)
 * strings: one character per byte.
 */
export interface Reply {
  /** 2 or 3: the shape the client asked for, for the rare handler whose reply content differs. */
  readonly protocol: 2 | 3;
  ok(): void;
  simple(text: string): void;
  /** `message` starts with the error code, e.g. "ERR syntax error". */
  error(message: string): void;
  int(value: number | bigint): void;
  bulk(value: string): void;
  /**
   * Optional: a bulk string given as bytes (a script's result in the interpreter's memory). A
   * writer that has it copies them without making a string first; others get bulk().
   */
  bulkBytes?(source: Buffer, start: number, end: number): void;
  /** Null bulk string: `$-1` in RESP2, `_` in RESP3. */
  nil(): void;
  /** Null array: `*-1` in RESP2, `_` in RESP3. */
  nilArray(): void;
  array(length: number): void;
  /** A map of `pairs` key/value pairs: `%` in RESP3, a flat array in RESP2. */
  map(pairs: number): void;
  /** `~` in RESP3, an array in RESP2. */
  set(length: number): void;
  /**
   * `,` in RESP3, a bulk string in RESP2, formatted as Redis does (%.17g), or as `text` when the
   * command prints its doubles another way (GEOPOS's %.17Lf).
   */
  double(value: number, text?: string): void;
  /** `#t`/`#f` in RESP3, `:1`/`:0` in RESP2. */
  bool(value: boolean): void;
  /** `=` in RESP3 (with a 3-letter format), a bulk string in RESP2. */
  verbatim(text: string, format?: string): void;
  /** `(` in RESP3, a bulk string in RESP2. */
  bigNumber(digits: string): void;
  /** `>` in RESP3, an array in RESP2 (pub/sub messages). */
  push(length: number): void;
}

/** Bulk strings for each item: a common reply shape. */
export function replyBulkArray(reply: Reply, items: readonly string[]): void {
  reply.array(items.length);
  for (const item of items) reply.bulk(item);
}

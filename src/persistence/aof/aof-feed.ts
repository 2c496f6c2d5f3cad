import type { PropagationSink } from '../../core/propagation.js';
import { encodeAofCommandText } from './encode-command.js';

/**
 * The propagation sink of the append-only file: encodes every propagated command, with a SELECT
 * first whenever its database differs from the last one written, into a buffer that the AOF
 * writer takes and appends to the file (take()).
 */
export class AofFeed implements PropagationSink {
  /** Encoded commands not yet taken, as one binary string (cheap appends). */
  private text = '';
  /** The database the log is in; -1 right after a rewrite or a new file (the next command selects). */
  private selectedDb = -1;

  feed(dbIndex: number, argv: readonly string[]): void {
    if (dbIndex !== this.selectedDb) {
      this.text += encodeAofCommandText(['SELECT', String(dbIndex)]);
      this.selectedDb = dbIndex;
    }
    this.text += encodeAofCommandText(argv);
  }

  /** Bytes waiting to be written. */
  get pendingBytes(): number {
    return this.text.length;
  }

  /** Hands over what was fed since the last take, and forgets it. */
  take(): Buffer {
    const bytes = Buffer.from(this.text, 'latin1');
    this.text = '';
    return bytes;
  }

  /** The next command starts with SELECT (a new incremental file after a rewrite). */
  forgetSelectedDb(): void {
    this.selectedDb = -1;
  }
}

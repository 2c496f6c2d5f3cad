import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ServerContext } from '../core/context.js';

/** Loading works for this long, then lets the event loop run (clients get -LOADING meanwhile). */
export const LOAD_SLICE_MS = 10;
/** A progress line at most this often, so only loads longer than this print one. */
const REPORT_EVERY_MS = 1000;

/** The server was closed (SHUTDOWN, close()) before the dataset was loaded. */
export class LoadAborted extends Error {
  override name = 'LoadAborted';
}

function megabytes(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/**
 * A dataset being loaded at startup (the RDB file or the AOF files): how far it is, for INFO's
 * loading_* fields and the progress lines, and the pauses between slices.
 */
export class DatasetLoading {
  readonly startedAt = Date.now();
  /** used-mem of the RDB header (INFO loading_rdb_used_mem). */
  rdbUsedMem = 0;
  /** Bytes of the files already loaded. */
  private doneBytes = 0;
  /** Position in the file being loaded. */
  private position = 0;
  private lastReport = Date.now();
  private aborted = false;

  constructor(private readonly server: ServerContext, readonly totalBytes: number) {}

  get loadedBytes(): number {
    return this.doneBytes + this.position;
  }

  get percent(): number {
    return this.totalBytes === 0 ? 100 : (this.loadedBytes * 100) / this.totalBytes;
  }

  /** Redis's estimate: the time so far, scaled by what remains. */
  get etaSeconds(): number {
    const elapsed = Math.floor((Date.now() - this.startedAt) / 1000);
    if (elapsed === 0) return 1;
    return Math.floor((elapsed * (this.totalBytes - this.loadedBytes)) / (this.loadedBytes + 1));
  }

  /** A file of `size` bytes is loaded. */
  fileDone(size: number): void {
    this.doneBytes += size;
    this.position = 0;
  }

  /** Between two slices: notes the position, prints progress about once a second, lets clients in. */
  async pause(position: number): Promise<void> {
    this.position = position;
    if (Date.now() - this.lastReport >= REPORT_EVERY_MS) this.report();
    await nextTurn();
    if (this.aborted) throw new LoadAborted('the server was stopped before the dataset was loaded');
  }

  abort(): void {
    this.aborted = true;
  }

  private report(): void {
    this.lastReport = Date.now();
    const keys = this.server.keyspace.totalKeys();
    this.server.log.notice(`Loading: ${keys} keys, ${megabytes(this.loadedBytes)} of ${megabytes(this.totalBytes)} MB (${this.percent.toFixed(1)}%)`);
  }

  get seconds(): string {
    return ((Date.now() - this.startedAt) / 1000).toFixed(3);
  }
}

import { closeSync, fsync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Output is handed to the file in pieces of about this size. */
const FLUSH_BYTES = 1024 * 1024;

/**
 * A file written beside its final name and renamed over it only once complete and on disk (data
 * fsynced, then the directory fsynced after the rename): a crash at any moment leaves the old
 * file or the new one, never a torn one.
 */
export class AtomicFile {
  private readonly temporary: string;
  private readonly fd: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes written so far. */
  size = 0;
  private closed = false;

  constructor(private readonly path: string) {
    this.temporary = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.temporary, 'w', 0o644);
  }

  write(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.size += chunk.length;
    if (this.buffered >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset);
    this.chunks = [];
    this.buffered = 0;
  }

  /** Completes the file now (SAVE, shutdown): everything on disk before this returns. */
  commitSync(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
    renameSync(this.temporary, this.path);
    syncDirectory(this.path);
  }

  /** Completes the file without blocking the event loop on the fsync (BGSAVE). */
  commit(): Promise<void> {
    try {
      this.flush();
    } catch (error) {
      // A failed last write (a full disk...) ends the job like any other failure, never as a throw from a timer.
      this.discard();
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      fsync(this.fd, (error) => {
        try {
          closeSync(this.fd);
          this.closed = true;
          if (error) throw error;
          renameSync(this.temporary, this.path);
          syncDirectory(this.path);
          resolve();
        } catch (failure) {
          this.discard();
          reject(failure as Error);
        }
      });
    });
  }

  /** Gives up: the temporary file goes, the old file stays. */
  discard(): void {
    if (!this.closed) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.closed = true;
    }
    try {
      unlinkSync(this.temporary);
    } catch {
      // never created or already gone
    }
  }
}

function syncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

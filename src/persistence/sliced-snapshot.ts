import type { ServerStats } from '../core/stats.js';
import type { AtomicFile } from './atomic-file.js';
import type { Snapshot } from './snapshot.js';

/** While clients are busy a background snapshot writes for this long, then lets them run (longer slices show in p99 latency). */
const BUSY_SLICE_MS = 0.25;
/** While no command has run since the last slice, nobody is waiting: the snapshot takes bigger steps. */
const IDLE_SLICE_MS = 10;

export interface SlicedSnapshotJob {
  snapshot: Snapshot;
  output: AtomicFile;
  /** Writes what ends the file (EOF and checksum) once every entry is out. */
  finishWriter(): void;
  /** False once the job was abandoned: the temporary file is then discarded. */
  stillWanted(): boolean;
  /** How it ended. */
  done(ok: boolean, error?: unknown): void;
}

/**
 * Writes a background snapshot (BGSAVE, BGREWRITEAOF) in slices between client work. While
 * clients are busy, slices run in the timers phase, before the poll phase reads requests, so the
 * replies produced in a turn are flushed in that turn's check phase instead of waiting behind the
 * next slice; when no command ran since the last slice the snapshot takes bigger steps.
 */
export function writeInSlices(job: SlicedSnapshotJob, stats: ServerStats): void {
  let commandsAtLastSlice = -1;
  let idle = false;
  const next = (): void => {
    idle = stats.commandsProcessed === commandsAtLastSlice;
    commandsAtLastSlice = stats.commandsProcessed;
    if (idle) setImmediate(slice);
    else setTimeout(slice, 0);
  };
  const slice = (): void => {
    if (!job.stillWanted()) return job.output.discard();
    try {
      if (!job.snapshot.step(idle ? IDLE_SLICE_MS : BUSY_SLICE_MS)) {
        next();
        return;
      }
      job.finishWriter();
    } catch (error) {
      job.snapshot.release();
      job.output.discard();
      job.done(false, error);
      return;
    }
    job.output.commit().then(() => job.done(true), (error: unknown) => job.done(false, error));
  };
  next();
}

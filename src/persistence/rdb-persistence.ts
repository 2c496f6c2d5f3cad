import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerContext } from '../core/context.js';
import { AtomicFile } from './atomic-file.js';
import { RdbLoader } from './rdb/rdb-reader.js';
import { RdbError } from './rdb/rdb-error.js';
import { DatasetLoading, LOAD_SLICE_MS } from './loading.js';
import { RdbWriter } from './rdb/rdb-writer.js';
import { writeInSlices } from './sliced-snapshot.js';
import { Snapshot } from './snapshot.js';
import { libraryCodes, restoreLibraries } from '../scripting/persisted-functions.js';


export interface SavePoint {
  seconds: number;
  changes: number;
}

/** `save "3600 1 300 100"` as pairs. */
export function parseSavePoints(text: string): SavePoint[] {
  const words = text.split(/\s+/).filter(Boolean);
  const points: SavePoint[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) points.push({ seconds: Number(words[i]), changes: Number(words[i + 1]) });
  return points;
}

/**
 * RDB snapshots: SAVE (at once), BGSAVE (a copy-on-write snapshot written in small slices while
 * clients keep working), the save points of `save`, and loading the file at startup.
 */
export class RdbPersistence {
  bgsaveInProgress = false;
  lastBgsaveOk = true;
  lastBgsaveSeconds = -1;
  private bgsaveStarted = 0;
  saves = 0;
  /** Unix seconds of the last successful save (LASTSAVE). */
  lastSave = Math.floor(Date.now() / 1000);
  lastSaveAttempt = 0;
  keysLoaded = 0;
  keysExpiredAtLoad = 0;
  private current: Snapshot | undefined;
  private waiters: Array<(ok: boolean) => void> = [];

  constructor(private readonly server: ServerContext) {}

  get path(): string {
    return join(this.server.config.get('dir'), this.server.config.get('dbfilename'));
  }

  get currentKeys(): { processed: number; total: number } {
    return { processed: this.current?.written ?? 0, total: this.current?.totalKeys ?? 0 };
  }

  get currentSeconds(): number {
    return this.bgsaveInProgress ? Math.floor((Date.now() - this.bgsaveStarted) / 1000) : -1;
  }

  private begin(output: AtomicFile): { snapshot: Snapshot; writer: RdbWriter } {
    const writer = new RdbWriter((chunk) => output.write(chunk));
    writer.header({ ctime: Math.floor(Date.now() / 1000), usedMem: process.memoryUsage().heapUsed, aofBase: false });
    for (const code of libraryCodes(this.server)) writer.functionLibrary(code);
    const snapshot = new Snapshot(this.server.keyspace, writer, this.server.clock.read());
    return { snapshot, writer };
  }

  private succeeded(dirtyAtStart: number): void {
    this.saves++;
    this.lastSave = Math.floor(Date.now() / 1000);
    this.server.lastSave = this.lastSave;
    // Changes made while the save ran are not in the file: they stay counted.
    this.server.keyspace.clearDirtyUpTo(dirtyAtStart);
  }

  /** SAVE: the whole snapshot now. Throws when the file cannot be written. */
  saveNow(): void {
    if (this.bgsaveInProgress) this.abandonBackground();
    const dirtyAtStart = this.server.keyspace.dirty;
    const output = new AtomicFile(this.path);
    this.lastSaveAttempt = Date.now();
    try {
      const { snapshot, writer } = this.begin(output);
      snapshot.step(Infinity);
      writer.finish();
      output.commitSync();
    } catch (error) {
      output.discard();
      this.server.log.warning(`SAVE failed: ${(error as Error).message}`);
      throw error;
    }
    this.succeeded(dirtyAtStart);
    this.server.log.notice(`DB saved on disk (${this.path})`);
  }

  /** BGSAVE: false when one is already running. `done` hears how it ended. */
  saveInBackground(done?: (ok: boolean) => void): boolean {
    if (this.bgsaveInProgress) return false;
    const dirtyAtStart = this.server.keyspace.dirty;
    let output: AtomicFile;
    let snapshot: Snapshot;
    let writer: RdbWriter;
    this.lastSaveAttempt = Date.now();
    try {
      output = new AtomicFile(this.path);
      ({ snapshot, writer } = this.begin(output));
    } catch (error) {
      this.server.log.warning(`Background saving error: ${(error as Error).message}`);
      this.lastBgsaveOk = false;
      return true;
    }
    if (done) this.waiters.push(done);
    this.bgsaveInProgress = true;
    this.bgsaveStarted = Date.now();
    this.current = snapshot;
    this.server.log.notice('Background saving started');
    const finish = (ok: boolean, error?: unknown): void => {
      if (this.current !== snapshot) return;
      this.current = undefined;
      this.bgsaveInProgress = false;
      this.lastBgsaveOk = ok;
      this.lastBgsaveSeconds = Math.round((Date.now() - this.bgsaveStarted) / 1000);
      if (ok) {
        this.succeeded(dirtyAtStart);
        this.server.log.notice('Background saving terminated with success');
      } else {
        this.server.log.warning(`Background saving error: ${(error as Error)?.message ?? error}`);
      }
      const waiters = this.waiters.splice(0);
      for (const waiter of waiters) waiter(ok);
    };
    writeInSlices({
      snapshot,
      output,
      finishWriter: () => writer.finish(),
      stillWanted: () => this.current === snapshot,
      done: finish,
    }, this.server.stats);
    return true;
  }

  /** SAVE and SHUTDOWN take over from a background save in progress. */
  abandonBackground(): void {
    const snapshot = this.current;
    if (snapshot === undefined) return;
    snapshot.release();
    this.current = undefined;
    this.bgsaveInProgress = false;
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter(false);
  }

  /** Once a second: a save point whose time and change count are both reached starts a BGSAVE. */
  cron(): void {
    if (this.bgsaveInProgress) return;
    const points = parseSavePoints(this.server.config.get('save'));
    if (points.length === 0) return;
    const dirty = this.server.keyspace.dirty;
    const elapsed = (Date.now() - this.lastSave * 1000) / 1000;
    // After a failed attempt Redis waits 5 s before trying again.
    if (!this.lastBgsaveOk && Date.now() - this.lastSaveAttempt < 5000) return;
    for (const point of points) {
      if (dirty >= point.changes && elapsed >= point.seconds) {
        this.server.log.notice(`${point.changes} changes in ${point.seconds} seconds. Saving...`);
        this.saveInBackground();
        return;
      }
    }
  }

  /** The dataset is being loaded at startup (clients get -LOADING), or undefined. */
  loading: DatasetLoading | undefined;

  /** Loading of `totalBytes` starts: commands without the `loading` flag are refused until endLoading(). */
  beginLoading(totalBytes: number): DatasetLoading {
    this.loading = new DatasetLoading(this.server, totalBytes);
    return this.loading;
  }

  endLoading(): void {
    this.loading = undefined;
  }

  /**
   * Startup: the RDB file in `dir`, if there is one, fills the keyspace, in slices between which
   * clients are answered. Rejects with a clear error for a bad file.
   */
  async load(): Promise<boolean> {
    const path = this.path;
    if (!existsSync(path)) return false;
    const loading = this.beginLoading(statSync(path).size);
    try {
      const bytes = await readFile(path);
      const keyspace = this.server.keyspace;
      const now = this.server.clock.read();
      let loaded = 0;
      let expired = 0;
      const loader = new RdbLoader(bytes, (dbIndex, key, value, expireAt) => {
        if (expireAt !== undefined && typeof expireAt === 'number' && expireAt <= now) {
          expired++;
          return;
        }
        if (dbIndex >= keyspace.databases.length) throw new Error(`${path}: the file has database ${dbIndex}; start with --databases ${dbIndex + 1} or more`);
        const db = keyspace.db(dbIndex);
        db.set(key, value);
        if (expireAt !== undefined) db.setExpire(key, expireAt);
        loaded++;
      }, this.server.encodingLimits);
      try {
        while (!loader.step(LOAD_SLICE_MS)) {
          loading.rdbUsedMem = Number(loader.info.aux.get('used-mem') ?? 0);
          this.keysLoaded = loaded;
          await loading.pause(loader.offset);
        }
      } catch (error) {
        // Name the file: the message is the one line startup prints.
        if (error instanceof RdbError) throw new Error(`${path}: ${error.message}`);
        throw error;
      }
      restoreLibraries(this.server, loader.info.functions, path);
      keyspace.clearDirtyUpTo(keyspace.dirty);
      this.keysLoaded = loaded;
      this.keysExpiredAtLoad = expired;
      this.server.log.notice(`DB loaded from disk: ${loaded} keys (${expired} expired, dropped) from ${path} in ${loading.seconds} s`);
    } finally {
      this.endLoading();
    }
    return true;
  }
}

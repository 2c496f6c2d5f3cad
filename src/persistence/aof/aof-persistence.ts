import { closeSync, constants as fsConstants, existsSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { addBeforeReplies, removeBeforeReplies } from '../../core/before-replies.js';
import type { ServerContext } from '../../core/context.js';
import type { PropagationSink } from '../../core/propagation.js';
import { AtomicFile } from '../atomic-file.js';
import { printable } from '../printable.js';
import { RdbWriter } from '../rdb/rdb-writer.js';
import { writeInSlices } from '../sliced-snapshot.js';
import { Snapshot, type SnapshotWriter } from '../snapshot.js';
import { CommandRewriter } from './command-rewriter.js';
import { AofFeed } from './aof-feed.js';
import { AofLoader, AofLoadError } from './aof-loader.js';
import { baseFileName, formatManifest, incrFileName, parseManifest, type AofFileEntry, type AofManifest } from './manifest.js';
import { libraryCodes } from '../../scripting/persisted-functions.js';

/** "ENOSPC: no space left on device, write" -> "No space left on device", as strerror words it. */
function systemErrorText(error: NodeJS.ErrnoException): string {
  const match = /^[A-Z0-9]+: ([^,]+)/.exec(error.message ?? '');
  const text = match?.[1] ?? String(error.message ?? error);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const APPEND_FRESH = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_APPEND;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The append-only file in Redis 7's multi-part layout: `<dir>/<appenddirname>/` holds a manifest,
 * one base file (an RDB image, written by a rewrite) and incremental files of the commands
 * executed since. Every command the server propagates is encoded by an AofFeed and written at the
 * end of the event-loop turn, before that turn's replies go out; the fsync policy decides when it
 * reaches the disk.
 */
export class AofPersistence {
  /** Appending to the log (appendonly yes and started). */
  enabled = false;
  lastWriteOk = true;
  private lastWriteErrorLogged = 0;
  lastWriteError = '';
  rewriteInProgress = false;
  rewriteScheduled = false;
  /** The AOF was turned on and its first base is not written yet. */
  private waitingForBase = false;
  /** BGSAVE SCHEDULE during a rewrite: the save starts when the rewrite ends. */
  bgsaveScheduled = false;
  lastBgrewriteOk = true;
  lastRewriteSeconds = -1;
  rewrites = 0;
  consecutiveFailures = 0;
  /** Bytes of the base file and of all the AOF files (aof_base_size, aof_current_size). */
  baseSize = 0;
  currentSize = 0;
  /** aof_current_size right after the last rewrite or load: auto-aof-rewrite grows from here. */
  private rewriteBaseSize = 0;
  private rewriteStarted = 0;
  private readonly feed = new AofFeed();
  private manifest: AofManifest | undefined;
  private fd: number | undefined;
  private writeScheduled = false;
  /** Bytes a failed write could not put in the file, retried first. */
  private unwritten: Buffer | undefined;
  /** Size of the open incremental file. */
  private incrSize = 0;
  private unsynced = false;
  private fsyncInFlight: number | undefined;
  private closeAfterFsync: number | undefined;
  private fsyncTimer: NodeJS.Timeout | undefined;
  private snapshot: Snapshot | undefined;
  private readonly sink: PropagationSink;

  constructor(private readonly server: ServerContext) {
    this.sink = {
      feed: (dbIndex, argv) => {
        this.feed.feed(dbIndex, argv);
        if (!this.writeScheduled) {
          this.writeScheduled = true;
          setImmediate(this.writePending);
        }
      },
    };
  }

  get directory(): string {
    return join(this.server.config.get('dir'), this.server.config.get('appenddirname'));
  }

  private get prefix(): string {
    return this.server.config.get('appendfilename');
  }

  private get manifestPath(): string {
    return join(this.directory, `${this.prefix}.manifest`);
  }

  /** There is an AOF to load (a manifest in the AOF directory). */
  exists(): boolean {
    return existsSync(this.manifestPath);
  }

  /** Logged and not yet written (aof_buffer_length). */
  get pendingBytes(): number {
    return this.feed.pendingBytes;
  }

  get fsyncPending(): boolean {
    return this.fsyncInFlight !== undefined;
  }

  get rewriteSeconds(): number {
    return this.rewriteInProgress ? Math.floor((Date.now() - this.rewriteStarted) / 1000) : -1;
  }

  /**
   * Startup: base then incremental files, replayed in slices (clients get -LOADING meanwhile).
   * Rejects with AofLoadError (or a manifest error) on bad files.
   */
  async load(): Promise<void> {
    const manifest = parseManifest(readFileSync(this.manifestPath, 'latin1'), this.manifestPath);
    const dir = this.directory;
    const files = [...(manifest.base === undefined ? [] : [manifest.base]), ...manifest.incrs];
    const loading = this.server.persistence.beginLoading(files.reduce((sum, entry) => sum + fileSize(join(dir, entry.name)), 0));
    try {
      const loader = new AofLoader(this.server, loading);
      let size = 0;
      if (manifest.base !== undefined) {
        const path = join(dir, manifest.base.name);
        if (!existsSync(path)) throw new AofLoadError(`${this.manifestPath} names ${printable(manifest.base.name, 200)}, which does not exist`);
        await loader.loadBase(path, manifest.incrs.length === 0);
        this.baseSize = fileSize(path);
        size += this.baseSize;
      }
      for (let index = 0; index < manifest.incrs.length; index++) {
        const entry = manifest.incrs[index]!;
        const path = join(dir, entry.name);
        if (!existsSync(path)) {
          // A crash right after the manifest named a new incremental file may leave it uncreated.
          if (index === manifest.incrs.length - 1) continue;
          throw new AofLoadError(`${this.manifestPath} names ${printable(entry.name, 200)}, which does not exist`);
        }
        await loader.loadIncr(path, index === manifest.incrs.length - 1);
        size += fileSize(path);
      }
      this.manifest = manifest;
      this.currentSize = size;
      this.rewriteBaseSize = size;
      const keyspace = this.server.keyspace;
      keyspace.clearDirtyUpTo(keyspace.dirty);
      this.server.log.notice(`DB loaded from append only file: ${loader.keysFromRdb} keys from the base, ${loader.commands} commands replayed, in ${loading.seconds} s`);
    } finally {
      this.server.persistence.endLoading();
    }
  }

  /**
   * Startup, appendonly yes: true when there is an AOF to load. A Redis 6 single-file AOF
   * (`<dir>/<appendfilename>`, no manifest yet) is first adopted as Redis 7 does: a manifest naming
   * it as the base (seq 1) is written, then the file is moved into the AOF directory. A crash
   * between those two steps is finished on the next start (the manifest names only that base and
   * the file is still outside).
   */
  prepareToLoad(): boolean {
    const oldStyle = join(this.server.config.get('dir'), this.prefix);
    const inside = join(this.directory, this.prefix);
    if (existsSync(oldStyle) && statSync(oldStyle).isFile()) {
      const manifest = this.exists() ? parseManifest(readFileSync(this.manifestPath, 'latin1'), this.manifestPath) : undefined;
      const halfDone = manifest !== undefined && manifest.incrs.length === 0 && manifest.base?.name === this.prefix && !existsSync(inside);
      if (manifest === undefined || halfDone) {
        mkdirSync(this.directory, { recursive: true });
        if (manifest === undefined) this.writeManifest({ base: { name: this.prefix, seq: 1, type: 'b' }, incrs: [], history: [] });
        renameSync(oldStyle, inside);
        this.server.log.notice(`Adopted the Redis 6 single-file AOF ${oldStyle} as the base of ${this.directory}`);
      }
    }
    return this.exists();
  }

  /**
   * Starts appending. With an AOF already loaded it appends to its last incremental file;
   * otherwise a first base is written now from the dataset (what an RDB load brought, or nothing).
   */
  enable(background = false): boolean {
    if (this.enabled) return true;
    this.abandonRewrite();
    try {
      mkdirSync(this.directory, { recursive: true });
      if (this.manifest === undefined && this.exists()) this.manifest = parseManifest(readFileSync(this.manifestPath, 'latin1'), this.manifestPath);
      // Set first: the first rewrite keeps its new incremental file open for appending.
      this.enabled = true;
      if (this.manifest === undefined || background) {
        // At run time (CONFIG SET appendonly yes) the dataset may hold writes no AOF file has, so a
        // base is written in the background (as in Redis); until it is complete no manifest names
        // the new files, and a failed attempt is retried (see rewrite()).
        this.waitingForBase = true;
        this.rewrite(background);
      } else if (this.manifest.incrs.length === 0) {
        // A base alone (BGREWRITEAOF while appendonly was no, or an adopted Redis 6 file): the
        // writes from now on go to a first incremental file.
        const incr: AofFileEntry = { name: incrFileName(this.prefix, 1), seq: 1, type: 'i' };
        const next: AofManifest = { base: this.manifest.base, incrs: [incr], history: this.manifest.history };
        this.openIncr(join(this.directory, incr.name), true);
        this.writeManifest(next);
        this.manifest = next;
      } else {
        const last = this.manifest.incrs[this.manifest.incrs.length - 1]!;
        this.openIncr(join(this.directory, last.name));
      }
    } catch (error) {
      // Nothing was turned on: no file is appended to, and CONFIG SET answers an error (startup fails).
      this.enabled = false;
      this.waitingForBase = false;
      this.rewriteScheduled = false;
      this.abandonRewrite();
      this.closeIncr(false);
      this.lastBgrewriteOk = false;
      this.server.log.warning(`Cannot turn the append only file on in ${this.directory}: ${(error as Error).message}`);
      if (!background) throw error;
      return false;
    }
    this.server.propagation = this.sink;
    addBeforeReplies(this.writePending);
    this.fsyncTimer = setInterval(() => this.fsyncEverySecond(), 1000);
    this.fsyncTimer.unref();
    return true;
  }

  /** appendonly no: what was logged is flushed and synced, then nothing more is appended. */
  disable(): void {
    if (!this.enabled) return;
    this.writePending();
    this.enabled = false;
    this.waitingForBase = false;
    this.rewriteScheduled = false;
    this.server.propagation = undefined;
    removeBeforeReplies(this.writePending);
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    this.fsyncTimer = undefined;
    this.abandonRewrite();
    this.closeIncr(true);
  }

  /** `fresh`: a file no manifest names yet, so anything already there (a crashed attempt's) is dropped. */
  private openIncr(path: string, fresh = false): void {
    // Always O_APPEND: after a failed write is cut off with ftruncate, the next write lands at the new end.
    this.fd = openSync(path, fresh ? APPEND_FRESH : 'a', 0o644);
    this.incrSize = fstatSync(this.fd).size;
    this.feed.forgetSelectedDb();
  }

  private closeIncr(sync: boolean): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      if (sync) fsyncSync(fd);
    } catch {
      // the data was written; a failed final fsync is reported by the OS, nothing to retry here
    }
    if (this.fsyncInFlight === fd) this.closeAfterFsync = fd;
    else closeSync(fd);
  }

  /** Writes what the turn's commands logged; with appendfsync always, fsyncs it too. */
  readonly writePending = (): void => {
    this.writeScheduled = false;
    const fd = this.fd;
    if (fd === undefined || (this.feed.pendingBytes === 0 && this.unwritten === undefined)) return;
    const fresh = this.feed.pendingBytes === 0 ? undefined : this.feed.take();
    // What a failed write left behind goes first: the log stays in order.
    const bytes = this.unwritten === undefined ? fresh! : fresh === undefined ? this.unwritten : Buffer.concat([this.unwritten, fresh]);
    this.unwritten = undefined;
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      this.incrSize += bytes.length;
      this.currentSize += bytes.length;
      // fdatasync, as Redis on Linux: the data and the size, not the timestamps.
      if (this.server.config.get('appendfsync') === 'always') fdatasyncSync(fd);
      else this.unsynced = true;
      if (!this.lastWriteOk) this.server.log.warning('AOF write error looks solved, Redis can write again.');
      this.lastWriteOk = true;
    } catch (error) {
      if (this.server.config.get('appendfsync') === 'always') {
        // The turn's replies (OK to writes that are not on disk) are about to go out and its changes
        // cannot be undone: as Redis does, the process ends before any of them leaves.
        this.server.log.warning(`AOF write or fsync failed with appendfsync always (${systemErrorText(error as NodeJS.ErrnoException)}): exiting so that no unsaved write is acknowledged`);
        process.exit(1);
      }
      // Keep the bytes for the next attempt and cut a partial write off, so the file never holds half a command.
      if (offset < bytes.length) {
        this.unwritten = bytes;
        try {
          if (offset > 0) ftruncateSync(fd, this.incrSize);
        } catch {
          this.server.log.warning('could not remove a partial write from the AOF file');
        }
      } else {
        this.incrSize += bytes.length;
        this.currentSize += bytes.length;
      }
      // Every turn with replies retries the write: the failure is logged once, then every 30 s (as Redis).
      if (this.lastWriteOk || Date.now() - this.lastWriteErrorLogged >= 30_000) {
        this.lastWriteErrorLogged = Date.now();
        this.server.log.warning(`Error writing to the AOF file: ${systemErrorText(error as NodeJS.ErrnoException)}`);
      }
      this.lastWriteOk = false;
      this.lastWriteError = systemErrorText(error as NodeJS.ErrnoException);
    }
  };

  /** everysec: one asynchronous fsync per second, off the hot path. */
  private fsyncEverySecond(): void {
    const fd = this.fd;
    if (!this.unsynced || fd === undefined || this.fsyncInFlight !== undefined) return;
    if (this.server.config.get('appendfsync') !== 'everysec') return;
    this.unsynced = false;
    this.fsyncInFlight = fd;
    fdatasync(fd, (error) => {
      this.fsyncInFlight = undefined;
      if (this.closeAfterFsync === fd) {
        this.closeAfterFsync = undefined;
        closeSync(fd);
      }
      if (error) {
        this.lastWriteOk = false;
        this.lastWriteError = error.message;
        this.server.log.warning(`error fsyncing the AOF file: ${error.message}`);
      }
    });
  }

  private writeManifest(manifest: AofManifest): void {
    const output = new AtomicFile(this.manifestPath);
    try {
      output.write(Buffer.from(formatManifest(manifest), 'latin1'));
      output.commitSync();
    } catch (error) {
      output.discard();
      throw error;
    }
  }

  /**
   * Rewrites the AOF: a new incremental file takes the writes from this moment, a new base holds
   * the dataset as it is now (a copy-on-write snapshot), and once the base is on disk the manifest
   * switches to the pair and the old files are deleted. Until then the manifest lists the old base,
   * the old incremental files and the new one, so a crash at any point loses nothing.
   * Returns false when a rewrite is already running.
   */
  rewrite(background: boolean, done?: (ok: boolean) => void): boolean {
    if (this.rewriteInProgress) return false;
    const dir = this.directory;
    mkdirSync(dir, { recursive: true });
    const old = this.manifest;
    const lastIncr = old?.incrs[old.incrs.length - 1];
    const baseSeq = (old?.base?.seq ?? 0) + 1;
    const preamble = this.server.config.getBool('aof-use-rdb-preamble');
    const base: AofFileEntry = { name: baseFileName(this.prefix, baseSeq, preamble), seq: baseSeq, type: 'b' };
    // Appending: switch to a new incremental file first, so every write from here is in it.
    // Not appending (BGREWRITEAOF with appendonly no): the new AOF is a base alone, as in Redis.
    let incr: AofFileEntry | undefined;
    if (this.enabled) {
      const seq = (lastIncr?.seq ?? 0) + 1;
      incr = { name: incrFileName(this.prefix, seq), seq, type: 'i' };
      this.writePending();
      this.closeIncr(true);
      this.openIncr(join(dir, incr.name), true);
      // While the AOF is being turned on, the old files lack writes made while it was off: the
      // manifest keeps naming them alone until the new base is complete.
      if (old !== undefined && !this.waitingForBase) {
        const during: AofManifest = { base: old.base, incrs: [...old.incrs, incr], history: [] };
        this.writeManifest(during);
        this.manifest = during;
      }
    }
    const output = new AtomicFile(join(dir, base.name));
    let writer: SnapshotWriter & { finish(): void; functionLibrary(code: string): void };
    if (preamble) {
      const rdb = new RdbWriter((chunk) => output.write(chunk));
      rdb.header({ ctime: Math.floor(Date.now() / 1000), usedMem: process.memoryUsage().heapUsed, aofBase: true });
      writer = rdb;
    } else {
      writer = new CommandRewriter((chunk) => output.write(chunk));
    }
    for (const code of libraryCodes(this.server)) writer.functionLibrary(code);
    const snapshot = new Snapshot(this.server.keyspace, writer, this.server.clock.read());
    this.snapshot = snapshot;
    this.rewriteInProgress = true;
    this.rewriteStarted = Date.now();
    const finish = (ok: boolean, error?: unknown): void => {
      if (this.snapshot !== snapshot) return;
      this.snapshot = undefined;
      this.rewriteInProgress = false;
      this.lastRewriteSeconds = Math.round((Date.now() - this.rewriteStarted) / 1000);
      this.lastBgrewriteOk = ok;
      if (ok) {
        try {
          this.completeRewrite(base, incr, old);
        } catch (failure) {
          ok = false;
          error = failure;
        }
      }
      if (ok) {
        this.rewrites++;
        this.consecutiveFailures = 0;
        this.waitingForBase = false;
        this.server.log.notice('Background AOF rewrite finished successfully');
      } else {
        this.consecutiveFailures++;
        this.lastBgrewriteOk = false;
        this.server.log.warning(`Background AOF rewrite failed: ${(error as Error)?.message ?? error}`);
        // Turning the AOF on needs a base: try again from the cron, as Redis does.
        if (this.waitingForBase && this.enabled) this.rewriteScheduled = true;
      }
      done?.(ok);
      if (this.bgsaveScheduled) {
        this.bgsaveScheduled = false;
        this.server.persistence.saveInBackground();
      }
    };
    if (!background) {
      try {
        snapshot.step(Infinity);
        writer.finish();
        output.commitSync();
      } catch (error) {
        snapshot.release();
        output.discard();
        finish(false, error);
        throw error;
      }
      finish(true);
      return true;
    }
    this.server.log.notice('Background append only file rewriting started');
    writeInSlices({
      snapshot,
      output,
      finishWriter: () => writer.finish(),
      stillWanted: () => this.snapshot === snapshot,
      done: finish,
    }, this.server.stats);
    return true;
  }

  private completeRewrite(base: AofFileEntry, incr: AofFileEntry | undefined, old: AofManifest | undefined): void {
    const dir = this.directory;
    // Incremental files from the switch on (one: a single rewrite runs at a time).
    const incrs = incr === undefined ? [] : (this.manifest?.incrs ?? [incr]).filter((entry) => entry.seq >= incr.seq);
    if (incr !== undefined && incrs.length === 0) incrs.push(incr);
    const next: AofManifest = { base, incrs, history: [] };
    this.writeManifest(next);
    this.manifest = next;
    const obsolete = [...(old?.base ? [old.base] : []), ...(old?.incrs ?? []), ...(old?.history ?? [])];
    for (const entry of obsolete) {
      if (entry.name === base.name || next.incrs.some((e) => e.name === entry.name)) continue;
      try {
        unlinkSync(join(dir, entry.name));
      } catch {
        // already gone
      }
    }
    this.baseSize = fileSize(join(dir, base.name));
    this.currentSize = this.baseSize + next.incrs.reduce((sum, e) => sum + fileSize(join(dir, e.name)), 0);
    this.rewriteBaseSize = this.currentSize;
  }

  private abandonRewrite(): void {
    const snapshot = this.snapshot;
    if (snapshot === undefined) return;
    snapshot.release();
    this.snapshot = undefined;
    this.rewriteInProgress = false;
  }

  /** Once a second: a scheduled rewrite whose BGSAVE is over, and auto-aof-rewrite. */
  cron(bgsaveRunning: boolean): void {
    if (this.unwritten !== undefined) this.writePending();
    if (this.rewriteInProgress || bgsaveRunning) return;
    if (this.rewriteScheduled) {
      this.rewriteScheduled = false;
      this.rewrite(true);
      return;
    }
    if (!this.enabled) return;
    const percentage = this.server.config.getNumber('auto-aof-rewrite-percentage');
    const minSize = this.server.config.getNumber('auto-aof-rewrite-min-size');
    if (percentage <= 0 || this.currentSize < minSize) return;
    const base = this.rewriteBaseSize === 0 ? 1 : this.rewriteBaseSize;
    const growth = Math.floor(((this.currentSize - base) * 100) / base);
    if (growth >= percentage) {
      this.server.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
      this.rewrite(true);
    }
  }

  /** Shutdown: everything logged is written and on disk. */
  close(): void {
    if (!this.enabled) return;
    this.disable();
  }
}

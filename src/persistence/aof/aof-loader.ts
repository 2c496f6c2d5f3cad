import { ftruncateSync, closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { dispatch } from '../../core/dispatch.js';
import type { Reply } from '../../core/reply.js';
import { Session, type SessionTransport } from '../../core/session.js';
import { RdbLoader } from '../rdb/rdb-reader.js';
import { LoadAborted, LOAD_SLICE_MS, type DatasetLoading } from '../loading.js';
import { readAofCommands, type AofReadEnd } from './command-reader.js';
import { printable } from '../printable.js';
import { restoreLibraries } from '../../scripting/persisted-functions.js';

/** A file of the AOF cannot be loaded: startup stops, and nothing is overwritten. */
export class AofLoadError extends Error {
  override name = 'AofLoadError';
}

const noop = (): void => {};
/** Replies of replayed commands go nowhere. */
const NULL_REPLY: Reply = {
  protocol: 2, ok: noop, simple: noop, error: noop, int: noop, bulk: noop, nil: noop, nilArray: noop, array: noop,
  map: noop, set: noop, double: noop, bool: noop, verbatim: noop, bigNumber: noop, push: noop,
};

const LOADER_TRANSPORT: SessionTransport = {
  kind: 'internal', remoteAddress: '', localAddress: '', fd: -1,
  close: noop, queryBufferLength: () => 0, pendingReplyBytes: () => 0, outputBufferLength: () => 0,
};

/** Commands replayed between two looks at the clock. */
const COMMANDS_PER_CLOCK_CHECK = 64;

/**
 * Replays AOF files into the server through the ordinary command path, as a hidden client, in
 * slices between which the event loop runs (see DatasetLoading).
 */
export class AofLoader {
  private readonly ctx: CommandContext;
  commands = 0;
  keysFromRdb = 0;

  constructor(private readonly server: ServerContext, private readonly loading: DatasetLoading) {
    const session = new Session(0, LOADER_TRANSPORT, server.keyspace.db(0), true, Date.now());
    this.ctx = { argv: [], session, db: session.db, reply: NULL_REPLY, server, spec: undefined!, denyBlocking: true };
  }

  /**
   * A base file: an RDB image (the preamble) or commands. A Redis 6 single-file AOF adopted as the
   * base may hold both: the RDB image, then the commands logged after it. `last`: no incremental
   * file follows, so a truncated tail may be repaired.
   */
  async loadBase(path: string, last: boolean): Promise<void> {
    const bytes = await readFile(path);
    let start = 0;
    if (bytes.length >= 5 && bytes.latin1Slice(0, 5) === 'REDIS') start = await this.loadRdbPreamble(bytes, path);
    if (start < bytes.length) await this.replay(bytes, path, last, start);
    this.loading.fileDone(bytes.length);
  }

  /** An incremental file; `last` allows repairing a truncated tail (aof-load-truncated). */
  async loadIncr(path: string, last: boolean): Promise<void> {
    const bytes = await readFile(path);
    await this.replay(bytes, path, last, 0);
    this.loading.fileDone(bytes.length);
  }

  /** Loads the RDB image at the start of `bytes`; returns where it ends. */
  private async loadRdbPreamble(bytes: Buffer, path: string): Promise<number> {
    const keyspace = this.server.keyspace;
    const now = this.server.clock.read();
    try {
      const loader = new RdbLoader(bytes, (dbIndex, key, value, expireAt) => {
        if (expireAt !== undefined && typeof expireAt === 'number' && expireAt <= now) return;
        if (dbIndex >= keyspace.databases.length) throw new Error(`the file has database ${dbIndex}; start with --databases ${dbIndex + 1} or more`);
        const db = keyspace.db(dbIndex);
        db.set(key, value);
        if (expireAt !== undefined) db.setExpire(key, expireAt);
        this.keysFromRdb++;
      }, this.server.encodingLimits);
      while (!loader.step(LOAD_SLICE_MS)) {
        this.loading.rdbUsedMem = Number(loader.info.aux.get('used-mem') ?? 0);
        await this.loading.pause(loader.offset);
      }
      restoreLibraries(this.server, loader.info.functions, path);
      return loader.end;
    } catch (error) {
      if (error instanceof LoadAborted) throw error;
      throw new AofLoadError(`cannot load the AOF base ${path}: ${printable((error as Error).message, 300)}`);
    }
  }

  private async replay(bytes: Buffer, path: string, last: boolean, start: number): Promise<void> {
    const ctx = this.ctx;
    const session = ctx.session;
    session.db = this.server.keyspace.db(0);
    /** Where the open MULTI began: a transaction cut by the end of the file is dropped whole. */
    let multiAt = -1;
    let deadline = 0;
    let countdown = COMMANDS_PER_CLOCK_CHECK;
    const visit = (argv: string[], offset: number): boolean => {
      const name = argv[0]!.toLowerCase();
      if (this.server.commands.lookup(name) === undefined) {
        throw new AofLoadError(`unknown command '${printable(argv[0]!)}' in the append only file ${path} at offset ${offset}`);
      }
      if (name === 'multi') multiAt = offset;
      else if (name === 'exec') multiAt = -1;
      ctx.argv = argv;
      void dispatch(ctx);
      this.commands++;
      if (--countdown !== 0) return true;
      countdown = COMMANDS_PER_CLOCK_CHECK;
      return performance.now() < deadline;
    };
    let end: AofReadEnd;
    for (let from = start; ; ) {
      deadline = performance.now() + LOAD_SLICE_MS;
      end = readAofCommands(bytes, from, visit);
      if (end.kind !== 'paused') break;
      from = end.offset;
      await this.loading.pause(from);
    }
    let validUpTo = bytes.length;
    if (end.kind === 'corrupt') {
      throw new AofLoadError(
        `bad file format reading the append only file ${path} at offset ${end.offset} (${end.reason}); ` +
          `make a backup of it, then repair it with 'redis-check-aof --fix ${path}'`,
      );
    }
    if (end.kind === 'truncated') validUpTo = end.validUpTo;
    if (multiAt !== -1) validUpTo = Math.min(validUpTo, multiAt);
    // A transaction left open is discarded: nothing of it ran.
    session.transaction = undefined;
    if (validUpTo === bytes.length) return;
    if (!last || !this.server.config.getBool('aof-load-truncated')) {
      throw new AofLoadError(
        `the append only file ${path} ends with an incomplete command (at offset ${validUpTo} of ${bytes.length}); ` +
          `set aof-load-truncated yes to drop it, or repair it with 'redis-check-aof --fix ${path}'`,
      );
    }
    this.server.log.warning(`!!! the append only file ${path} was truncated: dropping the last ${bytes.length - validUpTo} bytes (an incomplete command) and truncating the file to ${validUpTo} bytes`);
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, validUpTo);
    } finally {
      closeSync(fd);
    }
  }
}

import { ftruncateSync, closeSync, openSync, readFileSync } from 'node:fs';
import type { CommandContext, ServerContext } from '../../core/context.js';
import { dispatch } from '../../core/dispatch.js';
import type { Reply } from '../../core/reply.js';
import { Session, type SessionTransport } from '../../core/session.js';
import { loadRdb } from '../rdb/rdb-reader.js';
import { readAofCommands } from './command-reader.js';

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

/** Replays AOF files into the server through the ordinary command path, as a hidden client. */
export class AofLoader {
  private readonly ctx: CommandContext;
  commands = 0;
  keysFromRdb = 0;

  constructor(private readonly server: ServerContext) {
    const session = new Session(0, LOADER_TRANSPORT, server.keyspace.db(0), true, Date.now());
    this.ctx = { argv: [], session, db: session.db, reply: NULL_REPLY, server, spec: undefined!, denyBlocking: true };
  }

  /** A base file: an RDB image (the preamble) or commands. */
  loadBase(path: string): void {
    const bytes = readFileSync(path);
    if (bytes.length >= 5 && bytes.latin1Slice(0, 5) === 'REDIS') {
      this.loadRdbPreamble(bytes, path);
      return;
    }
    this.replay(bytes, path, false);
  }

  /** An incremental file; `last` allows repairing a truncated tail (aof-load-truncated). */
  loadIncr(path: string, last: boolean): void {
    this.replay(readFileSync(path), path, last);
  }

  private loadRdbPreamble(bytes: Buffer, path: string): void {
    const keyspace = this.server.keyspace;
    const now = this.server.clock.read();
    try {
      loadRdb(bytes, (dbIndex, key, value, expireAt) => {
        if (expireAt !== undefined && typeof expireAt === 'number' && expireAt <= now) return;
        if (dbIndex >= keyspace.databases.length) throw new Error(`the file has database ${dbIndex}; start with --databases ${dbIndex + 1} or more`);
        const db = keyspace.db(dbIndex);
        db.set(key, value);
        if (expireAt !== undefined) db.setExpire(key, expireAt);
        this.keysFromRdb++;
      }, this.server.encodingLimits);
    } catch (error) {
      throw new AofLoadError(`cannot load the AOF base ${path}: ${(error as Error).message}`);
    }
  }

  private replay(bytes: Buffer, path: string, last: boolean): void {
    const ctx = this.ctx;
    const session = ctx.session;
    session.db = this.server.keyspace.db(0);
    /** Where the open MULTI began: a transaction cut by the end of the file is dropped whole. */
    let multiAt = -1;
    const end = readAofCommands(bytes, 0, (argv, offset) => {
      const name = argv[0]!.toLowerCase();
      if (this.server.commands.lookup(name) === undefined) {
        throw new AofLoadError(`unknown command '${argv[0]}' in the append only file ${path} at offset ${offset}`);
      }
      if (name === 'multi') multiAt = offset;
      else if (name === 'exec') multiAt = -1;
      ctx.argv = argv;
      void dispatch(ctx);
      this.commands++;
    });
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

/**
 * Loads RDB files (versions 1 to 12) and RESTORE payloads into engine values. Anything this
 * reader cannot load (a newer version, an unknown type or opcode, a truncated or corrupt file, a
 * wrong checksum) throws an RdbError naming the problem and the byte offset.
 */

import type { Deadline } from '../../engine/database.js';
import type { EncodingLimits } from '../../engine/encoding-limits.js';
import type { StoredValue } from '../../engine/values.js';
import { ByteReader } from './byte-reader.js';
import { Crc64, crc64 } from './crc64.js';
import * as F from './format.js';
import { RdbError } from './rdb-error.js';
import { EmptyKey, readValue } from './value-reader.js';

export interface RdbDatabaseInfo {
  index: number;
  /** Sizes announced by RESIZEDB (0 when the file has none). */
  announcedKeys: number;
  announcedExpires: number;
  /** Keys handed to the visitor. */
  loadedKeys: number;
}

export interface RdbInfo {
  version: number;
  aux: Map<string, string>;
  /** Function library code (FUNCTION2), kept aside. */
  functions: string[];
  databases: RdbDatabaseInfo[];
  loadedKeys: number;
  /** Empty collections skipped, as Redis skips them. */
  skippedEmptyKeys: number;
  /** The file's checksum as stored (0n: not computed), or undefined before version 5. */
  checksum: bigint | undefined;
}

export type RdbVisitor = (db: number, key: string, value: StoredValue, expireAtMs: Deadline | undefined) => void;

/** Entries read between two looks at the clock in a time-bounded step. */
const ENTRIES_PER_CLOCK_CHECK = 128;

/**
 * Reads an RDB file entry by entry in steps, so a long load can give the event loop back between
 * them (clients then get -LOADING instead of silence).
 */
export class RdbLoader {
  readonly info: RdbInfo;
  private readonly reader: ByteReader;
  private db = 0;
  private database: RdbDatabaseInfo = { index: 0, announcedKeys: 0, announcedExpires: 0, loadedKeys: 0 };
  private expireAtMs: Deadline | undefined;
  /** Byte offset just past the file (the checksum included) once done. */
  end = -1;
  /** The checksum of the bytes read so far, brought up to date at the end of each step. */
  private readonly crc = new Crc64();
  private crcDone = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly visit: RdbVisitor,
    private readonly limits: EncodingLimits,
    private readonly options: { verifyChecksum?: boolean } = {},
  ) {
    this.reader = new ByteReader(bytes);
    if (bytes.length < 9 || bytes.latin1Slice(0, 5) !== 'REDIS') throw new RdbError('not an RDB file (no REDIS signature)', 0);
    const versionText = bytes.latin1Slice(5, 9);
    if (!/^[0-9]{4}$/.test(versionText)) throw new RdbError(`invalid RDB version "${versionText}"`, 5);
    const version = Number(versionText);
    if (version < F.RDB_MIN_READ_VERSION || version > F.RDB_MAX_READ_VERSION) {
      throw new RdbError(`unsupported RDB version ${version} (this reader handles 1 to ${F.RDB_MAX_READ_VERSION})`, 5);
    }
    this.reader.offset = 9;
    this.info = { version, aux: new Map(), functions: [], databases: [], loadedKeys: 0, skippedEmptyKeys: 0, checksum: undefined };
  }

  /** Bytes read so far. */
  get offset(): number {
    return this.reader.offset;
  }

  /** Reads until the end of the file or until `budgetMs` has passed; true once the whole file is read. */
  step(budgetMs = Infinity): boolean {
    if (this.end !== -1) return true;
    const { reader, info, limits } = this;
    const deadline = budgetMs === Infinity ? Infinity : performance.now() + budgetMs;
    let countdown = ENTRIES_PER_CLOCK_CHECK;
    for (;;) {
      if (--countdown === 0) {
        if (performance.now() >= deadline) {
          this.checksumUpTo(reader.offset);
          return false;
        }
        countdown = ENTRIES_PER_CLOCK_CHECK;
      }
      const at = reader.offset;
      const type = reader.byte();
      if (type === F.OPCODE_EOF) break;
      switch (type) {
        case F.OPCODE_EXPIRETIME:
          this.expireAtMs = reader.int32LE() * 1000;
          continue;
        case F.OPCODE_EXPIRETIME_MS:
          this.expireAtMs = reader.int64LE();
          continue;
        case F.OPCODE_FREQ:
          reader.byte();
          continue;
        case F.OPCODE_IDLE:
          reader.lengthU64();
          continue;
        case F.OPCODE_SELECTDB:
          this.db = reader.length();
          this.database = { index: this.db, announcedKeys: 0, announcedExpires: 0, loadedKeys: 0 };
          info.databases.push(this.database);
          continue;
        case F.OPCODE_RESIZEDB:
          this.database.announcedKeys = reader.length();
          this.database.announcedExpires = reader.length();
          continue;
        case F.OPCODE_SLOT_INFO:
          reader.length();
          reader.length();
          reader.length();
          continue;
        case F.OPCODE_AUX: {
          const name = reader.string();
          info.aux.set(name, reader.string());
          continue;
        }
        case F.OPCODE_FUNCTION2:
          info.functions.push(reader.string());
          continue;
        case F.OPCODE_FUNCTION_PRE_GA:
          throw new RdbError('pre-release function format (opcode 246) is not supported', at);
        case F.OPCODE_MODULE_AUX:
          throw new RdbError('module auxiliary data (opcode 247) is not supported: modules are not available', at);
        default:
          break;
      }
      if (type > F.TYPE_HASH_LISTPACK_EX) throw new RdbError(`unknown opcode or value type ${type}`, at);
      const key = reader.string();
      let value: StoredValue;
      try {
        value = readValue(type, reader, limits);
      } catch (error) {
        if (!(error instanceof EmptyKey)) throw error;
        info.skippedEmptyKeys++;
        this.expireAtMs = undefined;
        continue;
      }
      if (info.databases.length === 0) info.databases.push(this.database);
      this.visit(this.db, key, value, this.expireAtMs);
      this.database.loadedKeys++;
      info.loadedKeys++;
      this.expireAtMs = undefined;
    }
    if (info.version >= 5) {
      const at = reader.offset;
      const stored = reader.raw(8);
      const value = stored.readBigUInt64LE(0);
      info.checksum = value;
      if (value !== 0n && this.options.verifyChecksum !== false) {
        this.checksumUpTo(at);
        const computed = this.crc.value();
        if (computed !== value) {
          throw new RdbError(`checksum mismatch (file says ${value.toString(16)}, data gives ${computed.toString(16)})`, at);
        }
      }
    }
    this.end = reader.offset;
    return true;
  }

  private checksumUpTo(offset: number): void {
    if (this.options.verifyChecksum === false) return;
    this.crc.update(this.bytes, this.crcDone, offset);
    this.crcDone = offset;
  }
}

export function loadRdb(bytes: Buffer, visit: RdbVisitor, limits: EncodingLimits, options: { verifyChecksum?: boolean } = {}): RdbInfo {
  const loader = new RdbLoader(bytes, visit, limits, options);
  loader.step();
  return loader.info;
}

export const ERR_DUMP_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';
export const ERR_BAD_DATA_FORMAT = 'ERR Bad data format';

/** Checks a DUMP payload's footer: at least 10 bytes, a version this reader knows, the CRC-64. */
export function verifyDumpPayload(bytes: Buffer): boolean {
  if (bytes.length < 10) return false;
  const footer = bytes.length - 10;
  const version = bytes.readUInt16LE(footer);
  if (version > F.RDB_MAX_READ_VERSION) return false;
  return crc64(bytes, 0, footer + 2).value() === bytes.readBigUInt64LE(footer + 2);
}

/** What RESTORE gets from a payload: the value, or the error reply Redis gives for it. */
export type RestoreResult = { value: StoredValue; error?: undefined } | { value?: undefined; error: string };

export function restorePayload(bytes: Buffer, limits: EncodingLimits): RestoreResult {
  if (!verifyDumpPayload(bytes)) return { error: ERR_DUMP_PAYLOAD };
  const reader = new ByteReader(bytes.subarray(0, bytes.length - 10));
  try {
    const type = reader.byte();
    if (type > F.TYPE_HASH_LISTPACK_EX || (type >= F.TYPE_MODULE_PRE_GA && type <= 8)) return { error: ERR_BAD_DATA_FORMAT };
    return { value: readValue(type, reader, limits) };
  } catch (error) {
    if (error instanceof RdbError || error instanceof EmptyKey) return { error: ERR_BAD_DATA_FORMAT };
    throw error;
  }
}

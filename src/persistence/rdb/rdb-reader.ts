/**
 * Loads RDB files (versions 1 to 12) and RESTORE payloads into engine values. Anything this
 * reader cannot load (a newer version, an unknown type or opcode, a truncated or corrupt file, a
 * wrong checksum) throws an RdbError naming the problem and the byte offset.
 */

import type { Deadline } from '../../engine/database.js';
import type { EncodingLimits } from '../../engine/encoding-limits.js';
import type { StoredValue } from '../../engine/values.js';
import { ByteReader } from './byte-reader.js';
import { crc64 } from './crc64.js';
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

export function loadRdb(bytes: Buffer, visit: RdbVisitor, limits: EncodingLimits, options: { verifyChecksum?: boolean } = {}): RdbInfo {
  const reader = new ByteReader(bytes);
  if (bytes.length < 9 || bytes.latin1Slice(0, 5) !== 'REDIS') throw new RdbError('not an RDB file (no REDIS signature)', 0);
  const versionText = bytes.latin1Slice(5, 9);
  if (!/^[0-9]{4}$/.test(versionText)) throw new RdbError(`invalid RDB version "${versionText}"`, 5);
  const version = Number(versionText);
  if (version < F.RDB_MIN_READ_VERSION || version > F.RDB_MAX_READ_VERSION) {
    throw new RdbError(`unsupported RDB version ${version} (this reader handles 1 to ${F.RDB_MAX_READ_VERSION})`, 5);
  }
  reader.offset = 9;
  const info: RdbInfo = { version, aux: new Map(), functions: [], databases: [], loadedKeys: 0, skippedEmptyKeys: 0, checksum: undefined };
  let db = 0;
  let database: RdbDatabaseInfo = { index: 0, announcedKeys: 0, announcedExpires: 0, loadedKeys: 0 };
  let expireAtMs: Deadline | undefined;
  for (;;) {
    const at = reader.offset;
    const type = reader.byte();
    if (type === F.OPCODE_EOF) break;
    switch (type) {
      case F.OPCODE_EXPIRETIME:
        expireAtMs = reader.int32LE() * 1000;
        continue;
      case F.OPCODE_EXPIRETIME_MS:
        expireAtMs = reader.int64LE();
        continue;
      case F.OPCODE_FREQ:
        reader.byte();
        continue;
      case F.OPCODE_IDLE:
        reader.lengthU64();
        continue;
      case F.OPCODE_SELECTDB:
        db = reader.length();
        database = { index: db, announcedKeys: 0, announcedExpires: 0, loadedKeys: 0 };
        info.databases.push(database);
        continue;
      case F.OPCODE_RESIZEDB:
        database.announcedKeys = reader.length();
        database.announcedExpires = reader.length();
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
      expireAtMs = undefined;
      continue;
    }
    if (info.databases.length === 0) info.databases.push(database);
    visit(db, key, value, expireAtMs);
    database.loadedKeys++;
    info.loadedKeys++;
    expireAtMs = undefined;
  }
  if (version >= 5) {
    const at = reader.offset;
    const stored = reader.raw(8);
    const value = stored.readBigUInt64LE(0);
    info.checksum = value;
    if (value !== 0n && options.verifyChecksum !== false) {
      const computed = crc64(bytes, 0, at).value();
      if (computed !== value) {
        throw new RdbError(`checksum mismatch (file says ${value.toString(16)}, data gives ${computed.toString(16)})`, at);
      }
    }
  }
  return info;
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

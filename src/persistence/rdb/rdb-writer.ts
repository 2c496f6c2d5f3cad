/**
 * Writes RDB files (streaming, for snapshots) and DUMP payloads in Redis 7.0's layout.
 */

import type { Deadline } from '../../engine/database.js';
import type { StoredValue } from '../../engine/values.js';
import { ByteWriter, collectingWriter } from './byte-writer.js';
import { crc64 } from './crc64.js';
import * as F from './format.js';
import { needsFieldTtlTypes, writeValue } from './value-writer.js';

export const REDIS_VERSION_AUX = '7.0.15';

export interface HeaderAux {
  /** Seconds since the epoch. */
  ctime: number;
  usedMem: number;
  /** True for the RDB preamble of an AOF base file. */
  aofBase: boolean;
  /**
   * Write version 12 (Redis 7.4), which hashes with field TTLs need; Redis 7.0 refuses such a
   * file. Without it, a hash with field TTLs still gets 7.4's types inside a version-10 file.
   */
  fieldTtls?: boolean;
}

export class RdbWriter {
  private readonly out: ByteWriter;

  constructor(sink: (chunk: Buffer) => void) {
    this.out = new ByteWriter(sink);
  }

  /** Bytes written so far (progress reports). */
  get written(): number {
    return this.out.written;
  }

  header(aux: HeaderAux): void {
    const version = aux.fieldTtls ? F.RDB_VERSION_FIELD_TTLS : F.RDB_VERSION;
    this.out.latin1(`REDIS${String(version).padStart(4, '0')}`);
    this.aux('redis-ver', REDIS_VERSION_AUX);
    this.aux('redis-bits', '64');
    this.aux('ctime', String(Math.floor(aux.ctime)));
    this.aux('used-mem', String(Math.floor(aux.usedMem)));
    this.aux('aof-base', aux.aofBase ? '1' : '0');
  }

  aux(name: string, value: string): void {
    this.out.byte(F.OPCODE_AUX);
    this.out.string(name);
    this.out.string(value);
  }

  /** A function library's code (FUNCTION2), for when functions exist. */
  functionLibrary(code: string): void {
    this.out.byte(F.OPCODE_FUNCTION2);
    this.out.string(code);
  }

  selectDb(index: number, keys: number, expires: number): void {
    this.out.byte(F.OPCODE_SELECTDB);
    this.out.length(index);
    this.out.byte(F.OPCODE_RESIZEDB);
    this.out.length(keys);
    this.out.length(expires);
  }

  entry(key: string, value: StoredValue, expireAtMs: Deadline | undefined): void {
    if (expireAtMs !== undefined) {
      this.out.byte(F.OPCODE_EXPIRETIME_MS);
      this.out.int64LE(expireAtMs);
    }
    writeValue(this.out, value, key);
  }

  finish(): void {
    this.out.byte(F.OPCODE_EOF);
    this.out.flush();
    const checksum = this.out.crc.bytes();
    this.out.bytes(checksum);
    this.out.flush();
  }
}

/** DUMP's payload: the value as RDB writes it, the RDB version (2 bytes LE), the CRC-64. */
export function dumpPayload(value: StoredValue): Buffer {
  const { writer, result } = collectingWriter();
  writeValue(writer, value);
  const body = result();
  const version = needsFieldTtlTypes(value) ? F.RDB_VERSION_FIELD_TTLS : F.RDB_VERSION;
  const payload = Buffer.allocUnsafe(body.length + 2 + 8);
  body.copy(payload, 0);
  payload.writeUInt16LE(version, body.length);
  crc64(payload, 0, body.length + 2).bytes().copy(payload, body.length + 2);
  return payload;
}

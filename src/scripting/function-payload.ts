import { ByteReader } from '../persistence/rdb/byte-reader.js';
import { collectingWriter } from '../persistence/rdb/byte-writer.js';
import { crc64 } from '../persistence/rdb/crc64.js';
import * as F from '../persistence/rdb/format.js';
import { RdbError } from '../persistence/rdb/rdb-error.js';
import { ERR_DUMP_PAYLOAD, verifyDumpPayload } from '../persistence/rdb/rdb-reader.js';

/**
 * FUNCTION DUMP's payload, as Redis 7.0 writes it: each library's code as an RDB FUNCTION2
 * record, then the RDB version (2 bytes) and the CRC-64 of everything before it.
 */
export function functionsPayload(codes: readonly string[]): Buffer {
  const { writer, result } = collectingWriter();
  for (const code of codes) {
    writer.byte(F.OPCODE_FUNCTION2);
    writer.string(code);
  }
  const body = result();
  const payload = Buffer.allocUnsafe(body.length + 10);
  body.copy(payload, 0);
  payload.writeUInt16LE(F.RDB_VERSION, body.length);
  crc64(payload, 0, body.length + 2).bytes().copy(payload, body.length + 2);
  return payload;
}

/** The library codes of a FUNCTION RESTORE payload, or Redis's error text. */
export function readFunctionsPayload(payload: Buffer): { codes: string[] } | { error: string } {
  if (!verifyDumpPayload(payload)) return { error: ERR_DUMP_PAYLOAD };
  const reader = new ByteReader(payload.subarray(0, payload.length - 10));
  const codes: string[] = [];
  try {
    while (reader.remaining > 0) {
      if (reader.byte() !== F.OPCODE_FUNCTION2) return { error: 'ERR given type is not a function' };
      codes.push(reader.string());
    }
  } catch (error) {
    if (error instanceof RdbError) return { error: 'ERR payload is malformed' };
    throw error;
  }
  return { codes };
}

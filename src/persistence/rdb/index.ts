export { RdbWriter, dumpPayload, type HeaderAux } from './rdb-writer.js';
export { loadRdb, restorePayload, verifyDumpPayload, type RdbInfo, type RdbVisitor, type RdbDatabaseInfo, type RestoreResult } from './rdb-reader.js';
export { RdbError } from './rdb-error.js';
export { needsFieldTtlTypes } from './value-writer.js';
export { crc64, Crc64 } from './crc64.js';
export { lzfCompress, lzfDecompress } from './lzf.js';

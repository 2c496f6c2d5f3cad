// Argument parsing shared by the hash-field TTL commands (Redis 7.4 / 8.0).
import { isKeyword, parseInteger } from '../../core/args.js';
import {
  ERR_FIELD_EXPIRE_NEGATIVE, ERR_FIELDS_KEYWORD_MISSING, ERR_NOT_INTEGER, ERR_NUMFIELDS_MISMATCH, invalidExpireTime,
  wrongArity,
} from '../../core/errors.js';
import { MAX_FIELD_DEADLINE_MS } from '../../engine/types/hash-field-ttls.js';

/** Where the fields of `FIELDS numfields field ...` are in argv. */
export interface FieldList {
  first: number;
  count: number;
}

/**
 * `FIELDS numfields field [field ...]` with the keyword at argv[at], running to the end of argv.
 * `countError` is the command's own wording for a count that is not a positive integer.
 */
export function parseFieldList(argv: readonly string[], at: number, countError: string, command: string): FieldList | string {
  if (!isKeyword(argv[at]!, 'fields')) return ERR_FIELDS_KEYWORD_MISSING;
  // Redis reads past argv here (HGETEX key EX 1 FIELDS); answering the arity error is the sane reading.
  if (at + 1 >= argv.length) return wrongArity(command);
  const count = parseInteger(argv[at + 1]!);
  if (count === null || count < 1) return countError;
  if (count !== argv.length - at - 2) return ERR_NUMFIELDS_MISMATCH;
  return { first: at + 2, count };
}

/**
 * A field expiry time as an absolute deadline in ms: `text` counts `unitMs` milliseconds from
 * `baseMs` (now for relative forms, 0 for the *AT forms). Redis caps deadlines at 2^46 - 1 ms.
 */
export function parseFieldExpireTime(text: string, unitMs: 1 | 1000, baseMs: number, command: string): number | string {
  const value = parseInteger(text);
  if (value === null) return ERR_NOT_INTEGER;
  if (value < 0) return ERR_FIELD_EXPIRE_NEGATIVE;
  if (unitMs === 1000 && value > Math.floor(MAX_FIELD_DEADLINE_MS / 1000)) return invalidExpireTime(command);
  const milliseconds = value * unitMs;
  if (milliseconds > MAX_FIELD_DEADLINE_MS - baseMs) return invalidExpireTime(command);
  return milliseconds + baseMs;
}

import { parseInteger, keywordOf } from '../../core/args.js';
import { defineCommand, rangeKeys } from '../../core/command.js';
import {
  ERR_LCS_ALLOCATION, ERR_LCS_IDX_LEN, ERR_LCS_MEMORY, ERR_LCS_WRONGTYPE, ERR_NOT_INTEGER, ERR_SYNTAX,
} from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { isStringValue, stringContent, type StoredValue } from '../../engine/values.js';

type LengthTable = Uint8Array | Uint16Array | Uint32Array;

function textOf(value: StoredValue | undefined): string {
  return value === undefined ? '' : stringContent(value as never);
}

/** LCS length with two rows: LEN needs no backtracking, so no full table. */
function lcsLength(a: Uint8Array, b: Uint8Array): number {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const byte = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      if (byte === b[j - 1]) current[j] = previous[j - 1]! + 1;
      else {
        const up = previous[j]!;
        const left = current[j - 1]!;
        current[j] = up > left ? up : left;
      }
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * The full table: cell (i, j) holds the LCS length of a[0..i) and b[0..j). Values never exceed
 * the shorter length, so the narrowest integer type that holds it keeps the table small.
 */
function lcsTable(a: Uint8Array, b: Uint8Array): LengthTable {
  const width = b.length + 1;
  const cells = (a.length + 1) * width;
  const shorter = Math.min(a.length, b.length);
  const table: LengthTable = shorter <= 0xff ? new Uint8Array(cells) : shorter <= 0xffff ? new Uint16Array(cells) : new Uint32Array(cells);
  for (let i = 1; i <= a.length; i++) {
    const byte = a[i - 1];
    const row = i * width;
    const above = row - width;
    for (let j = 1; j <= b.length; j++) {
      if (byte === b[j - 1]) table[row + j] = table[above + j - 1]! + 1;
      else {
        const up = table[above + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  return table;
}

interface MatchOptions {
  collect: boolean;
  minMatchLength: number;
}

/**
 * Walks the table back from the end as Redis does (on a tie it moves along b), rebuilding the
 * subsequence and the contiguous matching ranges, last range first: [aStart, aEnd, bStart, bEnd].
 */
function backtrack(a: Uint8Array, b: Uint8Array, table: LengthTable, options: MatchOptions): { text: string; ranges: number[] } {
  const width = b.length + 1;
  let remaining = table[a.length * width + b.length]!;
  const subsequence = Buffer.allocUnsafe(remaining);
  const ranges: number[] = [];
  const unset = a.length;
  let aStart = unset, aEnd = 0, bStart = 0, bEnd = 0;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      subsequence[--remaining] = a[i - 1]!;
      if (aStart === unset) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j]! > table[i * width + j - 1]!) i--;
      else j--;
      if (aStart !== unset) emit = true;
    }
    if (emit) {
      const matchLength = aEnd - aStart + 1;
      if (options.collect && matchLength >= options.minMatchLength) ranges.push(aStart, aEnd, bStart, bEnd);
      aStart = unset;
    }
  }
  return { text: subsequence.latin1Slice(0, subsequence.length), ranges };
}

function replyMatches(reply: Reply, ranges: readonly number[], withMatchLength: boolean, length: number): void {
  reply.map(2);
  reply.bulk('matches');
  reply.array(ranges.length / 4);
  for (let k = 0; k < ranges.length; k += 4) {
    reply.array(withMatchLength ? 3 : 2);
    reply.array(2);
    reply.int(ranges[k]!);
    reply.int(ranges[k + 1]!);
    reply.array(2);
    reply.int(ranges[k + 2]!);
    reply.int(ranges[k + 3]!);
    if (withMatchLength) reply.int(ranges[k + 1]! - ranges[k]! + 1);
  }
  reply.bulk('len');
  reply.int(length);
}

export const lcs = defineCommand({
  name: 'lcs', arity: -3, flags: 'readonly', keys: [1, 2, 1], keySpecs: [rangeKeys('RO access', 1, 1)],
  group: 'string', since: '7.0.0', complexity: 'O(N*M) in the two lengths',
  summary: 'Finds the longest common subsequence of two string values: the text, its length, or the matching ranges.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const first = db.read(argv[1]!);
    const second = db.read(argv[2]!);
    if ((first !== undefined && !isStringValue(first)) || (second !== undefined && !isStringValue(second))) {
      return reply.error(ERR_LCS_WRONGTYPE);
    }
    let wantLength = false;
    let wantIndexes = false;
    let withMatchLength = false;
    let minMatchLength = 0;
    for (let k = 3; k < argv.length; k++) {
      const option = keywordOf(argv[k]!);
      if (option === 'idx') wantIndexes = true;
      else if (option === 'len') wantLength = true;
      else if (option === 'withmatchlen') withMatchLength = true;
      else if (option === 'minmatchlen' && k + 1 < argv.length) {
        const value = parseInteger(argv[++k]!);
        if (value === null) return reply.error(ERR_NOT_INTEGER);
        minMatchLength = value < 0 ? 0 : value;
      } else {
        return reply.error(ERR_SYNTAX);
      }
    }
    if (wantLength && wantIndexes) return reply.error(ERR_LCS_IDX_LEN);
    const a = Buffer.from(textOf(first), 'latin1');
    const b = Buffer.from(textOf(second), 'latin1');
    // Redis refuses when its table of 4-byte cells would exceed proto-max-bulk-len.
    if ((a.length + 1) * (b.length + 1) * 4 > ctx.server.config.getNumber('proto-max-bulk-len')) {
      return reply.error(ERR_LCS_MEMORY);
    }
    if (wantLength) return reply.int(lcsLength(a, b));
    let table: LengthTable;
    try {
      table = lcsTable(a, b);
    } catch (error) {
      if (error instanceof RangeError) return reply.error(ERR_LCS_ALLOCATION);
      throw error;
    }
    const { text, ranges } = backtrack(a, b, table, { collect: wantIndexes, minMatchLength });
    if (wantIndexes) replyMatches(reply, ranges, withMatchLength, text.length);
    else reply.bulk(text);
  },
});

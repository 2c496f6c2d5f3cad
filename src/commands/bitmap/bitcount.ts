import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_SYNTAX, ERR_WRONGTYPE } from '../../core/errors.js';
import { isStringValue } from '../../engine/values.js';
import { bytesOf, type StringValue } from './bit-strings.js';
import { integerArgument, negativeRangeIsEmpty, resolveRange, unitArgument } from './bit-ranges.js';
import { popcount } from './bit-scan.js';

export const bitcount = defineCommand({
  name: 'bitcount', arity: -2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'bitmap', since: '2.6.0', complexity: 'O(N)',
  summary: 'Counts the set bits of a string value, optionally within a byte or bit range.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    // Redis 7.0 looks the key up before it reads the range: a missing key answers 0 whatever follows.
    const value = db.read(argv[1]!);
    if (value === undefined) return reply.int(0);
    if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
    const length = value.length;
    let range;
    if (argv.length === 4 || argv.length === 5) {
      const start = integerArgument(reply, argv[2]!);
      if (start === undefined) return;
      const end = integerArgument(reply, argv[3]!);
      if (end === undefined) return;
      if (start < 0 && end < 0 && negativeRangeIsEmpty(start, end, argv[2]!, argv[3]!)) return reply.int(0);
      let inBits = false;
      if (argv.length === 5) {
        const unit = unitArgument(reply, argv[4]!);
        if (unit === undefined) return;
        inBits = unit;
      }
      range = resolveRange(length, start, end, inBits);
    } else if (argv.length === 2) {
      range = { start: 0, end: length - 1, firstByteIgnored: 0, lastByteIgnored: 0 };
    } else {
      return reply.error(ERR_SYNTAX);
    }
    if (range.start > range.end) return reply.int(0);
    reply.int(countInRange(value, range.start, range.end, range.firstByteIgnored, range.lastByteIgnored));
  },
});

function countInRange(value: StringValue, start: number, end: number, firstIgnored: number, lastIgnored: number): number {
  const bytes = bytesOf(value, start, end + 1);
  let count = popcount(bytes);
  // Subtract the bits of the edge bytes that lie outside a bit range.
  if (firstIgnored !== 0) count -= popcount(Uint8Array.of(bytes[0]! & firstIgnored));
  if (lastIgnored !== 0) count -= popcount(Uint8Array.of(bytes[bytes.length - 1]! & lastIgnored));
  return count;
}

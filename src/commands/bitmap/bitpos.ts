import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_BITPOS_BIT, ERR_SYNTAX, ERR_WRONGTYPE } from '../../core/errors.js';
import { isStringValue } from '../../engine/values.js';
import { firstBit } from './bit-scan.js';
import { byteAt, bytesOf, type StringValue } from './bit-strings.js';
import { integerArgument, resolveRange, unitArgument, type BitRange } from './bit-ranges.js';

export const bitpos = defineCommand({
  name: 'bitpos', arity: -3, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'bitmap', since: '2.8.7', complexity: 'O(N)',
  summary: 'Answers the position of the first set or clear bit of a string value, optionally within a range.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const bitArgument = integerArgument(reply, argv[2]!);
    if (bitArgument === undefined) return;
    if (bitArgument !== 0 && bitArgument !== 1) return reply.error(ERR_BITPOS_BIT);
    const bit = bitArgument as 0 | 1;
    const value = db.read(argv[1]!);
    // A missing key is an endless run of zeros.
    if (value === undefined) return reply.int(bit ? -1 : 0);
    if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
    const length = value.length;
    let range: BitRange;
    let endGiven = false;
    if (argv.length >= 4 && argv.length <= 6) {
      const start = integerArgument(reply, argv[3]!);
      if (start === undefined) return;
      let inBits = false;
      if (argv.length === 6) {
        const unit = unitArgument(reply, argv[5]!);
        if (unit === undefined) return;
        inBits = unit;
      }
      let end: number;
      if (argv.length >= 5) {
        const given = integerArgument(reply, argv[4]!);
        if (given === undefined) return;
        end = given;
        endGiven = true;
      } else {
        end = inBits ? length * 8 + 7 : length - 1;
      }
      range = resolveRange(length, start, end, inBits);
    } else if (argv.length === 3) {
      range = { start: 0, end: length - 1, firstByteIgnored: 0, lastByteIgnored: 0 };
    } else {
      return reply.error(ERR_SYNTAX);
    }
    if (range.start > range.end) return reply.int(-1);
    reply.int(searchRange(value, bit, range, endGiven));
  },
});

/** A byte with the bits outside the range forced to the value that is not searched for. */
function masked(byte: number, ignored: number, bit: 0 | 1): number {
  return bit ? byte & ~ignored & 0xff : byte | ignored;
}

/** The search over the resolved range, in three parts when its edge bytes are partly outside. */
function searchRange(value: StringValue, bit: 0 | 1, range: BitRange, endGiven: boolean): number {
  let { start } = range;
  const { end, firstByteIgnored, lastByteIgnored } = range;
  let bytes = end - start + 1;
  let position: number;
  found: {
    if (firstByteIgnored) {
      let first = masked(byteAt(value, start), firstByteIgnored, bit);
      if (lastByteIgnored && bytes === 1) first = masked(first, lastByteIgnored, bit);
      position = firstBit(Uint8Array.of(first), bit);
      if (bytes === 1 || (position !== -1 && position !== 8)) break found;
      start++;
      bytes--;
    }
    const middle = bytes - (lastByteIgnored ? 1 : 0);
    if (middle > 0) {
      position = firstBit(bytesOf(value, start, start + middle), bit);
      if (bytes === middle || (position !== -1 && position !== middle * 8)) break found;
      start += middle;
      bytes -= middle;
    }
    position = firstBit(Uint8Array.of(masked(byteAt(value, end), lastByteIgnored, bit)), bit);
  }
  // With an explicit end, the bits past the range are not zero padding: no 0 was found.
  if (endGiven && bit === 0 && position === bytes * 8) return -1;
  return position === -1 ? -1 : position + start * 8;
}

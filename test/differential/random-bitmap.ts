/**
 * Random command table for the bitmap and HyperLogLog families (both live in string values),
 * mixed with a few string commands so bit edits meet plain, appended and HyperLogLog values.
 * Same entry format as random-commands.ts; run by random-bitmap.test.ts.
 */
import { objectEncodingReply, options, type ArgumentPool, type CommandEntry, type Draw, type OptionGroup } from './random-commands.js';

/** Bit offsets: mostly inside a few bytes, sometimes invalid (never a valid far one: both servers would allocate it). */
const BIT_OFFSETS: ArgumentPool = {
  usual: ['0', '1', '3', '7', '8', '9', '15', '16', '23', '31', '40', '63', '64', '100', '255', '1000'],
  odd: ['-1', 'x', '', '1.5', '4294967296', '9223372036854775807', '4294967295x'],
};

/** Range indexes of BITCOUNT and BITPOS, in bytes or bits. */
const RANGE_INDEXES: ArgumentPool = {
  usual: ['0', '0', '1', '2', '3', '5', '7', '8', '12', '17', '100', '-1', '-1', '-2', '-3', '-8', '-9', '-17', '-100'],
  odd: ['x', '', '1.5', '9223372036854775807', '-9223372036854775808', '9223372036854775808'],
};

const BIT_VALUES: ArgumentPool = { usual: ['0', '1'], odd: ['2', '-1', 'x', '', '01'] };

const FIELD_TYPES: ArgumentPool = {
  usual: ['u1', 'u2', 'u3', 'u4', 'u7', 'u8', 'u15', 'u16', 'u31', 'u32', 'u63', 'i1', 'i2', 'i5', 'i8', 'i13', 'i16', 'i32', 'i63', 'i64'],
  odd: ['u64', 'i65', 'i0', 'u0', 'x8', 'U8', 'i', ''],
};

const FIELD_OFFSETS: ArgumentPool = {
  usual: ['0', '1', '3', '5', '8', '12', '17', '31', '64', '#0', '#1', '#2', '#3', '#5'],
  odd: ['-1', '#-1', 'x', '#x', '4294967296', '#9223372036854775807'],
};

const FIELD_VALUES: ArgumentPool = {
  usual: ['0', '1', '-1', '2', '5', '7', '-8', '15', '100', '-100', '127', '128', '-128', '255', '256', '65535', '-65536',
    '2147483647', '-2147483648', '4294967295', '9223372036854775807', '-9223372036854775808'],
  odd: ['x', '', '1.5', '9223372036854775808'],
};

/** Stored values: short binary strings whose bits are worth looking at, and HyperLogLog elements. */
const BIT_STRINGS = ['', 'a', 'foobar', '\x00', '\xff', '\xff\xff\xff', '\x00\x00\x00', '\x0f\xf0', '\xff\xbf\xff', '\x80\x00\x01', '123', '-7', 'x'.repeat(50)];
const ELEMENTS = ['a', 'b', 'c', 'foo', 'bar', '', '\x00', '\xff', 'user:1', 'user:42', '1', '2', '3'];

function bitString(draw: Draw): string {
  return draw.chance(0.7) ? draw.pick(BIT_STRINGS) : draw.value();
}

function elements(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => (draw.chance(0.8) ? draw.pick(ELEMENTS) : `e${draw.between(0, 5000)}`));
}

const unitGroups: readonly OptionGroup[] = [{ chance: 0.5, choices: [['BIT'], ['BYTE']] }];

function rangeArguments(draw: Draw, withBit: boolean): string[] {
  const roll = draw.random.next();
  if (roll < 0.25) return [];
  if (roll < 0.4 && withBit) return [draw.arg(RANGE_INDEXES)];
  return [draw.arg(RANGE_INDEXES), draw.arg(RANGE_INDEXES), ...options(draw, unitGroups, 0.05)];
}

/** BITFIELD subcommands: GET, SET, INCRBY and OVERFLOW in random order (only GET for BITFIELD_RO, mostly). */
function fieldOperations(draw: Draw, readOnly: boolean): string[] {
  const words: string[] = [];
  const count = draw.between(0, 4);
  for (let i = 0; i < count; i++) {
    const roll = draw.random.next();
    const type = draw.arg(FIELD_TYPES, 0.08);
    const offset = draw.arg(FIELD_OFFSETS, 0.08);
    if (roll < (readOnly ? 0.85 : 0.35)) words.push('GET', type, offset);
    else if (roll < (readOnly ? 0.9 : 0.6)) words.push('SET', type, offset, draw.arg(FIELD_VALUES, 0.05));
    else if (roll < (readOnly ? 0.95 : 0.85)) words.push('INCRBY', type, offset, draw.arg(FIELD_VALUES, 0.05));
    else words.push('OVERFLOW', draw.pick(['WRAP', 'SAT', 'FAIL', 'wrap', 'sat', 'fail', 'bogus']));
  }
  return words.map((word) => (/^[A-Z]+$/.test(word) ? draw.casing(word) : word));
}

export const BITMAP_COMMANDS: readonly CommandEntry[] = [
  { name: 'SETBIT', weight: 6, build: (d) => ['SETBIT', d.key(), d.arg(BIT_OFFSETS, 0.08), d.arg(BIT_VALUES, 0.08)] },
  { name: 'GETBIT', weight: 3, build: (d) => ['GETBIT', d.key(), d.arg(BIT_OFFSETS, 0.08)] },
  { name: 'BITCOUNT', weight: 4, build: (d) => ['BITCOUNT', d.key(), ...rangeArguments(d, false)] },
  { name: 'BITPOS', weight: 5, build: (d) => ['BITPOS', d.key(), d.arg(BIT_VALUES, 0.08), ...rangeArguments(d, true)] },
  {
    name: 'BITOP', weight: 3,
    build: (d) => ['BITOP', d.casing(d.pick(['AND', 'OR', 'XOR', 'NOT', 'NOT', 'bogus'])), d.key(), ...d.keys(1, d.chance(0.3) ? 1 : 3)],
  },
  { name: 'BITFIELD', weight: 5, build: (d) => ['BITFIELD', d.key(), ...fieldOperations(d, false)] },
  { name: 'BITFIELD_RO', weight: 2, build: (d) => ['BITFIELD_RO', d.key(), ...fieldOperations(d, true)] },
  { name: 'PFADD', weight: 4, build: (d) => ['PFADD', d.key(), ...elements(d, 0, 6)] },
  { name: 'PFCOUNT', weight: 3, build: (d) => ['PFCOUNT', ...d.keys(1, 3)] },
  { name: 'PFMERGE', weight: 2, build: (d) => ['PFMERGE', ...d.keys(1, 3)] },
  { name: 'SET', weight: 3, build: (d) => ['SET', d.key(), bitString(d)] },
  { name: 'GET', weight: 2, build: (d) => ['GET', d.key()] },
  { name: 'APPEND', weight: 1, build: (d) => ['APPEND', d.key(), bitString(d)] },
  { name: 'SETRANGE', weight: 1, build: (d) => ['SETRANGE', d.key(), d.pick(['0', '1', '5', '16', '17']), bitString(d)] },
  { name: 'STRLEN', weight: 1, build: (d) => ['STRLEN', d.key()] },
  { name: 'DEL', weight: 1, build: (d) => ['DEL', ...d.keys(1, 2)] },
  { name: 'COPY', weight: 0.5, build: (d) => ['COPY', d.key(), d.key(), 'REPLACE'] },
  { name: 'OBJECT ENCODING', weight: 1, build: (d) => ['OBJECT', 'ENCODING', d.key()], rule: objectEncodingReply },
];

import { parseInt64, parseInteger } from '../../core/args.js';
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_BITFIELD_OVERFLOW, ERR_BITFIELD_RO, ERR_BITFIELD_TYPE, ERR_BIT_OFFSET, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE,
} from '../../core/errors.js';
import { isStringValue, type RawString } from '../../engine/values.js';
import { parseBitOffset } from './bit-offset.js';
import { writableBits, type StringValue } from './bit-strings.js';
import { cKeyword } from './c-keyword.js';
import {
  adjustSigned, adjustUnsigned, readField, readUnsigned, writeField, type FieldType, type OverflowMode,
} from './bitfield-integers.js';
import { notifyDb, NOTIFY_STRING } from '../../pubsub/notifications.js';

interface FieldOperation extends FieldType {
  kind: 'get' | 'set' | 'incrby';
  offset: number;
  /** SET's value or INCRBY's increment. */
  operand: bigint;
  overflow: OverflowMode;
}

/** "i<bits>" (1..64) or "u<bits>" (1..63); Redis reads the digits only up to a NUL byte. */
function parseFieldType(text: string): FieldType | undefined {
  const sign = text.charCodeAt(0);
  if (sign !== 105 && sign !== 117) return undefined; // 'i', 'u'
  const nul = text.indexOf('\0', 1);
  const bits = parseInteger(text.slice(1, nul === -1 ? text.length : nul));
  const signed = sign === 105;
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) return undefined;
  return { signed, bits };
}

const MIN_ARGUMENTS: Record<string, number> = { get: 2, set: 3, incrby: 3 };

/** Parses every subcommand first, as Redis does: nothing runs if any is invalid. */
function parseOperations(ctx: CommandContext): FieldOperation[] | undefined {
  const { argv, reply } = ctx;
  const operations: FieldOperation[] = [];
  let overflow: OverflowMode = 'wrap';
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const name = cKeyword(argv[j]!);
    if (name === 'overflow' && remaining >= 1) {
      const mode = cKeyword(argv[++j]!);
      if (mode !== 'wrap' && mode !== 'sat' && mode !== 'fail') {
        reply.error(ERR_BITFIELD_OVERFLOW);
        return undefined;
      }
      overflow = mode;
      continue;
    }
    const needed = MIN_ARGUMENTS[name];
    if (needed === undefined || remaining < needed) {
      reply.error(ERR_SYNTAX);
      return undefined;
    }
    const type = parseFieldType(argv[j + 1]!);
    if (type === undefined) {
      reply.error(ERR_BITFIELD_TYPE);
      return undefined;
    }
    const offset = parseBitOffset(ctx, argv[j + 2]!, type.bits);
    if (offset === undefined) {
      reply.error(ERR_BIT_OFFSET);
      return undefined;
    }
    let operand = 0n;
    if (name !== 'get') {
      const parsed = parseInt64(argv[j + 3]!);
      if (parsed === null) {
        reply.error(ERR_NOT_INTEGER);
        return undefined;
      }
      operand = parsed;
    }
    operations.push({ kind: name as FieldOperation['kind'], ...type, offset, operand, overflow });
    j += needed;
  }
  return operations;
}

/** Runs one SET or INCRBY: replies the old (SET) or new (INCRBY) value, or nil when FAIL stops it. */
function writeOperation(ctx: CommandContext, target: RawString, op: FieldOperation): { old: bigint; stored: bigint } | undefined {
  const old = readField(target, op.offset, op);
  let adjusted;
  if (op.signed) {
    adjusted = op.kind === 'incrby' ? adjustSigned(old, op.operand, op.bits, op.overflow) : adjustSigned(op.operand, 0n, op.bits, op.overflow);
  } else {
    const current = op.kind === 'incrby' ? old : BigInt.asUintN(64, op.operand);
    adjusted = adjustUnsigned(current, op.kind === 'incrby' ? op.operand : 0n, op.bits, op.overflow);
  }
  if (adjusted.overflowed && op.overflow === 'fail') {
    ctx.reply.nil();
    return undefined;
  }
  writeField(target, op.offset, op.bits, adjusted.result);
  const stored = op.signed ? BigInt.asIntN(op.bits, adjusted.result) : BigInt.asUintN(op.bits, adjusted.result);
  ctx.reply.int(op.kind === 'incrby' ? stored : old);
  return { old, stored };
}

function runBitfield(ctx: CommandContext, readOnlyCommand: boolean): void {
  const { argv, db, reply } = ctx;
  const key = argv[1]!;
  const operations = parseOperations(ctx);
  if (operations === undefined) return;
  const writes = operations.filter((op) => op.kind !== 'get');
  let source: StringValue | undefined;
  let target: RawString | undefined;
  let grew = false;
  if (writes.length === 0) {
    const value = db.read(key);
    if (value !== undefined && !isStringValue(value)) return reply.error(ERR_WRONGTYPE);
    source = value;
  } else {
    if (readOnlyCommand) return reply.error(ERR_BITFIELD_RO);
    const highestBit = writes.reduce((highest, op) => Math.max(highest, op.offset + op.bits - 1), 0);
    const writable = writableBits(ctx, key, highestBit);
    if (writable === undefined) return;
    source = target = writable.value;
    grew = writable.grew;
  }
  reply.array(operations.length);
  let changes = 0;
  for (const op of operations) {
    if (op.kind === 'get') {
      const raw = readUnsigned(source, op.offset, op.bits);
      reply.int(op.signed ? BigInt.asIntN(op.bits, raw) : raw);
      continue;
    }
    const written = writeOperation(ctx, target!, op);
    if (written !== undefined && (grew || written.old !== written.stored)) changes++;
  }
  if (changes > 0) {
    db.modified(key, changes);
    notifyDb(db, NOTIFY_STRING, 'setbit', key);
  }
}

const shared: Omit<CommandDeclaration, 'name' | 'flags' | 'keySpecs' | 'since' | 'summary' | 'run'> = {
  arity: -2, keys: [1, 1, 1], group: 'bitmap', complexity: 'O(1) per subcommand',
};

export const bitfield = defineCommand({
  ...shared, name: 'bitfield', flags: 'write denyoom', keySpecs: [rangeKeys('RW access update variable_flags', 1)],
  since: '3.2.0', summary: 'Reads, sets and increments integer fields of any width at bit offsets of a string value.',
  run: (ctx) => runBitfield(ctx, false),
});

export const bitfieldRo = defineCommand({
  ...shared, name: 'bitfield_ro', flags: 'readonly fast', keySpecs: [rangeKeys('RO access', 1)],
  since: '6.0.0', summary: 'Reads integer fields at bit offsets of a string value (GET subcommands only).',
  run: (ctx) => runBitfield(ctx, true),
});

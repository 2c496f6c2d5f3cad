import { parseInt64 } from '../../core/args.js';
import type { CommandContext } from '../../core/context.js';

/**
 * A bit offset argument: a non-negative integer whose byte lies below proto-max-bulk-len. With
 * `bitsPerUnit` (BITFIELD), "#n" means n times the field width. Returns undefined when invalid.
 */
export function parseBitOffset(ctx: CommandContext, text: string, bitsPerUnit = 0): number | undefined {
  const scaled = bitsPerUnit > 0 && text.charCodeAt(0) === 35; // '#'
  const parsed = parseInt64(scaled ? text.slice(1) : text);
  if (parsed === null) return undefined;
  // Redis multiplies in 64 bits and lets it wrap; a wrapped product is negative and rejected below.
  const offset = scaled ? BigInt.asIntN(64, parsed * BigInt(bitsPerUnit)) : parsed;
  if (offset < 0n) return undefined;
  if (offset >> 3n >= BigInt(ctx.server.config.getNumber('proto-max-bulk-len'))) return undefined;
  return Number(offset);
}

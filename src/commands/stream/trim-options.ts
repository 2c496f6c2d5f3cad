import { isKeyword, parseInteger } from '../../core/args.js';
import {
  ERR_NOT_INTEGER, ERR_STREAM_LIMIT_NEGATIVE, ERR_STREAM_LIMIT_NOT_APPROXIMATE, ERR_STREAM_LIMIT_NO_STRATEGY,
  ERR_STREAM_MAXLEN_AND_MINID, ERR_STREAM_MAXLEN_NEGATIVE, ERR_STREAM_INVALID_ID, ERR_SYNTAX, ERR_XTRIM_NO_STRATEGY,
} from '../../core/errors.js';
import type { ParsedId } from '../../engine/types/stream-id.js';
import { MIN_ID, parseStreamId } from '../../engine/types/stream-id.js';
import type { StreamValue, TrimOptions } from '../../engine/types/stream.js';

/** What XADD and XTRIM read before the entry: trimming, NOMKSTREAM, and for XADD the ID. */
export interface AddTrimArguments {
  trim: TrimOptions | undefined;
  noMakeStream: boolean;
  /** XADD: the explicit ID, or undefined for `*`. */
  id: ParsedId | undefined;
  /** XADD: index of the ID argument (the fields follow it). */
  idIndex: number;
  /** Index of the MAXLEN/MINID threshold argument (0 without trimming). */
  thresholdIndex: number;
}

/**
 * An approximate trim (`~`, LIMIT) is logged as the exact one it amounted to: `=` and the
 * stream's resulting length (MAXLEN) or first ID (MINID), so replay trims exactly as much.
 */
export function exactTrimArguments(argv: readonly string[], parsed: AddTrimArguments, stream: StreamValue): string[] {
  const logged = argv.slice();
  logged[parsed.thresholdIndex - 1] = '=';
  logged[parsed.thresholdIndex] = parsed.trim!.strategy === 'maxlen' ? String(stream.length) : `${stream.firstId.ms}-${stream.firstId.seq}`;
  return logged;
}

/** Redis reads arguments as C strings: `*` followed by a NUL byte is still `*`. */
function cText(arg: string): string {
  const nul = arg.indexOf('\0');
  return nul === -1 ? arg : arg.slice(0, nul);
}

/**
 * Parses XADD's or XTRIM's options from argv[2] on, in Redis's order of checks. Returns the
 * options or an error text. `defaultLimitNodes` is stream-node-max-entries: without LIMIT, `~`
 * trimming removes at most 100 nodes' worth of entries.
 */
export function parseAddTrimArguments(argv: readonly string[], xadd: boolean, nodeMaxEntries: number): AddTrimArguments | string {
  let strategy: 'maxlen' | 'minid' | undefined;
  let approximate = false;
  let maxLength = 0;
  let minId = MIN_ID;
  let limit = 0;
  let limitGiven = false;
  let noMakeStream = false;
  let id: ParsedId | undefined;
  let thresholdIndex = 0;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const option = argv[i]!;
    if (xadd && cText(option) === '*') break;
    if ((isKeyword(option, 'maxlen') || isKeyword(option, 'minid')) && more > 0) {
      if (strategy !== undefined) return ERR_STREAM_MAXLEN_AND_MINID;
      approximate = false;
      const next = cText(argv[i + 1]!);
      if (more >= 2 && (next === '~' || next === '=')) {
        approximate = next === '~';
        i++;
      }
      const valueText = argv[i + 1]!;
      thresholdIndex = i + 1;
      if (isKeyword(option, 'maxlen')) {
        const value = parseInteger(valueText);
        if (value === null) return ERR_NOT_INTEGER;
        if (value < 0) return ERR_STREAM_MAXLEN_NEGATIVE;
        maxLength = value;
        strategy = 'maxlen';
      } else {
        const parsed = parseStreamId(valueText, { strict: true });
        if (parsed === null) return ERR_STREAM_INVALID_ID;
        minId = { ms: parsed.ms, seq: parsed.seq };
        strategy = 'minid';
      }
      i++;
    } else if (isKeyword(option, 'limit') && more > 0) {
      const value = parseInteger(argv[i + 1]!);
      if (value === null) return ERR_NOT_INTEGER;
      if (value < 0) return ERR_STREAM_LIMIT_NEGATIVE;
      limit = value;
      limitGiven = true;
      i++;
    } else if (xadd && isKeyword(option, 'nomkstream')) {
      noMakeStream = true;
    } else if (xadd) {
      const parsed = parseStreamId(option, { strict: true, seqStar: true });
      if (parsed === null) return ERR_STREAM_INVALID_ID;
      id = parsed;
      break;
    } else {
      return ERR_SYNTAX;
    }
  }
  if (limit !== 0 && strategy === undefined) return ERR_STREAM_LIMIT_NO_STRATEGY;
  if (!xadd && strategy === undefined) return ERR_XTRIM_NO_STRATEGY;
  if (limitGiven) {
    if (!approximate) return ERR_STREAM_LIMIT_NOT_APPROXIMATE;
  } else if (approximate) {
    limit = nodeMaxEntries * 100;
    if (limit <= 0 || limit > 1_000_000) limit = limit <= 0 ? 10_000 : 1_000_000;
  }
  const trim = strategy === undefined ? undefined : { strategy, maxLength, minId, approximate, limit };
  return { trim, noMakeStream, id, idIndex: i, thresholdIndex };
}

import { strtod } from '../../core/args.js';
import type { LexBound, LexRange, ScoreRange } from '../../engine/types/zset-ranges.js';

const LEADING_SPACE = /^[ \t\n\v\f\r]+/;

/**
 * A range end as Redis reads it with a bare strtod: the text up to a NUL byte, leading spaces
 * skipped, the empty text as 0, overflow to infinity accepted, NaN refused.
 */
function parseRangeNumber(text: string): number | null {
  const nul = text.indexOf('\0');
  if (nul !== -1) text = text.slice(0, nul);
  if (text.length === 0) return 0;
  const trimmed = text.replace(LEADING_SPACE, '');
  if (trimmed.length === 0) return null;
  const value = strtod(trimmed);
  return value === null || Number.isNaN(value) ? null : value;
}

function parseScoreBound(text: string): { value: number; exclusive: boolean } | null {
  const exclusive = text.charCodeAt(0) === 40; // '('
  const value = parseRangeNumber(exclusive ? text.slice(1) : text);
  return value === null ? null : { value, exclusive };
}

/** `min max` of ZRANGEBYSCORE and friends (`(` for exclusive ends, -inf/+inf); null when invalid. */
export function parseScoreRange(minText: string, maxText: string): ScoreRange | null {
  const min = parseScoreBound(minText);
  const max = parseScoreBound(maxText);
  if (min === null || max === null) return null;
  return { min: min.value, max: max.value, minExclusive: min.exclusive, maxExclusive: max.exclusive };
}

function parseLexBound(text: string): LexBound | null {
  switch (text.charCodeAt(0)) {
    case 43: // '+': alone (Redis reads it as a C string, so a NUL ends it)
      return text.length === 1 || text.charCodeAt(1) === 0 ? { value: '', exclusive: true, infinity: 1 } : null;
    case 45: // '-'
      return text.length === 1 || text.charCodeAt(1) === 0 ? { value: '', exclusive: true, infinity: -1 } : null;
    case 40: // '('
      return { value: text.slice(1), exclusive: true, infinity: 0 };
    case 91: // '['
      return { value: text.slice(1), exclusive: false, infinity: 0 };
    default:
      return null;
  }
}

/** `min max` of ZRANGEBYLEX and friends (`[a`, `(a`, `-`, `+`); null when invalid. */
export function parseLexRange(minText: string, maxText: string): LexRange | null {
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  return min === null || max === null ? null : { min, max };
}

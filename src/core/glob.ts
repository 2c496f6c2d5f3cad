/**
 * Glob matching with exactly Redis's rules (stringmatchlen): `*`, `?`, `[abc]`, `[^abc]`,
 * `[a-z]` (reversed ranges allowed), `\` escapes; bytes compare as C's signed char in ranges.
 */

const STAR = 42; // *
const QUESTION = 63; // ?
const OPEN = 91; // [
const CLOSE = 93; // ]
const CARET = 94; // ^
const BACKSLASH = 92; // \
const DASH = 45; // -

const signed = (code: number): number => (code > 127 ? code - 256 : code);

interface MatchState { skipLongerMatches: boolean }

function matchAt(pattern: string, p: number, text: string, s: number, nocase: boolean, state: MatchState, nesting: number): boolean {
  if (nesting > 1000) return false;
  const patternEnd = pattern.length;
  const textEnd = text.length;
  while (p < patternEnd && s < textEnd) {
    const pc = pattern.charCodeAt(p);
    switch (pc) {
      case STAR: {
        while (p + 1 < patternEnd && pattern.charCodeAt(p + 1) === STAR) p++;
        if (p + 1 === patternEnd) return true;
        while (s < textEnd) {
          if (matchAt(pattern, p + 1, text, s, nocase, state, nesting + 1)) return true;
          if (state.skipLongerMatches) return false;
          s++;
        }
        state.skipLongerMatches = true;
        return false;
      }
      case QUESTION:
        s++;
        break;
      case OPEN: {
        p++;
        const negate = p < patternEnd && pattern.charCodeAt(p) === CARET;
        if (negate) p++;
        let matched = false;
        const sc = text.charCodeAt(s);
        for (;;) {
          if (p < patternEnd && pattern.charCodeAt(p) === BACKSLASH && patternEnd - p >= 2) {
            // Redis compares an escaped byte inside brackets exactly, even when matching nocase.
            p++;
            if (pattern.charCodeAt(p) === sc) matched = true;
          } else if (p < patternEnd && pattern.charCodeAt(p) === CLOSE) {
            break;
          } else if (p >= patternEnd) {
            p--;
            break;
          } else if (patternEnd - p >= 3 && pattern.charCodeAt(p + 1) === DASH) {
            // Reversed ranges are swapped before folding case, as Redis does: [Z-a] nocase matches nothing.
            let start = signed(pattern.charCodeAt(p));
            let end = signed(pattern.charCodeAt(p + 2));
            if (start > end) [start, end] = [end, start];
            const c = signed(fold(sc, nocase));
            p += 2;
            if (c >= fold(start, nocase) && c <= fold(end, nocase)) matched = true;
          } else if (fold(pattern.charCodeAt(p), nocase) === fold(sc, nocase)) {
            matched = true;
          }
          p++;
        }
        if (negate) matched = !matched;
        if (!matched) return false;
        s++;
        break;
      }
      default:
        // A backslash makes the next pattern byte literal.
        if (pc === BACKSLASH && patternEnd - p >= 2) p++;
        if (fold(pattern.charCodeAt(p), nocase) !== fold(text.charCodeAt(s), nocase)) return false;
        s++;
    }
    p++;
    if (s === textEnd) {
      while (p < patternEnd && pattern.charCodeAt(p) === STAR) p++;
      break;
    }
  }
  return p === patternEnd && s === textEnd;
}

function fold(code: number, nocase: boolean): number {
  return nocase && code >= 65 && code <= 90 ? code + 32 : code;
}

export function globMatch(pattern: string, text: string, nocase = false): boolean {
  return matchAt(pattern, 0, text, 0, nocase, { skipLongerMatches: false }, 0);
}

const SPECIAL = /[*?[\\]/;
const hasSpecial = (text: string): boolean => SPECIAL.test(text);

/**
 * A matcher for one pattern, with fast paths for the patterns people write most (`prefix*`,
 * `*suffix`, `*part*`). Like Redis's matcher, `*` needs at least one byte: it never matches the
 * empty string (KEYS and SCAN treat a lone `*` as "everything" before matching).
 */
export function compileGlob(pattern: string): (text: string) => boolean {
  if (!hasSpecial(pattern)) return (text) => text === pattern;
  const last = pattern.length - 1;
  const endsWithStar = pattern.charCodeAt(last) === STAR;
  if (endsWithStar && !hasSpecial(pattern.slice(0, last))) {
    const prefix = pattern.slice(0, last);
    return (text) => text.length !== 0 && text.startsWith(prefix);
  }
  if (pattern.charCodeAt(0) === STAR && pattern.length > 1) {
    const middle = pattern.slice(1, endsWithStar ? last : undefined);
    if (middle.length !== 0 && !hasSpecial(middle)) {
      return endsWithStar ? (text) => text.includes(middle) : (text) => text.endsWith(middle);
    }
  }
  return (text) => globMatch(pattern, text);
}

/**
 * Splits an inline command line into arguments the way Redis does (sdssplitargs): blanks separate
 * arguments; "double quotes" understand \xHH, \n, \r, \t, \b, \a and \<char>; 'single quotes' only
 * \'; a closing quote must be followed by a blank or the end. Returns null for unbalanced quotes.
 * Input and output are binary (latin1) strings.
 */
export function splitArgs(line: string): string[] | null {
  const args: string[] = [];
  const end = line.length;
  let p = 0;
  const at = (i: number): number => (i < end ? line.charCodeAt(i) : 0);
  const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
  const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
  const hexValue = (c: number): number => (c <= 57 ? c - 48 : (c | 32) - 87);
  for (;;) {
    while (p < end && at(p) !== 0 && isSpace(at(p))) p++;
    if (at(p) === 0) return args;
    let inDouble = false;
    let inSingle = false;
    let current = '';
    for (let done = false; !done; ) {
      const c = at(p);
      if (inDouble) {
        if (c === 0) return null;
        if (c === 92 && at(p + 1) === 120 && isHex(at(p + 2)) && isHex(at(p + 3))) {
          current += String.fromCharCode(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
          p += 3;
        } else if (c === 92 && at(p + 1) !== 0) {
          p++;
          const escaped = at(p);
          switch (escaped) {
            case 110: current += '\n'; break;
            case 114: current += '\r'; break;
            case 116: current += '\t'; break;
            case 98: current += '\b'; break;
            case 97: current += '\x07'; break;
            default: current += String.fromCharCode(escaped);
          }
        } else if (c === 34) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else {
          current += String.fromCharCode(c);
        }
      } else if (inSingle) {
        if (c === 0) return null;
        if (c === 92 && at(p + 1) === 39) {
          p++;
          current += "'";
        } else if (c === 39) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else {
          current += String.fromCharCode(c);
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
        done = true;
      } else if (c === 34) {
        inDouble = true;
      } else if (c === 39) {
        inSingle = true;
      } else {
        current += String.fromCharCode(c);
      }
      if (at(p) !== 0) p++;
    }
    args.push(current);
  }
}

import { INT64_MAX, parseInt64, parseInteger } from '../../core/args.js';
import { ERR_NOT_INTEGER, ERR_SYNTAX, invalidExpireTime } from '../../core/errors.js';
import { toDeadline, type Deadline } from '../../engine/database.js';


export type ExpireUnit = 'ex' | 'px' | 'exat' | 'pxat';

/** The options SET and GETEX share (Redis's parseExtendedStringArguments). */
export interface StringOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  persist: boolean;
  expireUnit: ExpireUnit | undefined;
  expireText: string | undefined;
}

/**
 * Parses SET/GETEX options from argv[start]. The same option may repeat; conflicting ones
 * (NX with XX, two different expiry kinds, KEEPTTL or PERSIST with an expiry) are a syntax error.
 */
export function parseStringOptions(argv: readonly string[], start: number, command: 'set' | 'getex'): StringOptions | string {
  const options: StringOptions = { nx: false, xx: false, get: false, keepTtl: false, persist: false, expireUnit: undefined, expireText: undefined };
  for (let i = start; i < argv.length; i++) {
    const arg = argv[i]!;
    const word = arg.length <= 7 ? arg.toLowerCase() : '';
    const hasNext = i + 1 < argv.length;
    if (word === 'nx' && command === 'set' && !options.xx) options.nx = true;
    else if (word === 'xx' && command === 'set' && !options.nx) options.xx = true;
    else if (word === 'get' && command === 'set') options.get = true;
    else if (word === 'keepttl' && command === 'set' && !options.persist && options.expireUnit === undefined) options.keepTtl = true;
    else if (word === 'persist' && command === 'getex' && options.expireUnit === undefined && !options.keepTtl) options.persist = true;
    else if (
      (word === 'ex' || word === 'px' || word === 'exat' || word === 'pxat') &&
      hasNext && !options.keepTtl && !options.persist &&
      (options.expireUnit === undefined || options.expireUnit === word)
    ) {
      options.expireUnit = word;
      options.expireText = argv[++i]!;
    } else {
      return ERR_SYNTAX;
    }
  }
  return options;
}

/**
 * The absolute deadline (ms) an EX/PX/EXAT/PXAT argument asks for, or an error text. Values must
 * be positive and the deadline must fit in a signed 64-bit integer.
 */
export function expireDeadline(unit: ExpireUnit, text: string, now: number, command: string): Deadline | string {
  const seconds = unit === 'ex' || unit === 'exat';
  const relative = unit === 'ex' || unit === 'px';
  const small = parseInteger(text);
  if (small === null) return ERR_NOT_INTEGER;
  // Every real date fits in a double: bigint only for values near the 64-bit limits.
  if (Number.isSafeInteger(small)) {
    if (small <= 0) return invalidExpireTime(command);
    const deadline = (seconds ? small * 1000 : small) + (relative ? now : 0);
    if (Number.isSafeInteger(deadline)) return deadline;
  }
  const value = parseInt64(text)!;
  if (value <= 0n || (seconds && value > INT64_MAX / 1000n)) return invalidExpireTime(command);
  let deadline = seconds ? value * 1000n : value;
  if (relative) deadline += BigInt(now);
  if (deadline > INT64_MAX) return invalidExpireTime(command);
  return toDeadline(deadline);
}

import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_BITOP_NOT, ERR_SYNTAX, ERR_WRONGTYPE } from '../../core/errors.js';
import { RawString, isStringValue } from '../../engine/values.js';
import { wordsIfAligned } from './bit-scan.js';
import { bytesOf } from './bit-strings.js';
import { cKeyword } from './c-keyword.js';
import { notifyDb, NOTIFY_GENERIC, NOTIFY_STRING } from '../../pubsub/notifications.js';

type Operation = 'and' | 'or' | 'xor' | 'not';
const OPERATIONS: ReadonlySet<string> = new Set(['and', 'or', 'xor', 'not']);

/** The byte-wise operation into `result`, over sources of different lengths (the shorter ones zero-padded). */
function combine(operation: Operation, sources: readonly Uint8Array[], result: Uint8Array): void {
  const length = result.length;
  const first = sources[0]!;
  if (operation === 'not') {
    result.set(first);
    const words = wordsIfAligned(result, length);
    const done = words ? words.length * 4 : 0;
    if (words) for (let w = 0; w < words.length; w++) words[w] = ~words[w]!;
    for (let i = done; i < length; i++) result[i] = ~first[i]!;
    return;
  }
  result.set(first);
  for (let s = 1; s < sources.length; s++) {
    const source = sources[s]!;
    const shared = source.length;
    // Word at a time where the source's memory allows it, then the remaining bytes.
    const resultWords = wordsIfAligned(result, shared);
    const sourceWords = resultWords && wordsIfAligned(source, shared);
    const done = sourceWords ? sourceWords.length * 4 : 0;
    if (operation === 'and') {
      if (sourceWords) for (let w = 0; w < sourceWords.length; w++) resultWords![w]! &= sourceWords[w]!;
      for (let i = done; i < shared; i++) result[i]! &= source[i]!;
      result.fill(0, shared);
    } else if (operation === 'or') {
      if (sourceWords) for (let w = 0; w < sourceWords.length; w++) resultWords![w]! |= sourceWords[w]!;
      for (let i = done; i < shared; i++) result[i]! |= source[i]!;
    } else {
      if (sourceWords) for (let w = 0; w < sourceWords.length; w++) resultWords![w]! ^= sourceWords[w]!;
      for (let i = done; i < shared; i++) result[i]! ^= source[i]!;
    }
  }
}

export const bitop = defineCommand({
  name: 'bitop', arity: -4, flags: 'write denyoom', keys: [2, -1, 1],
  keySpecs: [rangeKeys('OW update', 2), rangeKeys('RO access', 3, -1)],
  group: 'bitmap', since: '2.6.0', complexity: 'O(N)',
  summary: 'Stores the bitwise AND, OR, XOR or NOT of string values in a destination key; answers its length.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const operation = cKeyword(argv[1]!);
    if (!OPERATIONS.has(operation)) return reply.error(ERR_SYNTAX);
    if (operation === 'not' && argv.length !== 4) return reply.error(ERR_BITOP_NOT);
    const sources: Uint8Array[] = [];
    let length = 0;
    for (let i = 3; i < argv.length; i++) {
      const value = db.read(argv[i]!);
      if (value === undefined) {
        sources.push(new Uint8Array(0));
        continue;
      }
      if (!isStringValue(value)) return reply.error(ERR_WRONGTYPE);
      const bytes = bytesOf(value);
      sources.push(bytes);
      if (bytes.length > length) length = bytes.length;
    }
    const destination = argv[2]!;
    if (length > 0) {
      // Computed straight into the new value's bytes (zero-filled first, as missing bytes are zeros).
      const stored = new RawString('', length);
      stored.ensureLength(length);
      combine(operation as Operation, sources, stored.bytesView());
      db.set(destination, stored);
      db.modified(destination);
      notifyDb(db, NOTIFY_STRING, 'set', destination);
    } else if (db.delete(destination)) {
      db.modified(destination);
      notifyDb(db, NOTIFY_GENERIC, 'del', destination);
    }
    reply.int(length);
  },
});

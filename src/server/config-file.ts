import { readFileSync } from 'node:fs';
import { splitArgs } from '../frontends/resp/inline.js';

/**
 * Reads a redis.conf-style file: one `name value...` directive per line, `#` comments, quoting
 * as in redis-cli. Returns name/value pairs in file order (later ones win).
 */
export function parseConfigText(text: string, source: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const words = splitArgs(trimmed);
    if (words === null || words.length === 0) throw new Error(`${source}:${index + 1}: unbalanced quotes`);
    const [name, ...values] = words as [string, ...string[]];
    pairs.push([name.toLowerCase(), values.join(' ')]);
  });
  return pairs;
}

export function readConfigFile(path: string): Array<[string, string]> {
  return parseConfigText(readFileSync(path, 'latin1'), path);
}

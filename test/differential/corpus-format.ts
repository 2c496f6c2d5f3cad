import { splitArgs } from '../../src/frontends/resp/inline.js';

/**
 * The differential corpus format, one case per line:
 *
 *   SET k v ; GET k ; @sort KEYS * ; @approx PTTL k ; @sleep 120 ; @raw "*abc\r\n"
 *
 * Arguments use redis-cli quoting ("a b", "\x00", 'single'). A bare `;` separates commands. Each
 * command may carry one comparison modifier: @sort (aggregates compared as multisets), @approx
 * (numbers within max(2, 1%)), @type (only the reply type), @skip (run, not compared).
 * Pseudo-commands: `@sleep <ms>`; `@raw "<bytes>"` sends bytes as they are and compares what
 * comes back within a short wait (and whether the server closed the connection).
 * A line may start with @resp2 or @resp3 to run in only that protocol (default: both).
 * `#` starts a comment line. File directives: `#! config <name> <value>` runs the file against a
 * server pair started with that parameter.
 */

export type Comparison = 'exact' | 'sort' | 'approx' | 'type' | 'skip';

export type Step =
  | { kind: 'command'; argv: string[]; compare: Comparison }
  | { kind: 'sleep'; ms: number }
  | { kind: 'raw'; bytes: string };

export interface Case {
  line: number;
  source: string;
  protocols: Array<2 | 3>;
  steps: Step[];
}

export interface CorpusFile {
  name: string;
  config: Array<[string, string]>;
  cases: Case[];
}

const COMPARISONS: Record<string, Comparison> = { '@sort': 'sort', '@approx': 'approx', '@type': 'type', '@skip': 'skip' };

export function parseCorpus(name: string, text: string): CorpusFile {
  const file: CorpusFile = { name, config: [], cases: [] };
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line.startsWith('#!')) {
      const words = splitArgs(line.slice(2));
      if (words && words[0] === 'config' && words.length >= 3) file.config.push([words[1]!, words.slice(2).join(' ')]);
      else throw new Error(`${name}:${index + 1}: unknown directive`);
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    const words = splitArgs(line);
    if (words === null) throw new Error(`${name}:${index + 1}: unbalanced quotes`);
    let protocols: Array<2 | 3> = [2, 3];
    if (words[0] === '@resp2' || words[0] === '@resp3') protocols = [words.shift() === '@resp2' ? 2 : 3];
    const steps: Step[] = [];
    let current: string[] = [];
    const finish = () => {
      if (current.length === 0) return;
      const first = current[0]!;
      if (first === '@sleep') steps.push({ kind: 'sleep', ms: Number(current[1]) });
      else if (first === '@raw') steps.push({ kind: 'raw', bytes: current.slice(1).join('') });
      else if (COMPARISONS[first]) steps.push({ kind: 'command', argv: current.slice(1), compare: COMPARISONS[first]! });
      else steps.push({ kind: 'command', argv: current, compare: 'exact' });
      current = [];
    };
    for (const word of words) {
      if (word === ';') finish();
      else current.push(word);
    }
    finish();
    file.cases.push({ line: index + 1, source: line, protocols, steps });
  });
  return file;
}

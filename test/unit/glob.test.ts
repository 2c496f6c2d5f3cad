import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileGlob, globMatch } from '../../src/core/glob.js';

// Every expectation below was checked against redis-server 7.0.15: the case-sensitive ones with
// KEYS on a database holding only `text`, the case-insensitive ones with CONFIG GET (which
// matches parameter names without regard to case), the empty-text ones with PSUBSCRIBE/PUBLISH.

type Case = [pattern: string, text: string, matches: boolean];

const CASE_SENSITIVE: Case[] = [
  ['*', 'anything', true],
  ['*', '', false],
  ['**', '', false],
  ['', '', true],
  ['', 'a', false],
  ['a*', 'a', true],
  ['a*', 'ba', false],
  ['*c', 'abc', true],
  ['*b*', 'abc', true],
  ['*b*', 'b', true],
  ['*b*', 'ac', false],
  ['?', 'a', true],
  ['?', '', false],
  ['?', 'ab', false],
  ['a?c', 'abc', true],
  ['A*', 'abc', false],
  ['[a-c]', 'b', true],
  ['[c-a]', 'b', true],
  ['[a-c]', 'd', false],
  ['[^a]', 'a', false],
  ['[^a]', 'b', true],
  ['[^a-c]', 'b', false],
  ['[a-b-c]', '-', true],
  ['[a-b-c]', 'c', true],
  ['[-a]', '-', true],
  ['[a-]', '^', true],
  ['[a-]', 'b', false],
  ['[]', ']', false],
  ['[', '[', false],
  ['[a', 'a', true],
  ['[^', 'x', true],
  ['a[', 'a', false],
  ['a[', 'a[', false],
  ['[[]', '[', true],
  ['[\\]]', ']', true],
  ['[\\a-c]', 'b', false],
  ['[\\a-c]', '-', true],
  ['[\\\\]', '\\', true],
  ['[a\\', '\\', true],
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['a\\', 'a\\', true],
  ['\\', '\\', true],
  ['a\\?b', 'axb', false],
  ['a\\?b', 'a?b', true],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h*llo', 'heeello', true],
  // Ranges compare bytes as C's signed char: 0x80-0xff sort below 0x00.
  ['[\x00-\xff]', '\xff', true],
  ['[\x00-\xff]', '\x01', false],
  ['[\x80-\xff]', '\x90', true],
  ['[a-\xff]', '\x01', true],
  ['[a-\xff]', 'b', false],
  ['[a-\xff]', '\x80', false],
  ['[\x7f-\x80]', 'a', true],
  ['*\x00*', 'a\x00b', true],
  ['a?b', 'a\x00b', true],
  ['a*b*c', 'axbxc', true],
  ['*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(40) + 'b', true],
  ['*a*a*a*a*a*a*a*a*a*d', 'a'.repeat(40) + 'c', false],
  ['user:[0-9]*', 'user:10', true],
  ['*a'.repeat(1000), 'a'.repeat(1200), true],
  // Deeper than 1000 nested stars, Redis gives up and reports no match.
  ['*a'.repeat(1001), 'a'.repeat(1200), false],
];

const CASE_INSENSITIVE: Case[] = [
  ['SAV?', 'save', true],
  ['[S]ave', 'save', true],
  ['[R-T]ave', 'save', true],
  ['[r-t]AVE', 'save', true],
  ['[s-R]ave', 'save', true],
  ['[t-R]ave', 'save', true],
  // A reversed range is swapped before case folding, so [Z-a] folds to the empty [z-a].
  ['[Z-a]ave', 'save', false],
  // An escaped byte inside brackets compares exactly, without folding.
  ['[\\S]ave', 'save', false],
  ['[\\s]ave', 'save', true],
  ['[^S]ave', 'save', false],
];

const show = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...(${text.length})` : text);

describe('globMatch', () => {
  test('case-sensitive matching follows Redis', () => {
    for (const [pattern, text, matches] of CASE_SENSITIVE) {
      assert.equal(globMatch(pattern, text), matches, `${show(pattern)} vs ${show(text)}`);
    }
  });

  test('case-insensitive matching follows Redis', () => {
    for (const [pattern, text, matches] of CASE_INSENSITIVE) {
      assert.equal(globMatch(pattern, text, true), matches, `${show(pattern)} vs ${show(text)} (nocase)`);
    }
  });
});

describe('compileGlob', () => {
  test('its fast paths agree with globMatch', () => {
    const patterns = ['*', 'abc', 'ab*', '*bc', '*b*', '', '*', '**', 'a*c', 'a\\*', '*\\*'];
    const texts = ['', 'a', 'ab', 'abc', 'bc', 'b', 'xbx', 'a*', 'abcabc', '*'];
    for (const pattern of patterns) {
      const matches = compileGlob(pattern);
      for (const text of texts) {
        assert.equal(matches(text), globMatch(pattern, text), `${show(pattern)} vs ${show(text)}`);
      }
    }
  });

  test('matches every verified case like globMatch', () => {
    for (const [pattern, text, expected] of CASE_SENSITIVE) {
      assert.equal(compileGlob(pattern)(text), expected, `${show(pattern)} vs ${show(text)}`);
    }
  });
});

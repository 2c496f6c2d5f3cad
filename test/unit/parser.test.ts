import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestParser, type ParserLimits } from '../../src/frontends/resp/parser.js';
import { splitArgs } from '../../src/frontends/resp/inline.js';
import { seededRandom, type SeededRandom } from '../helpers/seeded-random.js';

// The RESP request parser must give the same commands however the bytes are cut into reads, and
// must fail on malformed input with Redis's exact error text.

interface LimitOptions {
  maxBulk?: number;
  maxQuery?: number;
  authenticated?: boolean;
}

function limits(options: LimitOptions = {}): ParserLimits {
  return {
    maxBulkLength: () => options.maxBulk ?? 512 * 1024 * 1024,
    maxQueryBuffer: () => options.maxQuery ?? 1024 * 1024 * 1024,
    authenticated: () => options.authenticated ?? true,
  };
}

interface Outcome {
  commands: string[][];
  ok: boolean;
  reply: string | undefined;
}

function parseChunks(chunks: readonly Buffer[], options?: LimitOptions): Outcome {
  const parser = new RequestParser(limits(options));
  const commands: string[][] = [];
  let ok = true;
  for (const chunk of chunks) {
    ok = parser.feed(chunk, commands);
    if (!ok) break;
  }
  return { commands, ok, reply: parser.failure?.reply };
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const multibulk = (argv: readonly string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
const allBytes = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

/** A short stream of many request shapes, with the commands it must parse to. */
const SHORT_REQUESTS: Array<[wire: string, argv: string[] | null]> = [
  [multibulk(['SET', 'k\0\r\n', 'v\r\n\0x']), ['SET', 'k\0\r\n', 'v\r\n\0x']],
  [multibulk(['SET', '', '']), ['SET', '', '']],
  [multibulk(['ECHO', allBytes]), ['ECHO', allBytes]],
  ['*0\r\n', null],
  ['*-1\r\n', null],
  ['PING\r\n', ['PING']],
  ['set a b\n', ['set', 'a', 'b']],
  ['\r\n', null],
  ['   \t \r\n', null],
  [`set "x\\x00y\\r\\n" 'a b' "q\\"uote"\r\n`, ['set', 'x\0y\r\n', 'a b', 'q"uote']],
  ['  get   spaced  \r\n', ['get', 'spaced']],
  [multibulk(['MSET', '*1\r\n', '$3\r\n', '"', "'"]), ['MSET', '*1\r\n', '$3\r\n', '"', "'"]],
  [multibulk(['X']), ['X']],
];

function buildStream(requests: ReadonlyArray<[string, string[] | null]>): { stream: Buffer; expected: string[][] } {
  const expected = requests.flatMap(([, argv]) => (argv === null ? [] : [argv]));
  return { stream: bytes(requests.map(([wire]) => wire).join('')), expected };
}

function patterned(length: number, offset: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode((i * 7 + offset) & 255);
  return out;
}

const LARGE_A = patterned(70_000, 3);
const LARGE_B = patterned(200_000, 101);
const LONG_REQUESTS: Array<[string, string[] | null]> = [
  ['PING\r\n', ['PING']],
  [multibulk(['SET', 'big', LARGE_A]), ['SET', 'big', LARGE_A]],
  [multibulk(['SET', 'small', '\r\n']), ['SET', 'small', '\r\n']],
  [multibulk(['APPEND', LARGE_B, '', LARGE_A]), ['APPEND', LARGE_B, '', LARGE_A]],
  ['GET big\r\n', ['GET', 'big']],
];

function splitAt(stream: Buffer, points: readonly number[]): Buffer[] {
  const sorted = [...points].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of sorted) {
    chunks.push(stream.subarray(start, point));
    start = point;
  }
  chunks.push(stream.subarray(start));
  return chunks;
}

function assertSameCommands(actual: Outcome, expected: string[][], where: string): void {
  assert.equal(actual.ok, true, `${where}: failed with ${actual.reply}`);
  assert.equal(actual.commands.length, expected.length, `${where}: command count`);
  for (let i = 0; i < expected.length; i++) {
    // Compare lengths first: a mismatch in a 200 KB argument would otherwise print megabytes.
    assert.deepEqual(actual.commands[i]!.map((a) => a.length), expected[i]!.map((a) => a.length), `${where}: command ${i} argument lengths`);
    assert.ok(actual.commands[i]!.every((arg, j) => arg === expected[i]![j]), `${where}: command ${i} differs`);
  }
}

describe('RequestParser: any split gives the same commands', () => {
  test('the unsplit short stream parses to the expected commands', () => {
    const { stream, expected } = buildStream(SHORT_REQUESTS);
    assertSameCommands(parseChunks([stream]), expected, 'unsplit');
  });

  test('the short stream split at every point, and at every pair of points', () => {
    const { stream, expected } = buildStream(SHORT_REQUESTS);
    for (let i = 0; i <= stream.length; i++) assertSameCommands(parseChunks(splitAt(stream, [i])), expected, `split at ${i}`);
    // Three pieces: every pair would be ~O(n^2) = 700k parses; a stride keeps it to a few thousand.
    for (let i = 1; i < stream.length; i += 7) {
      for (let j = i; j < stream.length; j += 11) assertSameCommands(parseChunks(splitAt(stream, [i, j])), expected, `split at ${i},${j}`);
    }
  });

  test('the short stream delivered one byte at a time', () => {
    const { stream, expected } = buildStream(SHORT_REQUESTS);
    const chunks = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    assertSameCommands(parseChunks(chunks), expected, 'byte by byte');
  });

  test('a stream with bulk strings over 64 KiB: unsplit, sampled split points, byte by byte', () => {
    const { stream, expected } = buildStream(LONG_REQUESTS);
    assertSameCommands(parseChunks([stream]), expected, 'unsplit');
    const random = seededRandom();
    console.log(`parser split-point sample seed: ${random.seed} (replay with RESTIS_SEED=${random.seed})`);
    // Every point near the boundaries of each request (headers, CRLFs), plus random ones.
    const points = new Set<number>();
    let offset = 0;
    for (const [wire] of LONG_REQUESTS) {
      for (let d = -40; d <= 40; d++) points.add(offset + d);
      offset += wire.length;
      for (let d = -40; d <= 0; d++) points.add(offset + d);
    }
    for (let i = 0; i < 300; i++) points.add(random.below(stream.length + 1));
    for (const point of points) {
      if (point < 0 || point > stream.length) continue;
      assertSameCommands(parseChunks(splitAt(stream, [point])), expected, `split at ${point} (seed ${random.seed})`);
    }
    for (let i = 0; i < 100; i++) {
      const cuts = Array.from({ length: 1 + random.below(8) }, () => random.below(stream.length + 1));
      assertSameCommands(parseChunks(splitAt(stream, cuts)), expected, `split at ${cuts.join(',')} (seed ${random.seed})`);
    }
    const byByte = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    assertSameCommands(parseChunks(byByte), expected, 'byte by byte');
  });

  test('the parser keeps no reference to a chunk the caller reuses', () => {
    const { stream, expected } = buildStream(SHORT_REQUESTS);
    const parser = new RequestParser(limits());
    const commands: string[][] = [];
    const scratch = Buffer.alloc(5);
    for (let i = 0; i < stream.length; i += 5) {
      const n = stream.copy(scratch, 0, i, Math.min(i + 5, stream.length));
      assert.equal(parser.feed(scratch.subarray(0, n), commands), true);
      scratch.fill(0x58);
    }
    assertSameCommands({ commands, ok: true, reply: undefined }, expected, 'reused buffer');
  });
});

describe('RequestParser: malformed input', () => {
  const cases: Array<[name: string, wire: string, reply: string, options?: LimitOptions]> = [
    ['non-numeric multibulk count', '*abc', 'ERR Protocol error: invalid multibulk length'],
    ['multibulk count with a leading +', '*+1\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['multibulk count with a leading zero', '*01\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['multibulk count above 1048576', '*1048577\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['non-numeric bulk length', '*1\r\n$abc', 'ERR Protocol error: invalid bulk length'],
    ['negative bulk length', '*1\r\n$-1\r\n', 'ERR Protocol error: invalid bulk length'],
    ['bulk length with a leading zero', '*1\r\n$01\r\n', 'ERR Protocol error: invalid bulk length'],
    ['something else where $ belongs', '*1\r\nX', "ERR Protocol error: expected '$', got 'X'"],
    ['second argument without $', '*2\r\n$1\r\na\r\n:', "ERR Protocol error: expected '$', got ':'"],
    ['bulk longer than proto-max-bulk-len (default)', '*1\r\n$536870913\r\n', 'ERR Protocol error: invalid bulk length'],
    ['bulk longer than a lowered proto-max-bulk-len', '*1\r\n$1048577\r\n', 'ERR Protocol error: invalid bulk length', { maxBulk: 1024 * 1024 }],
    ['more than 10 arguments before AUTH', '*11\r\n', 'ERR Protocol error: unauthenticated multibulk length', { authenticated: false }],
    ['bulk over 16384 bytes before AUTH', '*1\r\n$16385\r\n', 'ERR Protocol error: unauthenticated bulk length', { authenticated: false }],
    ['unbalanced double quote inline', 'SET "a b\r\n', 'ERR Protocol error: unbalanced quotes in request'],
    ['unbalanced single quote inline', "SET 'a\n", 'ERR Protocol error: unbalanced quotes in request'],
    ['closing quote followed by a non-blank', 'SET "a"b c\r\n', 'ERR Protocol error: unbalanced quotes in request'],
    ['inline request over 64 KiB without newline', 'x'.repeat(64 * 1024 + 1), 'ERR Protocol error: too big inline request'],
  ];

  for (const [name, wire, reply, options] of cases) {
    test(`${name}: answers at once with ${JSON.stringify(reply)}`, () => {
      const outcome = parseChunks([bytes(wire)], options);
      assert.equal(outcome.ok, false, 'the parser must fail without waiting for more bytes');
      assert.equal(outcome.reply, reply);
      assert.deepEqual(outcome.commands, []);
    });
  }

  test('limits are exclusive: the largest accepted values wait for more bytes', () => {
    const waiting: Array<[string, LimitOptions?]> = [
      ['*1048576\r\n'],
      ['*1\r\n$536870912\r\n'],
      ['*10\r\n', { authenticated: false }],
      ['*1\r\n$16384\r\n', { authenticated: false }],
      ['x'.repeat(64 * 1024)],
    ];
    for (const [wire, options] of waiting) {
      const outcome = parseChunks([bytes(wire)], options);
      assert.equal(outcome.ok, true, `${JSON.stringify(wire.slice(0, 30))} should wait, got ${outcome.reply}`);
      assert.deepEqual(outcome.commands, []);
    }
  });

  test('commands before the error are still delivered, and the parser stays failed', () => {
    const parser = new RequestParser(limits());
    const commands: string[][] = [];
    assert.equal(parser.feed(bytes('PING\r\n*1\r\n$4\r\nECHO\r\n*1\r\nX'), commands), false);
    assert.deepEqual(commands, [['PING'], ['ECHO']]);
    assert.equal(parser.failure?.reply, "ERR Protocol error: expected '$', got 'X'");
    assert.equal(parser.feed(bytes('PING\r\n'), commands), false, 'a failed parser accepts nothing more');
    assert.deepEqual(commands, [['PING'], ['ECHO']]);
  });

  test('an error split across reads is found as soon as its first bad byte arrives', () => {
    const parser = new RequestParser(limits());
    const commands: string[][] = [];
    assert.equal(parser.feed(bytes('*2\r\n$3\r\nGET\r\n'), commands), true);
    assert.equal(parser.feed(bytes('$'), commands), true);
    assert.equal(parser.feed(bytes('x'), commands), false);
    assert.equal(parser.failure?.reply, 'ERR Protocol error: invalid bulk length');
  });

  test('a command that outgrows client-query-buffer-limit fails without a reply', () => {
    const limit = 1024 * 1024;
    const header = bytes('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2097152\r\n');
    const parser = new RequestParser(limits({ maxQuery: limit }));
    const commands: string[][] = [];
    assert.equal(parser.feed(header, commands), true);
    const piece = Buffer.alloc(256 * 1024, 0x61);
    let ok = true;
    let sent = 0;
    while (ok && sent < 2 * 1024 * 1024) {
      ok = parser.feed(piece, commands);
      sent += piece.length;
    }
    assert.equal(ok, false, 'the parser must give up once the limit is passed');
    assert.ok(sent <= limit + piece.length, `gave up only after ${sent} bytes`);
    assert.notEqual(parser.failure, null);
    assert.equal(parser.failure!.reply, undefined, 'Redis closes such a client without a reply');
    assert.deepEqual(commands, []);
  });

  test('a command within client-query-buffer-limit still parses', () => {
    const value = 'v'.repeat(512 * 1024);
    const outcome = parseChunks(splitAt(bytes(multibulk(['SET', 'k', value])), [100, 200_000, 400_000]), { maxQuery: 1024 * 1024 });
    assertSameCommands(outcome, [['SET', 'k', value]], 'under the limit');
  });
});

describe('RequestParser: random input', () => {
  // Protocol-looking bytes are much likelier to reach deep states than uniform noise.
  const ALPHABET = ['*', '$', '\r', '\n', '\r\n', '0', '1', '2', '3', '9', '-', '"', "'", '\\', 'x', ' ', 'a', '\0', '\xff', '*1\r\n', '$3\r\n', 'SET'];

  function garbage(random: SeededRandom): Buffer {
    let text = '';
    const pieces = random.below(60);
    for (let i = 0; i < pieces; i++) {
      text += random.next() < 0.85 ? ALPHABET[random.below(ALPHABET.length)] : String.fromCharCode(random.below(256));
    }
    return bytes(text);
  }

  test('seeded garbage never throws and ends in commands, waiting, or a failure', () => {
    const random = seededRandom();
    console.log(`parser garbage seed: ${random.seed} (replay with RESTIS_SEED=${random.seed})`);
    let failures = 0;
    let completed = 0;
    for (let round = 0; round < 5000; round++) {
      const input = garbage(random);
      const chunks = splitAt(input, Array.from({ length: random.below(4) }, () => random.below(input.length + 1)));
      const options: LimitOptions = { authenticated: random.next() < 0.7, maxBulk: random.next() < 0.5 ? 1024 * 1024 : undefined };
      const parser = new RequestParser(limits(options));
      const commands: string[][] = [];
      let ok = true;
      for (const chunk of chunks) {
        try {
          ok = parser.feed(chunk, commands);
        } catch (error) {
          assert.fail(`feed threw ${String(error)} on ${JSON.stringify(input.toString('latin1'))} (seed ${random.seed}, round ${round})`);
        }
        if (!ok) break;
      }
      const where = `${JSON.stringify(input.toString('latin1'))} (seed ${random.seed}, round ${round})`;
      if (ok) {
        assert.equal(parser.failure, null, `ok but failed: ${where}`);
      } else {
        failures++;
        assert.ok(parser.failure !== null, `not ok without a failure: ${where}`);
        assert.match(parser.failure.reply ?? '', /^ERR Protocol error: /, `reply of ${where}`);
      }
      for (const argv of commands) {
        assert.ok(Array.isArray(argv) && argv.length > 0, `empty command from ${where}`);
        assert.ok(argv.every((arg) => typeof arg === 'string'), `non-string argument from ${where}`);
      }
      completed += commands.length;
    }
    // The generator must exercise both outcomes, or the test proves nothing.
    assert.ok(failures > 100, `only ${failures} failures`);
    assert.ok(completed > 100, `only ${completed} commands`);
  });

  test('garbage after valid commands keeps the commands before it', () => {
    const random = seededRandom();
    console.log(`parser prefix seed: ${random.seed} (replay with RESTIS_SEED=${random.seed})`);
    const { stream, expected } = buildStream(SHORT_REQUESTS);
    for (let round = 0; round < 500; round++) {
      const outcome = parseChunks([stream, garbage(random)]);
      assert.ok(outcome.commands.length >= expected.length, `round ${round}`);
      assert.deepEqual(outcome.commands.slice(0, expected.length), expected);
    }
  });
});

describe('splitArgs (inline commands)', () => {
  const cases: Array<[string, string[] | null]> = [
    ['', []],
    ['   ', []],
    ['get key', ['get', 'key']],
    ['  a\tb  c ', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['"\\x41\\x00\\xff\\xzz"', ['A\0\xffxzz']],
    ['"\\n\\r\\t\\b\\a\\\\\\"\\q"', ['\n\r\t\b\x07\\"q']],
    ["'it\\'s' 'a\\nb'", ["it's", 'a\\nb']],
    ['""', ['']],
    ["''", ['']],
    ['"" x', ['', 'x']],
    ['"a"b', null],
    ["'a'b", null],
    ['"abc', null],
    ["'abc", null],
    ['"abc\\"', null],
    ['a"b"', ['ab']],
    ["x'y z'", ['xy z']],
  ];
  for (const [line, expected] of cases) {
    test(`splitArgs(${JSON.stringify(line)})`, () => assert.deepEqual(splitArgs(line), expected));
  }
});

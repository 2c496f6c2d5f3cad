// https://redis.io/commands/zcard/ (also ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT)
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_ZSET_MIN_MAX_NOT_FLOAT, ERR_ZSET_MIN_MAX_NOT_LEX } from '../../core/errors.js';
import { countInLexRange, countInScoreRange } from '../../engine/types/zset-ranges.js';
import { parseLexRange, parseScoreRange } from './range-args.js';
import { readZset } from './zset-lookup.js';

const readSpec = {
  flags: 'readonly fast', keys: [1, 1, 1] as [number, number, number], keySpecs: [rangeKeys('RO access', 1)],
  group: 'sorted_set' as const,
};

export const zcard = defineCommand({
  ...readSpec, keySpecs: [rangeKeys('RO', 1)], name: 'zcard', arity: 2, since: '1.2.0', complexity: 'O(1)',
  summary: 'Answers the number of members of a sorted set.',
  run({ argv, db, reply }) {
    const zset = readZset(db, argv[1]!, reply);
    if (zset !== null) reply.int(zset?.size ?? 0);
  },
});

export const zscore = defineCommand({
  ...readSpec, name: 'zscore', arity: 3, since: '1.2.0', complexity: 'O(1)',
  summary: 'Answers the score of a sorted set member.',
  run({ argv, db, reply }) {
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    const score = zset?.score(argv[2]!);
    if (score === undefined) reply.nil();
    else reply.double(score);
  },
});

export const zmscore = defineCommand({
  ...readSpec, name: 'zmscore', arity: -3, since: '6.2.0', complexity: 'O(N) for N members',
  summary: 'Answers the scores of several sorted set members.',
  run({ argv, db, reply }) {
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    reply.array(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      const score = zset?.score(argv[i]!);
      if (score === undefined) reply.nil();
      else reply.double(score);
    }
  },
});

function rankCommand(name: 'zrank' | 'zrevrank', summary: string) {
  return defineCommand({
    ...readSpec, name, arity: 3, since: '2.0.0', complexity: 'O(log(N))', summary,
    run({ argv, db, reply }) {
      const zset = readZset(db, argv[1]!, reply);
      if (zset === null) return;
      const rank = zset?.rank(argv[2]!);
      if (rank === undefined) return reply.nil();
      reply.int(name === 'zrank' ? rank : zset!.size - 1 - rank);
    },
  });
}

export const zrank = rankCommand('zrank', 'Answers the position of a member in a sorted set, lowest score first.');
export const zrevrank = rankCommand('zrevrank', 'Answers the position of a member in a sorted set, highest score first.');

export const zcount = defineCommand({
  ...readSpec, name: 'zcount', arity: 4, since: '2.0.0', complexity: 'O(log(N))',
  summary: 'Counts the members of a sorted set with a score in a range.',
  run({ argv, db, reply }) {
    const range = parseScoreRange(argv[2]!, argv[3]!);
    if (range === null) return reply.error(ERR_ZSET_MIN_MAX_NOT_FLOAT);
    const zset = readZset(db, argv[1]!, reply);
    if (zset !== null) reply.int(zset === undefined ? 0 : countInScoreRange(zset, range));
  },
});

export const zlexcount = defineCommand({
  ...readSpec, name: 'zlexcount', arity: 4, since: '2.8.9', complexity: 'O(log(N))',
  summary: 'Counts the members of a sorted set in a lexicographical range.',
  run({ argv, db, reply }) {
    const range = parseLexRange(argv[2]!, argv[3]!);
    if (range === null) return reply.error(ERR_ZSET_MIN_MAX_NOT_LEX);
    const zset = readZset(db, argv[1]!, reply);
    if (zset !== null) reply.int(zset === undefined ? 0 : countInLexRange(zset, range));
  },
});

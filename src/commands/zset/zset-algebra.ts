// https://redis.io/commands/zunionstore/ (also ZUNION ZINTER ZINTERSTORE ZINTERCARD ZDIFF ZDIFFSTORE)
import { isKeyword, keywordOf, parseDouble, parseInteger } from '../../core/args.js';
import { defineCommand, keyNumKeys, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_LIMIT_NEGATIVE, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE, ERR_ZSET_WEIGHT_NOT_FLOAT, zsetNeedsInputKey } from '../../core/errors.js';
import { SetValue } from '../../engine/types/set.js';
import { SortedSet, sortElements } from '../../engine/types/zset.js';
import { replyElements, storeZset } from './zset-lookup.js';

type Operation = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

/** An input: a sorted set, or a set whose members all score 1; missing keys are empty. */
interface Input {
  value: SortedSet | SetValue | undefined;
  weight: number;
}

function inputSize(input: Input): number {
  return input.value === undefined ? 0 : input.value.size;
}

function forEachElement(input: Input, visit: (member: string, score: number) => void): void {
  const { value } = input;
  if (value instanceof SortedSet) {
    value.walk(0, false, (member, score) => {
      visit(member, score);
      return true;
    });
  } else if (value !== undefined) {
    for (let i = 0; i < value.size; i++) visit(value.memberAt(i), 1);
  }
}

function scoreIn(input: Input, member: string): number | undefined {
  const { value } = input;
  if (value instanceof SortedSet) return value.score(member);
  return value !== undefined && value.has(member) ? 1 : undefined;
}

/** Combines two scores as Redis does: a sum that comes out NaN (inf + -inf) is 0. */
function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === 'sum') {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  // Plain comparisons, not Math.min/max, so -0 and 0 keep whichever came first.
  if (how === 'min') return value < target ? value : target;
  return value > target ? value : target;
}

/** A weighted score: 0 * inf is NaN, which Redis turns into 0. */
function weighted(score: number, weight: number): number {
  const product = score * weight;
  return Number.isNaN(product) ? 0 : product;
}

interface Result {
  members: string[];
  scores: number[];
}

function union(inputs: Input[], how: Aggregate): Result {
  const accumulator = new Map<string, number>();
  for (const input of inputs) {
    forEachElement(input, (member, score) => {
      const value = weighted(score, input.weight);
      const current = accumulator.get(member);
      accumulator.set(member, current === undefined ? value : aggregate(current, value, how));
    });
  }
  return { members: [...accumulator.keys()], scores: [...accumulator.values()] };
}

/** Intersection; with `limit` (cardinality only) it stops counting there. Returns the members found. */
function intersection(inputs: Input[], how: Aggregate, countOnly: boolean, limit: number): Result & { count: number } {
  const result = { members: [] as string[], scores: [] as number[], count: 0 };
  const [smallest, ...others] = inputs;
  if (smallest === undefined || inputSize(smallest) === 0) return result;
  let stop = false;
  forEachElement(smallest, (member, score) => {
    if (stop) return;
    let total = weighted(score, smallest.weight);
    for (const other of others) {
      const found = other.value === smallest.value ? score : scoreIn(other, member);
      if (found === undefined) return;
      total = aggregate(total, found * other.weight, how);
    }
    result.count++;
    if (countOnly) {
      if (limit !== 0 && result.count >= limit) stop = true;
      return;
    }
    result.members.push(member);
    result.scores.push(total);
  });
  return result;
}

function difference(inputs: Input[]): Result {
  const result: Result = { members: [], scores: [] };
  const [first, ...others] = inputs;
  if (first === undefined || others.some((other) => other.value !== undefined && other.value === first.value)) return result;
  forEachElement(first, (member, score) => {
    for (const other of others) if (scoreIn(other, member) !== undefined) return;
    result.members.push(member);
    result.scores.push(score);
  });
  return result;
}

/**
 * Redis's zunionInterDiffGenericCommand. `numkeysIndex` is where numkeys is; `destination` is
 * set for the STORE forms; `countOnly` for ZINTERCARD.
 */
function runOperation(ctx: CommandContext, operation: Operation, numkeysIndex: number, destination: string | undefined, countOnly: boolean): void {
  const { argv, db, reply } = ctx;
  const numkeys = parseInteger(argv[numkeysIndex]!);
  if (numkeys === null) return reply.error(ERR_NOT_INTEGER);
  if (numkeys < 1) return reply.error(zsetNeedsInputKey(ctx.spec.fullName));
  if (numkeys > argv.length - (numkeysIndex + 1)) return reply.error(ERR_SYNTAX);
  const inputs: Input[] = [];
  let index = numkeysIndex + 1;
  for (let i = 0; i < numkeys; i++, index++) {
    const value = db.read(argv[index]!);
    if (value !== undefined && !(value instanceof SortedSet) && !(value instanceof SetValue)) return reply.error(ERR_WRONGTYPE);
    inputs.push({ value, weight: 1 });
  }
  let how: Aggregate = 'sum';
  let withScores = false;
  let limit = 0;
  while (index < argv.length) {
    const remaining = argv.length - index;
    const option = keywordOf(argv[index]!);
    if (operation !== 'diff' && !countOnly && remaining >= numkeys + 1 && option === 'weights') {
      index++;
      for (const input of inputs) {
        const weight = parseDouble(argv[index++]!);
        if (weight === null) return reply.error(ERR_ZSET_WEIGHT_NOT_FLOAT);
        input.weight = weight;
      }
    } else if (operation !== 'diff' && !countOnly && remaining >= 2 && option === 'aggregate') {
      const value = argv[index + 1]!;
      if (isKeyword(value, 'sum')) how = 'sum';
      else if (isKeyword(value, 'min')) how = 'min';
      else if (isKeyword(value, 'max')) how = 'max';
      else return reply.error(ERR_SYNTAX);
      index += 2;
    } else if (destination === undefined && !countOnly && option === 'withscores') {
      withScores = true;
      index++;
    } else if (countOnly && remaining >= 2 && option === 'limit') {
      const parsed = parseInteger(argv[index + 1]!);
      if (parsed === null || parsed < 0) return reply.error(ERR_LIMIT_NEGATIVE);
      limit = parsed;
      index += 2;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  // Smallest input first (a stable sort, as glibc's qsort is here): the order scores are summed in.
  const ordered = operation === 'diff' ? inputs : [...inputs].sort((a, b) => inputSize(a) - inputSize(b));
  if (countOnly) return reply.int(intersection(ordered, how, true, limit).count);
  const raw = operation === 'union' ? union(ordered, how) : operation === 'inter' ? intersection(ordered, how, false, 0) : difference(ordered);
  const sorted = sortElements(raw.members, raw.scores);
  if (destination !== undefined) {
    storeZset(db, reply, destination, SortedSet.fromSorted(sorted.members, sorted.scores, ctx.server.encodingLimits), ctx.spec.name);
  } else {
    replyElements(reply, sorted.members, sorted.scores, withScores);
  }
}

const COMPLEXITY: Record<Operation, string> = {
  union: 'O(N)+O(M*log(M)) for N input members and M result members',
  inter: 'O(N*K)+O(M*log(M)) for the smallest input N, K inputs and M result members',
  diff: 'O(L + (N-K)*log(N)) for L input members, N in the first input and K in the result',
};

function readingCommand(name: string, operation: Operation, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -3, flags: 'readonly movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RO access', 1)],
    group: 'sorted_set', since: '6.2.0', complexity: COMPLEXITY[operation], summary,
    run: (ctx) => runOperation(ctx, operation, 1, undefined, false),
  });
}

function storingCommand(name: string, since: string, operation: Operation, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -4, flags: 'write denyoom movablekeys', keys: [1, 1, 1],
    keySpecs: [rangeKeys('OW update', 1), keyNumKeys('RO access', 2)],
    group: 'sorted_set', since, complexity: COMPLEXITY[operation], summary,
    run: (ctx) => runOperation(ctx, operation, 2, ctx.argv[1]!, false),
  });
}

export const zunion = readingCommand('zunion', 'union', 'Answers the union of sorted sets (and sets), with WEIGHTS and AGGREGATE.');
export const zinter = readingCommand('zinter', 'inter', 'Answers the intersection of sorted sets (and sets), with WEIGHTS and AGGREGATE.');
export const zdiff = readingCommand('zdiff', 'diff', 'Answers the members of the first sorted set that no other input has.');
export const zunionstore = storingCommand('zunionstore', '2.0.0', 'union', 'Stores the union of sorted sets (and sets) at a key; answers its size.');
export const zinterstore = storingCommand('zinterstore', '2.0.0', 'inter', 'Stores the intersection of sorted sets (and sets) at a key; answers its size.');
export const zdiffstore = storingCommand('zdiffstore', '6.2.0', 'diff', 'Stores the difference of sorted sets at a key; answers its size.');

export const zintercard = defineCommand({
  name: 'zintercard', arity: -3, flags: 'readonly movablekeys', keys: [0, 0, 0], keySpecs: [keyNumKeys('RO access', 1)],
  group: 'sorted_set', since: '7.0.0', complexity: COMPLEXITY.inter,
  summary: 'Counts the members every given sorted set has, optionally stopping at a LIMIT.',
  run: (ctx) => runOperation(ctx, 'inter', 1, undefined, true),
});

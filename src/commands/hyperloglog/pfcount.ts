import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { ERR_HLL_CORRUPT } from '../../core/errors.js';
import { cardinality, countRegisterArray, mergeInto, newRegisterArray } from '../../engine/hyperloglog/hyperloglog.js';
import { checkHyperLogLog, editableHyperLogLog, pastEndOf, readableBytes } from './hll-value.js';

/** Several keys: the estimate of their union, never cached. */
function countUnion({ argv, db, reply }: CommandContext): void {
  const registers = newRegisterArray();
  for (let i = 1; i < argv.length; i++) {
    const value = db.read(argv[i]!);
    if (value === undefined) continue;
    if (!checkHyperLogLog(reply, value)) return;
    if (!mergeInto(readableBytes(value), registers, pastEndOf(value))) return reply.error(ERR_HLL_CORRUPT);
  }
  reply.int(BigInt.asIntN(64, countRegisterArray(registers)));
}

export const pfcount = defineCommand({
  name: 'pfcount', arity: -2, flags: 'readonly', keys: [1, -1, 1], keySpecs: [rangeKeys('RW access', 1, -1)],
  group: 'hyperloglog', since: '2.8.9', complexity: 'O(1) for one key (cached), O(N) in the keys otherwise',
  summary: 'Answers the estimated number of distinct elements added to one HyperLogLog, or to the union of several.',
  run(ctx) {
    if (ctx.argv.length > 2) return countUnion(ctx);
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const value = db.read(key);
    if (value === undefined) return reply.int(0);
    if (!checkHyperLogLog(reply, value)) return;
    // A recount is written back into the header, so PFCOUNT may modify the value like a write.
    const counted = cardinality(editableHyperLogLog(db, key, value));
    if (counted === undefined) return reply.error(ERR_HLL_CORRUPT);
    if (counted.recounted) db.modified(key);
    reply.int(counted.value);
  },
});

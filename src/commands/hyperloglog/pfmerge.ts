import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_HLL_CORRUPT } from '../../core/errors.js';
import {
  emptyHyperLogLog, invalidateCardinality, isDense, mergeInto, newRegisterArray, promoteToDense, raiseAll,
} from '../../engine/hyperloglog/hyperloglog.js';
import { RawString } from '../../engine/values.js';
import { checkHyperLogLog, editableHyperLogLog, pastEndOf, readableBytes } from './hll-value.js';
import { notifyDb, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const pfmerge = defineCommand({
  name: 'pfmerge', arity: -2, flags: 'write denyoom', keys: [1, -1, 1],
  keySpecs: [rangeKeys('RW access insert', 1), rangeKeys('RO access', 2, -1)],
  group: 'hyperloglog', since: '2.8.9', complexity: 'O(N) in the number of HyperLogLogs merged',
  summary: 'Stores in the destination the union of itself and the source HyperLogLogs.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const registers = newRegisterArray();
    // The destination takes part in the union too.
    let anyDense = false;
    for (let i = 1; i < argv.length; i++) {
      const value = db.read(argv[i]!);
      if (value === undefined) continue;
      if (!checkHyperLogLog(reply, value)) return;
      const bytes = readableBytes(value);
      if (isDense(bytes)) anyDense = true;
      if (!mergeInto(bytes, registers, pastEndOf(value))) return reply.error(ERR_HLL_CORRUPT);
    }
    const key = argv[1]!;
    const stored = db.get(key);
    let target: RawString;
    if (stored === undefined) {
      target = new RawString(emptyHyperLogLog());
      db.set(key, target);
    } else {
      // Checked as a HyperLogLog by the loop above.
      target = editableHyperLogLog(db, key, stored as string | RawString);
    }
    if (anyDense && !promoteToDense(target)) return reply.error(ERR_HLL_CORRUPT);
    raiseAll(target, registers, ctx.server.encodingLimits.hllSparseMaxBytes);
    invalidateCardinality(target);
    db.modified(key);
    notifyDb(db, NOTIFY_STRING, 'pfadd', key);
    reply.ok();
  },
});

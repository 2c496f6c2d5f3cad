import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_HLL_CORRUPT } from '../../core/errors.js';
import { addElement, emptyHyperLogLog, invalidateCardinality } from '../../engine/hyperloglog/hyperloglog.js';
import { RawString } from '../../engine/values.js';
import { checkHyperLogLog, editableHyperLogLog } from './hll-value.js';
import { notifyDb, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const pfadd = defineCommand({
  name: 'pfadd', arity: -2, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RW insert', 1)],
  group: 'hyperloglog', since: '2.8.9', complexity: 'O(1) per element',
  summary: 'Adds elements to a HyperLogLog (creating it if needed); answers 1 when its estimate may have changed.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const key = argv[1]!;
    const stored = db.get(key);
    let hll: RawString;
    let updated = 0;
    if (stored === undefined) {
      hll = new RawString(emptyHyperLogLog());
      db.set(key, hll);
      updated++;
    } else {
      if (!checkHyperLogLog(reply, stored)) return;
      hll = editableHyperLogLog(db, key, stored);
    }
    const sparseMaxBytes = ctx.server.encodingLimits.hllSparseMaxBytes;
    for (let i = 2; i < argv.length; i++) {
      const outcome = addElement(hll, argv[i]!, sparseMaxBytes);
      if (outcome === 1) updated++;
      else if (outcome === -1) return reply.error(ERR_HLL_CORRUPT);
    }
    if (updated > 0) {
      invalidateCardinality(hll);
      // Each changed register (and the creation) counts as a change, as in Redis.
      db.modified(key, updated);
      notifyDb(db, NOTIFY_STRING, 'pfadd', key);
    }
    reply.int(updated > 0 ? 1 : 0);
  },
});

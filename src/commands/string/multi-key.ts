import { defineCommand, rangeKeys } from '../../core/command.js';
import { wrongArity } from '../../core/errors.js';
import type { RawString } from '../../engine/values.js';
import { notify, NOTIFY_STRING } from '../../pubsub/notifications.js';

export const mget = defineCommand({
  name: 'mget', arity: -2, flags: 'readonly fast', keys: [1, -1, 1], keySpecs: [rangeKeys('RO access', 1, -1)],
  tips: 'request_policy:multi_shard',
  group: 'string', since: '1.0.0', complexity: 'O(N) in the number of keys', summary: 'Answers the string values of several keys; nil for missing keys and other types.',
  run({ argv, db, reply }) {
    const count = argv.length - 1;
    reply.array(count);
    for (let i = 1; i <= count; i++) {
      const value = db.read(argv[i]!);
      if (typeof value === 'string') reply.bulk(value);
      else if (value !== undefined && value.type === 'string') reply.bulk((value as RawString).toString());
      else reply.nil();
    }
  },
});

export const mset = defineCommand({
  name: 'mset', arity: -3, flags: 'write denyoom', keys: [1, -1, 2], keySpecs: [rangeKeys('OW update', 1, -1, 2)],
  tips: 'request_policy:multi_shard response_policy:all_succeeded',
  group: 'string', since: '1.0.1', complexity: 'O(N) in the number of keys', summary: 'Sets several keys to string values, dropping their TTLs.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const length = argv.length;
    if ((length & 1) === 0) return reply.error(wrongArity('mset'));
    for (let i = 1; i < length; i += 2) {
      const key = argv[i]!;
      db.set(key, argv[i + 1]!);
      db.modified(key);
      notify(ctx, NOTIFY_STRING, 'set', key);
    }
    reply.ok();
  },
});

export const msetnx = defineCommand({
  name: 'msetnx', arity: -3, flags: 'write denyoom', keys: [1, -1, 2], keySpecs: [rangeKeys('OW insert', 1, -1, 2)],
  tips: 'request_policy:multi_shard response_policy:agg_min',
  group: 'string', since: '1.0.1', complexity: 'O(N) in the number of keys',
  summary: 'Sets several keys to string values only when none of them exists; answers 1 or 0.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const length = argv.length;
    if ((length & 1) === 0) return reply.error(wrongArity('msetnx'));
    for (let i = 1; i < length; i += 2) {
      if (db.get(argv[i]!) !== undefined) return reply.int(0);
    }
    for (let i = 1; i < length; i += 2) {
      const key = argv[i]!;
      db.set(key, argv[i + 1]!);
      db.modified(key);
      notify(ctx, NOTIFY_STRING, 'set', key);
    }
    reply.int(1);
  },
});

// https://redis.io/commands/geoadd/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_SYNTAX } from '../../core/errors.js';
import { encodeScore } from '../../engine/geo/geohash.js';
import { SortedSet, ZADD_NX, ZADD_XX } from '../../engine/types/zset.js';
import { writeZset } from '../zset/zset-lookup.js';
import { parseLongitudeLatitude } from './geo-args.js';
import { propagateAs } from '../../core/propagation.js';
import { notifyDb, NOTIFY_ZSET } from '../../pubsub/notifications.js';

export const geoadd = defineCommand({
  name: 'geoadd', arity: -5, flags: 'write denyoom', keys: [1, 1, 1], keySpecs: [rangeKeys('RW update', 1)],
  group: 'geo', since: '3.2.0', complexity: 'O(log(N)) for each item added',
  summary: 'Adds members at longitude/latitude positions to a sorted set of geohash scores, with NX XX CH.',
  run(ctx) {
    const { argv, db, reply, server } = ctx;
    let flags = 0;
    let changed = false;
    let index = 2;
    for (; index < argv.length; index++) {
      const option = argv[index]!.length === 2 ? argv[index]!.toLowerCase() : '';
      if (option === 'nx') flags |= ZADD_NX;
      else if (option === 'xx') flags |= ZADD_XX;
      else if (option === 'ch') changed = true;
      else break;
    }
    const words = argv.length - index;
    // No triplet at all is a syntax error too, from the sorted set side (Redis hands GEOADD to ZADD).
    if (words % 3 !== 0 || words === 0 || flags === (ZADD_NX | ZADD_XX)) return reply.error(ERR_SYNTAX);
    const count = words / 3;
    const scores: number[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const position = parseLongitudeLatitude(argv, index + 3 * i, reply);
      if (position === undefined) return;
      scores[i] = encodeScore(position[0], position[1]);
    }
    const key = argv[1]!;
    let zset = writeZset(db, key, reply);
    if (zset === null) return;
    if (zset === undefined) {
      if ((flags & ZADD_XX) !== 0) return reply.int(0);
      zset = new SortedSet();
      db.set(key, zset);
    }
    let added = 0;
    let updated = 0;
    const result = { score: 0 };
    for (let i = 0; i < count; i++) {
      const outcome = zset.add(argv[index + 3 * i + 2]!, scores[i]!, flags, server.encodingLimits, result);
      if (outcome === 'added') added++;
      else if (outcome === 'updated') updated++;
    }
    if (added + updated > 0) {
      db.modified(key, added + updated);
      notifyDb(db, NOTIFY_ZSET, 'zadd', key);
      if (added > 0) db.signalReady(key);
    }
    reply.int(changed ? added + updated : added);
    // Logged as the ZADD it amounts to (Redis hands GEOADD to ZADD): options as sent, geohash scores.
    if (server.propagation !== undefined) {
      const logged = ['zadd', ...argv.slice(1, index)];
      for (let i = 0; i < count; i++) logged.push(String(scores[i]!), argv[index + 3 * i + 2]!);
      propagateAs(ctx, logged);
    }
  },
});

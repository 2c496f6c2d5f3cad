// https://redis.io/commands/geodist/ (also GEOHASH GEOPOS)
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_SYNTAX } from '../../core/errors.js';
import { distanceMeters } from '../../engine/geo/geo-distance.js';
import { decodeScore, standardGeohash } from '../../engine/geo/geohash.js';
import { readZset } from '../zset/zset-lookup.js';
import { parseUnit } from './geo-args.js';
import { replyCoordinate, replyDistance } from './geo-reply.js';

export const geodist = defineCommand({
  name: 'geodist', arity: -4, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'geo', since: '3.2.0', complexity: 'O(log(N))',
  summary: 'Answers the distance between two members of a geospatial sorted set, in m, km, ft or mi.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    let toMeters = 1;
    if (argv.length === 5) {
      const unit = parseUnit(argv[4]!, reply);
      if (unit === undefined) return;
      toMeters = unit;
    } else if (argv.length > 5) {
      return reply.error(ERR_SYNTAX);
    }
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    const score1 = zset?.score(argv[2]!);
    const score2 = zset?.score(argv[3]!);
    if (score1 === undefined || score2 === undefined) return reply.nil();
    const { longitude, latitude } = decodeScore(score1);
    const second = decodeScore(score2);
    replyDistance(reply, distanceMeters(longitude, latitude, second.longitude, second.latitude) / toMeters);
  },
});

export const geohash = defineCommand({
  name: 'geohash', arity: -2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'geo', since: '3.2.0', complexity: 'O(log(N)) for each member requested',
  summary: 'Answers the standard 11-character geohash text of each member position (nil for a missing member).',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    reply.array(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      const score = zset?.score(argv[i]!);
      if (score === undefined) reply.nil();
      else reply.bulk(standardGeohash(score));
    }
  },
});

export const geopos = defineCommand({
  name: 'geopos', arity: -2, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'geo', since: '3.2.0', complexity: 'O(1) for each member requested',
  summary: 'Answers the longitude and latitude of each member (the centre of its geohash cell), or nil.',
  run(ctx) {
    const { argv, db, reply } = ctx;
    const zset = readZset(db, argv[1]!, reply);
    if (zset === null) return;
    reply.array(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      const score = zset?.score(argv[i]!);
      if (score === undefined) {
        reply.nilArray();
        continue;
      }
      const { longitude, latitude } = decodeScore(score);
      reply.array(2);
      replyCoordinate(reply, longitude);
      replyCoordinate(reply, latitude);
    }
  },
});

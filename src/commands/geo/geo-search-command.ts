/**
 * The one search behind GEORADIUS, GEORADIUSBYMEMBER (and their _RO forms), GEOSEARCH and
 * GEOSEARCHSTORE, with Redis 7.0's argument rules and checks in Redis's order: the key's type
 * first, then the centre and radius of the older commands, then the options one by one (a
 * FROMMEMBER that is not in the set fails on the spot), then the combinations.
 */
import { isKeyword, parseInteger } from '../../core/args.js';
import type { CommandContext } from '../../core/context.js';
import {
  ERR_GEO_ANY_NEEDS_COUNT, ERR_GEO_COUNT_NOT_POSITIVE, ERR_GEO_MEMBER_NOT_FOUND, ERR_GEORADIUS_STORE_INCOMPATIBLE,
  ERR_GEOSEARCHSTORE_INCOMPATIBLE, ERR_NOT_INTEGER, ERR_SYNTAX, geoNeedsOneBy, geoNeedsOneFrom,
} from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { findInShape, type GeoMatch, type GeoShape } from '../../engine/geo/geo-search.js';
import { mergeSort, partialSort } from '../../engine/geo/geo-sort.js';
import { decodeScore } from '../../engine/geo/geohash.js';
import { SortedSet } from '../../engine/types/zset.js';
import { readZset, storeZset } from '../zset/zset-lookup.js';
import { parseBox, parseLongitudeLatitude, parseRadius } from './geo-args.js';
import { replyCoordinate, replyDistance } from './geo-reply.js';
import { notifyDb, NOTIFY_GENERIC } from '../../pubsub/notifications.js';

export type SearchCommand =
  | 'georadius' | 'georadius_ro' | 'georadiusbymember' | 'georadiusbymember_ro' | 'geosearch' | 'geosearchstore';

type SortOrder = 'none' | 'asc' | 'desc';

interface Centre {
  longitude: number;
  latitude: number;
}

type Area = { kind: 'radius'; radius: number; toMeters: number } | { kind: 'box'; width: number; height: number; toMeters: number };

const ascending = (a: GeoMatch, b: GeoMatch): number => (a.distance > b.distance ? 1 : a.distance === b.distance ? 0 : -1);
const descending = (a: GeoMatch, b: GeoMatch): number => -ascending(a, b);

function memberCentre(zset: SortedSet, member: string, reply: Reply): Centre | undefined {
  const score = zset.score(member);
  if (score === undefined) return void reply.error(ERR_GEO_MEMBER_NOT_FOUND);
  const { longitude, latitude } = decodeScore(score);
  return { longitude, latitude };
}

export function geoSearch(ctx: CommandContext, command: SearchCommand): void {
  const { argv, db, reply, server } = ctx;
  const isSearch = command === 'geosearch' || command === 'geosearchstore';
  const byMember = command === 'georadiusbymember' || command === 'georadiusbymember_ro';
  const canStore = command === 'georadius' || command === 'georadiusbymember';
  const sourceIndex = command === 'geosearchstore' ? 2 : 1;
  const zset = readZset(db, argv[sourceIndex]!, reply);
  if (zset === null) return;

  let centre: Centre | undefined;
  let area: Area | undefined;
  let firstOption: number;
  let storeKey: string | undefined;
  if (command === 'georadius' || command === 'georadius_ro') {
    firstOption = 6;
    const position = parseLongitudeLatitude(argv, 2, reply);
    if (position === undefined) return;
    centre = { longitude: position[0], latitude: position[1] };
    const radius = parseRadius(argv, 4, reply);
    if (radius === undefined) return;
    area = { kind: 'radius', ...radius };
  } else if (byMember) {
    firstOption = 5;
    // Without the key there is nothing to look up; the options still decide the reply's shape.
    if (zset !== undefined) {
      centre = memberCentre(zset, argv[2]!, reply);
      if (centre === undefined) return;
      const radius = parseRadius(argv, 3, reply);
      if (radius === undefined) return;
      area = { kind: 'radius', ...radius };
    }
  } else {
    firstOption = 2;
    if (command === 'geosearchstore') {
      firstOption = 3;
      storeKey = argv[1]!;
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMember = false;
  let fromLonLat = false;
  let byRadius = false;
  let byBox = false;
  let sort: SortOrder = 'none';
  let any = false;
  let count = 0;
  let storeDist = false;
  const remaining = argv.length - firstOption;
  for (let i = 0; i < remaining; i++) {
    const at = firstOption + i;
    const word = argv[at]!;
    if (isKeyword(word, 'withdist')) {
      withDist = true;
    } else if (isKeyword(word, 'withhash')) {
      withHash = true;
    } else if (isKeyword(word, 'withcoord')) {
      withCoord = true;
    } else if (isKeyword(word, 'any')) {
      any = true;
    } else if (isKeyword(word, 'asc')) {
      sort = 'asc';
    } else if (isKeyword(word, 'desc')) {
      sort = 'desc';
    } else if (isKeyword(word, 'count') && i + 1 < remaining) {
      const parsed = parseInteger(argv[at + 1]!);
      if (parsed === null) return reply.error(ERR_NOT_INTEGER);
      if (parsed <= 0) return reply.error(ERR_GEO_COUNT_NOT_POSITIVE);
      count = parsed;
      i++;
    } else if ((isKeyword(word, 'store') || isKeyword(word, 'storedist')) && i + 1 < remaining && canStore) {
      storeKey = argv[at + 1]!;
      storeDist = word.length === 9;
      i++;
    } else if (isKeyword(word, 'storedist') && command === 'geosearchstore') {
      storeDist = true;
    } else if (isKeyword(word, 'frommember') && i + 1 < remaining && isSearch && !fromLonLat) {
      if (zset !== undefined) {
        centre = memberCentre(zset, argv[at + 1]!, reply);
        if (centre === undefined) return;
      }
      fromMember = true;
      i++;
    } else if (isKeyword(word, 'fromlonlat') && i + 2 < remaining && isSearch && !fromMember) {
      const position = parseLongitudeLatitude(argv, at + 1, reply);
      if (position === undefined) return;
      centre = { longitude: position[0], latitude: position[1] };
      fromLonLat = true;
      i += 2;
    } else if (isKeyword(word, 'byradius') && i + 2 < remaining && isSearch && !byBox) {
      const radius = parseRadius(argv, at + 1, reply);
      if (radius === undefined) return;
      area = { kind: 'radius', ...radius };
      byRadius = true;
      i += 2;
    } else if (isKeyword(word, 'bybox') && i + 3 < remaining && isSearch && !byRadius) {
      const box = parseBox(argv, at + 1, reply);
      if (box === undefined) return;
      area = { kind: 'box', ...box };
      byBox = true;
      i += 3;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }

  if (storeKey !== undefined && (withDist || withHash || withCoord)) {
    return reply.error(command === 'geosearchstore' ? ERR_GEOSEARCHSTORE_INCOMPATIBLE : ERR_GEORADIUS_STORE_INCOMPATIBLE);
  }
  if (isSearch && !(fromMember || fromLonLat)) return reply.error(geoNeedsOneFrom(argv[0]!));
  if (isSearch && !(byRadius || byBox)) return reply.error(geoNeedsOneBy(argv[0]!));
  if (any && count === 0) return reply.error(ERR_GEO_ANY_NEEDS_COUNT);

  if (zset === undefined) {
    if (storeKey === undefined) return reply.array(0);
    if (db.delete(storeKey)) {
      db.modified(storeKey);
      notifyDb(db, NOTIFY_GENERIC, 'del', storeKey);
    }
    return reply.int(0);
  }
  // The closest COUNT need a sort; ANY takes the first ones found instead.
  if (count !== 0 && sort === 'none' && !any) sort = 'asc';

  // Every path that gets here has set both (the checks above make sure of it).
  const shape: GeoShape = { ...area!, ...centre! };
  const found = findInShape(zset, shape, any ? count : 0);
  if (found.length === 0 && storeKey === undefined) return reply.array(0);
  const returned = count === 0 || found.length < count ? found.length : count;
  if (sort !== 'none') {
    const compare = sort === 'asc' ? ascending : descending;
    if (returned === found.length) mergeSort(found, compare);
    else partialSort(found, compare, 0, returned - 1);
  }
  const toMeters = shape.toMeters;
  if (storeKey === undefined) {
    const options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
    reply.array(returned);
    for (let i = 0; i < returned; i++) {
      const match = found[i]!;
      if (options > 0) reply.array(options + 1);
      reply.bulk(match.member);
      if (withDist) replyDistance(reply, match.distance / toMeters);
      if (withHash) reply.int(Math.trunc(match.score));
      if (withCoord) {
        reply.array(2);
        replyCoordinate(reply, match.longitude);
        replyCoordinate(reply, match.latitude);
      }
    }
    return;
  }
  const members: string[] = [];
  const scores: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < returned; i++) {
    const match = found[i]!;
    // Redis would abort on a member found twice (a cell searched twice); keep the first.
    if (seen.has(match.member)) continue;
    seen.add(match.member);
    members.push(match.member);
    scores.push(storeDist ? match.distance / toMeters : match.score);
  }
  storeZset(db, reply, storeKey, SortedSet.fromUnsorted(members, scores, server.encodingLimits), isSearch ? 'geosearchstore' : 'georadiusstore');
}

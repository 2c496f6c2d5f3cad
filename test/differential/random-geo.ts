/**
 * The random differential table for GEO commands. Points are drawn around a few centres (a city,
 * the antimeridian, near the poles, the equator/prime meridian crossing, the corner of the
 * latitude range) at several scales, plus some anywhere on the map and some on the limits, so
 * searches of every size meet cell edges, wrapping neighbours and ties (members at one spot).
 * Searches use every option; replies must match byte for byte, except in RESP3 where Restis
 * prints coordinates as %.17g doubles (the same values) instead of Redis's %.17Lf text.
 */
import type { RespReply } from '../helpers/resp-reply.js';
import {
  KEY_NAMES, KEYSPACE_COMMANDS, STRING_COMMANDS, options,
  type CommandEntry, type Draw, type OptionGroup, type ReplyRule, type Verdict,
} from './random-commands.js';

export const GEO_SKIPLIST_CONFIG: Array<[string, string]> = [['zset-max-listpack-entries', '8'], ['zset-max-listpack-value', '6']];

/** Geo sets mostly, plus a plain sorted set with arbitrary scores and a string for WRONGTYPE. */
const GEO_KEYS: readonly string[] = ['g1', 'g1', 'g2', 'g3', '\x00g\xff', 'z', 'str'];
const MEMBERS: readonly string[] = [
  ...Array.from({ length: 24 }, (_, i) => `m${i}`), '', '\x00', 'b\xff', 'x y', 'a-long-member-name',
];

/** [longitude, latitude, spread in degrees] */
const CENTRES: ReadonlyArray<[number, number]> = [
  [13.361389, 38.115556], [179.9, 0.5], [-179.95, -10], [0, 0], [2.35, 84.9], [-70, -84.9], [180, 85.05112878],
  [-0.0001, 51.5], [139.69, 35.68], [-122.42, 37.77],
];
const SPREADS: readonly number[] = [0, 0.00001, 0.001, 0.01, 0.1, 1, 5, 30];

function clamp(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value));
}

function coordinateText(value: number, draw: Draw): string {
  return draw.chance(0.5) ? value.toFixed(draw.between(0, 7)) : String(value);
}

/** A longitude and latitude, mostly valid, sometimes invalid or not numbers. */
function position(draw: Draw): [string, string] {
  const roll = draw.random.next();
  if (roll < 0.03) return draw.pick([['181', '0'], ['0', '85.06'], ['-180.0001', '10'], ['x', '0'], ['0', ''], ['nan', '0'], ['inf', '0']]);
  if (roll < 0.1) return draw.pick([['180', '85.05112878'], ['-180', '-85.05112878'], ['180', '0'], ['-180', '0'], ['0', '85.05112878'], ['0', '-85.05112878'], ['0', '0']]);
  if (roll < 0.2) return [coordinateText(draw.random.next() * 360 - 180, draw), coordinateText(draw.random.next() * 170.1 - 85.05, draw)];
  const [longitude, latitude] = draw.pick(CENTRES);
  const spread = draw.pick(SPREADS);
  const lon = clamp(longitude + (draw.random.next() * 2 - 1) * spread, 180);
  const lat = clamp(latitude + (draw.random.next() * 2 - 1) * spread, 85.05112878);
  return [coordinateText(lon, draw), coordinateText(lat, draw)];
}

function key(draw: Draw): string {
  return draw.pick(GEO_KEYS);
}

/** Mostly a dozen common members, so that FROMMEMBER and GEODIST usually find theirs. */
function member(draw: Draw): string {
  return draw.chance(0.75) ? draw.pick(MEMBERS.slice(0, 12)) : draw.pick(MEMBERS);
}

function unit(draw: Draw): string {
  return draw.chance(0.03) ? draw.pick(['meters', 'KMS', '', 'mm']) : draw.casing(draw.pick(['m', 'km', 'ft', 'mi', 'm', 'km']));
}

/** A distance in the unit drawn with it. */
function distance(draw: Draw): string {
  if (draw.chance(0.03)) return draw.pick(['-1', 'x', '', 'nan']);
  if (draw.chance(0.03)) return draw.pick(['0', 'inf', '1e30', '5e-324']);
  return draw.pick(['0.5', '1', '10', '50', '100', '250', '1000', '5000', '20000', '100000', '1e6', '5e6', '2e7', '12.5', '3.3']);
}

/** A search centre member: one of the few that most sets hold. */
function centreMember(draw: Draw): string {
  return draw.chance(0.8) ? draw.pick(MEMBERS.slice(0, 6)) : member(draw);
}

function centre(draw: Draw, search: boolean): string[] {
  if (!search) return position(draw);
  if (draw.chance(0.04)) return draw.chance(0.5) ? [] : ['FROMMEMBER', member(draw), 'FROMLONLAT', ...position(draw)];
  return draw.chance(0.4) ? ['FROMMEMBER', centreMember(draw)] : ['FROMLONLAT', ...position(draw)];
}

function area(draw: Draw): string[] {
  if (draw.chance(0.04)) return draw.chance(0.5) ? [] : ['BYRADIUS', distance(draw), unit(draw), 'BYBOX', distance(draw), distance(draw), unit(draw)];
  return draw.chance(0.55) ? ['BYRADIUS', distance(draw), unit(draw)] : ['BYBOX', distance(draw), distance(draw), unit(draw)];
}

const COUNTS: readonly string[] = ['1', '1', '2', '3', '5', '8', '20', '100', '0', '-1', 'x'];

function searchOptions(draw: Draw, store: 'none' | 'georadius' | 'geosearchstore'): OptionGroup[] {
  const count = draw.pick(COUNTS);
  const withs = store === 'none' ? 0.4 : 0.03;
  return [
    { chance: 0.5, choices: [['ASC'], ['DESC']] },
    { chance: 0.45, choices: [['COUNT', count], ['COUNT', count], ['COUNT', count, 'ANY'], ['COUNT', count, 'ANY'], ['ANY']] },
    { chance: withs, choices: [['WITHDIST']] },
    { chance: withs, choices: [['WITHCOORD']] },
    { chance: withs, choices: [['WITHHASH']] },
    { chance: store === 'georadius' ? 0.5 : store === 'geosearchstore' ? 0.3 : 0.02, choices: store === 'geosearchstore' ? [['STOREDIST']] : [['STORE', key(draw)], ['STOREDIST', key(draw)]] },
  ];
}

// ---------------------------------------------------------------------------------------------
// Rules

/** Coordinates print as Redis's %.17Lf text in both protocols: replies must match exactly. */
const geoReply: ReplyRule = ({ redis, restis }): Verdict => (redis.raw === restis.raw ? undefined : 'the replies differ');

const bits = new BigInt64Array(1);
const view = new Float64Array(bits.buffer);

/** How many doubles apart two finite doubles of the same sign are. */
function ulpsApart(a: number, b: number): number {
  view[0] = a;
  const left = bits[0]!;
  view[0] = b;
  const right = bits[0]!;
  const apart = left > right ? left - right : right - left;
  return Math.sign(a) === Math.sign(b) ? Number(apart) : Infinity;
}

/**
 * ZRANGE ... WITHSCORES of a set that may hold STOREDIST results: the same members in the same
 * order, and scores that are equal or, for distances, at most 2 doubles apart. Redis's distances
 * come from glibc's sin/cos/asin, which round about one result in a thousand to the farther
 * double; Restis rounds them all to the nearest, so a stored distance can differ in its last bit.
 */
const storedScoresReply: ReplyRule = ({ redis, restis }): Verdict => {
  if (redis.raw === restis.raw) return undefined;
  const flat = (reply: RespReply): RespReply[] => (reply.items ?? []).flatMap((item) => item.items ?? [item]);
  const left = flat(redis);
  const right = flat(restis);
  if (redis.kind !== '*' || restis.kind !== '*' || left.length !== right.length) return 'the replies differ';
  for (let i = 0; i < left.length; i++) {
    if (left[i]!.raw === right[i]!.raw) continue;
    const expected = Number(left[i]!.text);
    const actual = Number(right[i]!.text);
    if (i % 2 === 0 || Number.isInteger(expected) || !(ulpsApart(expected, actual) <= 2)) return 'the replies differ';
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// Table

function triplets(draw: Draw, min: number, max: number): string[] {
  return Array.from({ length: draw.between(min, max) }, () => [...position(draw), member(draw)]).flat();
}

const SUPPORTING_WEIGHTS = new Map<string, number>([
  ['DEL', 0.6], ['RENAME', 0.4], ['COPY', 0.4], ['OBJECT ENCODING', 1], ['TYPE', 0.3], ['SET', 0.2],
]);

function supporting(): CommandEntry[] {
  return [...STRING_COMMANDS, ...KEYSPACE_COMMANDS]
    .filter((entry) => SUPPORTING_WEIGHTS.has(entry.name))
    .map((entry) => ({
      ...entry,
      weight: SUPPORTING_WEIGHTS.get(entry.name)!,
      build: (d: Draw) => entry.build(d).map((word, index) => (index > 0 && KEY_NAMES.includes(word) ? key(d) : word)),
    }));
}

const GEOADD_OPTIONS: OptionGroup[] = [{ chance: 0.25, choices: [['NX'], ['XX']] }, { chance: 0.25, choices: [['CH']] }];

export const GEO_COMMANDS: readonly CommandEntry[] = [
  { name: 'GEOADD', weight: 14, build: (d) => ['GEOADD', key(d), ...options(d, GEOADD_OPTIONS), ...triplets(d, 1, 6)] },
  { name: 'ZADD', weight: 1, build: (d) => ['ZADD', key(d), d.pick(['0', '1', '-1', '1.5', '3479099956230698', '4503599627370496', 'inf']), member(d)] },
  { name: 'ZREM', weight: 1.5, build: (d) => ['ZREM', key(d), member(d), member(d)] },
  { name: 'ZRANGE', weight: 1, rule: storedScoresReply, build: (d) => ['ZRANGE', key(d), '0', '-1', 'WITHSCORES'] },
  { name: 'GEOPOS', weight: 3, rule: geoReply, build: (d) => ['GEOPOS', key(d), ...Array.from({ length: d.between(1, 4) }, () => member(d))] },
  { name: 'GEOHASH', weight: 2, build: (d) => ['GEOHASH', key(d), ...Array.from({ length: d.between(1, 4) }, () => member(d))] },
  {
    name: 'GEODIST', weight: 3,
    build: (d) => ['GEODIST', key(d), member(d), member(d), ...(d.chance(0.6) ? [unit(d)] : d.chance(0.05) ? ['km', 'x'] : [])],
  },
  {
    name: 'GEOSEARCH', weight: 14, rule: geoReply,
    build: (d) => ['GEOSEARCH', key(d), ...d.shuffle([centre(d, true), area(d)]).flat(), ...options(d, searchOptions(d, 'none'))],
  },
  {
    name: 'GEOSEARCHSTORE', weight: 4, rule: geoReply,
    build: (d) => ['GEOSEARCHSTORE', key(d), key(d), ...d.shuffle([centre(d, true), area(d)]).flat(), ...options(d, searchOptions(d, 'geosearchstore'))],
  },
  {
    name: 'GEORADIUS', weight: 5, rule: geoReply,
    build: (d) => ['GEORADIUS', key(d), ...centre(d, false), distance(d), unit(d), ...options(d, searchOptions(d, 'georadius'))],
  },
  {
    name: 'GEORADIUS_RO', weight: 2, rule: geoReply,
    build: (d) => ['GEORADIUS_RO', key(d), ...centre(d, false), distance(d), unit(d), ...options(d, searchOptions(d, 'none'))],
  },
  {
    name: 'GEORADIUSBYMEMBER', weight: 4, rule: geoReply,
    build: (d) => ['GEORADIUSBYMEMBER', key(d), centreMember(d), distance(d), unit(d), ...options(d, searchOptions(d, 'georadius'))],
  },
  {
    name: 'GEORADIUSBYMEMBER_RO', weight: 2, rule: geoReply,
    build: (d) => ['GEORADIUSBYMEMBER_RO', key(d), centreMember(d), distance(d), unit(d), ...options(d, searchOptions(d, 'none'))],
  },
  ...supporting(),
];

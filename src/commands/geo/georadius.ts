// https://redis.io/commands/geosearch/ (also GEOSEARCHSTORE GEORADIUS GEORADIUSBYMEMBER GEORADIUS_RO GEORADIUSBYMEMBER_RO)
import { defineCommand, keywordKeys, rangeKeys } from '../../core/command.js';
import { geoSearch } from './geo-search-command.js';

const SEARCH_COMPLEXITY = 'O(N+log(M)) where N is the number of points in the searched cells and M the number of results';

export const georadius = defineCommand({
  name: 'georadius', arity: -6, flags: 'write denyoom movablekeys', keys: [1, 1, 1],
  keySpecs: [rangeKeys('RO access', 1), keywordKeys('OW update', 'STORE', 6), keywordKeys('OW update', 'STOREDIST', 6)],
  group: 'geo', since: '3.2.0', complexity: SEARCH_COMPLEXITY,
  summary: 'Finds the members within a radius of a longitude/latitude point, optionally storing them (superseded by GEOSEARCH).',
  run: (ctx) => geoSearch(ctx, 'georadius'),
});

export const georadiusRo = defineCommand({
  name: 'georadius_ro', arity: -6, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'geo', since: '3.2.10', complexity: SEARCH_COMPLEXITY,
  summary: 'GEORADIUS without the STORE options (superseded by GEOSEARCH).',
  run: (ctx) => geoSearch(ctx, 'georadius_ro'),
});

export const georadiusbymember = defineCommand({
  name: 'georadiusbymember', arity: -5, flags: 'write denyoom movablekeys', keys: [1, 1, 1],
  keySpecs: [rangeKeys('RO access', 1), keywordKeys('OW update', 'STORE', 5), keywordKeys('OW update', 'STOREDIST', 5)],
  group: 'geo', since: '3.2.0', complexity: SEARCH_COMPLEXITY,
  summary: 'Finds the members within a radius of another member, optionally storing them (superseded by GEOSEARCH).',
  run: (ctx) => geoSearch(ctx, 'georadiusbymember'),
});

export const georadiusbymemberRo = defineCommand({
  name: 'georadiusbymember_ro', arity: -5, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'geo', since: '3.2.10', complexity: SEARCH_COMPLEXITY,
  summary: 'GEORADIUSBYMEMBER without the STORE options (superseded by GEOSEARCH).',
  run: (ctx) => geoSearch(ctx, 'georadiusbymember_ro'),
});

export const geosearch = defineCommand({
  name: 'geosearch', arity: -7, flags: 'readonly', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
  group: 'geo', since: '6.2.0', complexity: SEARCH_COMPLEXITY,
  summary: 'Finds the members inside a circle or a box around a member or a point, with distances, hashes, coordinates.',
  run: (ctx) => geoSearch(ctx, 'geosearch'),
});

export const geosearchstore = defineCommand({
  name: 'geosearchstore', arity: -8, flags: 'write denyoom', keys: [1, 2, 1],
  keySpecs: [rangeKeys('OW update', 1), rangeKeys('RO access', 2)],
  group: 'geo', since: '6.2.0', complexity: SEARCH_COMPLEXITY,
  summary: 'Stores the members GEOSEARCH would find in a sorted set, with their geohash or (STOREDIST) their distance.',
  run: (ctx) => geoSearch(ctx, 'geosearchstore'),
});

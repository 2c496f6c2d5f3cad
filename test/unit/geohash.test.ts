import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFixed, formatHumanDouble } from '../../src/commands/geo/geo-format.js';
import { distanceMeters } from '../../src/engine/geo/geo-distance.js';
import { estimateStep, searchCells } from '../../src/engine/geo/geo-search.js';
import { mergeSort, partialSort } from '../../src/engine/geo/geo-sort.js';
import { cellArea, cellScoreRange, decodeScore, encodeCell, encodeScore, neighbours, standardGeohash } from '../../src/engine/geo/geohash.js';
import { asin, cos, sin } from '../../src/engine/geo/rounded-trig.js';
import { seededRandom } from '../helpers/seeded-random.js';

// Expected values were read from redis-server 7.0.15 (GEOADD + ZSCORE, GEOPOS, GEOHASH, GEODIST).
const PLACES: ReadonlyArray<{ name: string; longitude: number; latitude: number; score: number; geohash: string; position: [string, string] }> = [
  { name: 'Palermo', longitude: 13.361389, latitude: 38.115556, score: 3479099956230698, geohash: 'sqc8b49rny0', position: ['13.36138933897018433', '38.11555639549629859'] },
  { name: 'Catania', longitude: 15.087269, latitude: 37.502669, score: 3479447370796909, geohash: 'sqdtr74hyu0', position: ['15.08726745843887329', '37.50266842333162032'] },
  { name: 'NewYork', longitude: -73.935242, latitude: 40.73061, score: 1791875640195835, geohash: 'dr5rtwccpb0', position: ['-73.93524438142776489', '40.73061047253818145'] },
  { name: 'Sydney', longitude: 151.20929, latitude: -33.86882, score: 3252046221958824, geohash: 'r3gx2f75zf0', position: ['151.20928913354873657', '-33.86882119711083305'] },
  { name: 'north-east corner', longitude: 180, latitude: 85.05112878, score: 13510798882111488, geohash: 'bp05b5048p0', position: ['180', '85.0511287799999991'] },
  { name: 'south-west corner', longitude: -180, latitude: -85.05112878, score: 0, geohash: '00bh0hbj200', position: ['-179.99999731779098511', '-85.05112751263942528'] },
  { name: 'origin', longitude: 0, latitude: 0, score: 3377699720527872, geohash: 's0000000000', position: ['0.00000268220901489', '0.00000126736058093'] },
];

test('GEOADD scores, GEOPOS positions and GEOHASH texts match redis-server', () => {
  for (const place of PLACES) {
    const score = encodeScore(place.longitude, place.latitude);
    assert.equal(score, place.score, place.name);
    const { longitude, latitude } = decodeScore(score);
    assert.deepEqual([formatHumanDouble(longitude), formatHumanDouble(latitude)], place.position, place.name);
    assert.equal(standardGeohash(score), place.geohash, place.name);
  }
});

test('scores GEOADD never writes decode as x86-64 converts a double to uint64_t', () => {
  const cases: Array<[number, string, string, string]> = [
    [-1, '180', '85.0511287799999991', 'bp05b5048p0'],
    [1.5, '-179.99999731779098511', '-85.05112497791824921', '00bh0hbj210'],
    [1e300, '-179.99999731779098511', '-85.05112751263942528', '00bh0hbj200'],
    [Infinity, '-179.99999731779098511', '-85.05112751263942528', '00bh0hbj200'],
    [-Infinity, '180', '-85.05112751263942528', '00bh0hbj200'],
    [9.3e18, '180', '85.0511287799999991', 'bp05b5048p0'],
    [-9.3e18, '180', '-85.05112751263942528', '00bh0hbj200'],
    [-0.5, '-179.99999731779098511', '-85.05112751263942528', '00bh0hbj200'],
  ];
  for (const [score, longitude, latitude, geohash] of cases) {
    const position = decodeScore(score);
    assert.deepEqual([formatHumanDouble(position.longitude), formatHumanDouble(position.latitude)], [longitude, latitude], String(score));
    assert.equal(standardGeohash(score), geohash, String(score));
  }
});

test('GEODIST distances match redis-server', () => {
  const at = (name: string): [number, number] => {
    const { longitude, latitude } = decodeScore(PLACES.find((place) => place.name === name)!.score);
    return [longitude, latitude];
  };
  const distance = (a: string, b: string): string => formatFixed(distanceMeters(...at(a), ...at(b)), 4);
  assert.equal(distance('Palermo', 'Catania'), '166274.1516');
  assert.equal(distance('NewYork', 'Sydney'), '15999355.0223');
  assert.equal(distance('north-east corner', 'south-west corner'), '18919844.5891');
  assert.equal(distance('origin', 'Sydney'), '15203736.2316');
});

test('printf-style formatting: exact digits, ties to even, -0 and non-finite values', () => {
  assert.equal(formatFixed(181, 6), '181.000000');
  assert.equal(formatFixed(-0, 6), '-0.000000');
  assert.equal(formatFixed(Infinity, 6), 'inf');
  assert.equal(formatFixed(0.03125, 4), '0.0312');
  assert.equal(formatFixed(0.09375, 4), '0.0938');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal(formatFixed(-1e300, 6).slice(0, 12), '-10000000000');
  assert.equal(formatFixed(-1e300, 6).length, 309);
  assert.equal(formatHumanDouble(-0), '0');
  assert.equal(formatHumanDouble(-1e-20), '0');
  assert.equal(formatHumanDouble(180), '180');
});

test('the cell step follows the radius and widens near the poles', () => {
  assert.equal(estimateStep(0, 0), 26);
  assert.equal(estimateStep(1, 0), 24);
  assert.equal(estimateStep(1000, 0), 14);
  assert.equal(estimateStep(1000, 70), 13);
  assert.equal(estimateStep(1000, -81), 12);
  assert.equal(estimateStep(5_000_000, 0), 2);
  assert.equal(estimateStep(20_037_726.37, 0), 1);
  assert.equal(estimateStep(Infinity, 0), 1);
});

test('cells: neighbours surround the centre, score ranges cover the cell', () => {
  const centre = encodeCell(13.361389, 38.115556, 10)!;
  const area = cellArea(centre);
  const around = neighbours(centre);
  assert.equal(cellArea(around.north).latitudeMin, area.latitudeMax);
  assert.equal(cellArea(around.south).latitudeMax, area.latitudeMin);
  assert.equal(cellArea(around.east).longitudeMin, area.longitudeMax);
  assert.equal(cellArea(around.west).longitudeMax, area.longitudeMin);
  const { min, max } = cellScoreRange(centre);
  const score = encodeScore(13.361389, 38.115556);
  assert.ok(min <= score && score < max);
  // The cell east of the antimeridian's last one wraps around to the first.
  const eastmost = encodeCell(179.99, 0, 5)!;
  assert.equal(cellArea(neighbours(eastmost).east).longitudeMin, -180);
  // A small search keeps only the cells it reaches.
  const cells = searchCells({ kind: 'radius', longitude: 15, latitude: 37, radius: 1, toMeters: 1000 });
  assert.equal(cells.length, 9);
  assert.ok(cells[0] !== null);
  assert.ok(cells.some((cell) => cell === null));
});

test('sin, cos and asin are correctly rounded (compared with values rounded from 200-bit results)', () => {
  assert.equal(sin(1), 0.8414709848078965);
  assert.equal(cos(1), 0.5403023058681398);
  assert.equal(asin(0.5), 0.5235987755982989);
  assert.equal(asin(1), Math.PI / 2);
  assert.equal(sin(Math.PI), 1.2246467991473532e-16);
  assert.equal(cos(Math.PI / 2), 6.123233995736766e-17);
  assert.ok(Number.isNaN(asin(1.0000000000000002)));
  // Against V8's own functions, which are within one unit in the last place.
  const random = seededRandom(7);
  for (let i = 0; i < 10000; i++) {
    const x = (random.next() * 2 - 1) * 4;
    const y = random.next();
    for (const [ours, theirs] of [[sin(x), Math.sin(x)], [cos(x), Math.cos(x)], [asin(y), Math.asin(y)]] as const) {
      assert.ok(Math.abs(ours - theirs) <= Math.abs(theirs) * 2 ** -51 + 2 ** -1074, `${x} ${y}`);
    }
  }
});

test('sorts: merge sort is stable; the partial sort orders the wanted ranks', () => {
  const random = seededRandom(11);
  for (let round = 0; round < 300; round++) {
    const length = 1 + random.below(120);
    const items = Array.from({ length }, (_, index) => ({ key: random.below(10), index }));
    const compare = (a: { key: number }, b: { key: number }): number => (a.key > b.key ? 1 : a.key === b.key ? 0 : -1);
    const stable = [...items];
    mergeSort(stable, compare);
    assert.deepEqual(stable, [...items].sort((a, b) => a.key - b.key || a.index - b.index));
    const wanted = random.below(length);
    const partial = [...items];
    partialSort(partial, compare, 0, wanted);
    const keys = [...items].map((item) => item.key).sort((a, b) => a - b);
    assert.deepEqual(partial.slice(0, wanted + 1).map((item) => item.key), keys.slice(0, wanted + 1));
    assert.deepEqual(partial.map((item) => item.index).sort((a, b) => a - b), items.map((item) => item.index));
  }
});

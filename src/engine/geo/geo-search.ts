/**
 * Redis's GEO search over a sorted set of geohash scores: pick a cell size from the radius, take
 * the cell of the centre and its eight neighbours (dropping the ones the search area cannot reach,
 * shrinking the step once when the area pokes out of them), then walk each cell's score range and
 * keep the points that pass the exact circle or box test. The cost depends on the points in those
 * nine cells, not on the size of the set.
 *
 * Every step follows Redis 7.0, including its quirks: the order the cells are visited in (which
 * decides what COUNT ... ANY returns), skipping a cell only when it equals the one visited just
 * before it (and never after the centre cell), and a step of 1 that searches the whole world.
 */

import type { SortedSet } from '../types/zset.js';
import { forEachInScoreRange, type ScoreRange } from '../types/zset-ranges.js';
import { EARTH_RADIUS_METERS, certainlyFarther, degreesToRadians, distanceIfInBox, distanceMeters, radiansToDegrees } from './geo-distance.js';
import { cos } from './rounded-trig.js';
import { GEO_STEP_MAX, cellArea, cellScoreRange, decodeScore, encodeCell, neighbours, type GeoCell } from './geohash.js';

/** Half the earth's circumference in Web Mercator meters. */
const MERCATOR_MAX = 20037726.37;

export type GeoShape =
  | { kind: 'radius'; longitude: number; latitude: number; radius: number; toMeters: number }
  | { kind: 'box'; longitude: number; latitude: number; width: number; height: number; toMeters: number };

/** A point found by a search; `distance` is in meters. */
export interface GeoMatch {
  member: string;
  score: number;
  longitude: number;
  latitude: number;
  distance: number;
}

/** The cell step whose cells are about as large as the search radius. */
export function estimateStep(rangeMeters: number, latitude: number): number {
  if (rangeMeters === 0) return GEO_STEP_MAX;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  // Meridians converge towards the poles: use larger cells there.
  if (latitude > 66 || latitude < -66) {
    step--;
    if (latitude > 80 || latitude < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > GEO_STEP_MAX) step = GEO_STEP_MAX;
  return step;
}

interface Bounds {
  longitudeMin: number;
  longitudeMax: number;
  latitudeMin: number;
  latitudeMax: number;
}

/**
 * The longitude/latitude bounds of the search area; the longitude span is measured on the edge
 * nearer the pole (the wider one in degrees).
 */
function searchBounds(shape: GeoShape): Bounds {
  const { longitude, latitude } = shape;
  const height = shape.toMeters * (shape.kind === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.toMeters * (shape.kind === 'radius' ? shape.radius : shape.width / 2);
  const latitudeDelta = radiansToDegrees(height / EARTH_RADIUS_METERS);
  const longitudeDeltaTop = radiansToDegrees(width / EARTH_RADIUS_METERS / cos(degreesToRadians(latitude + latitudeDelta)));
  const longitudeDeltaBottom = radiansToDegrees(width / EARTH_RADIUS_METERS / cos(degreesToRadians(latitude - latitudeDelta)));
  const southern = latitude < 0;
  return {
    longitudeMin: southern ? longitude - longitudeDeltaBottom : longitude - longitudeDeltaTop,
    longitudeMax: southern ? longitude + longitudeDeltaBottom : longitude + longitudeDeltaTop,
    latitudeMin: latitude - latitudeDelta,
    latitudeMax: latitude + latitudeDelta,
  };
}

/** Positions in the list of cells to search. */
const NORTH = 1;
const SOUTH = 2;
const EAST = 3;
const WEST = 4;
const NORTH_EAST = 5;
const NORTH_WEST = 6;
const SOUTH_EAST = 7;
const SOUTH_WEST = 8;

/**
 * The nine cells to search, in Redis's visiting order: centre, north, south, east, west,
 * north-east, north-west, south-east, south-west; null for a cell left out.
 */
export function searchCells(shape: GeoShape): Array<GeoCell | null> {
  const bounds = searchBounds(shape);
  const { longitude, latitude } = shape;
  const radiusMeters = shape.kind === 'radius'
    ? shape.radius * shape.toMeters
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2)) * shape.toMeters;
  let step = estimateStep(radiusMeters, latitude);
  let centre = encodeCell(longitude, latitude, step)!;
  let around = neighbours(centre);
  // A search area near the edge of the centre cell may reach past the neighbours: use larger cells.
  const tooSmall = cellArea(around.north).latitudeMax < bounds.latitudeMax
    || cellArea(around.south).latitudeMin > bounds.latitudeMin
    || cellArea(around.east).longitudeMax < bounds.longitudeMax
    || cellArea(around.west).longitudeMin > bounds.longitudeMin;
  if (step > 1 && tooSmall) {
    step--;
    centre = encodeCell(longitude, latitude, step)!;
    around = neighbours(centre);
  }
  const cells: Array<GeoCell | null> = [
    centre, around.north, around.south, around.east, around.west,
    around.northEast, around.northWest, around.southEast, around.southWest,
  ];
  if (step >= 2) {
    // Leave out the rows and columns of cells the search area cannot reach.
    const area = cellArea(centre);
    const drop = (...indexes: number[]): void => {
      for (const index of indexes) cells[index] = null;
    };
    if (area.latitudeMin < bounds.latitudeMin) drop(SOUTH, SOUTH_WEST, SOUTH_EAST);
    if (area.latitudeMax > bounds.latitudeMax) drop(NORTH, NORTH_EAST, NORTH_WEST);
    if (area.longitudeMin < bounds.longitudeMin) drop(WEST, SOUTH_WEST, NORTH_WEST);
    if (area.longitudeMax > bounds.longitudeMax) drop(EAST, SOUTH_EAST, NORTH_EAST);
  }
  return cells;
}

/** The distance in meters when the point is inside the shape, otherwise undefined. */
function distanceIfInside(shape: GeoShape, longitude: number, latitude: number): number | undefined {
  if (shape.kind === 'radius') {
    const limit = shape.radius * shape.toMeters;
    if (certainlyFarther(shape.longitude, shape.latitude, longitude, latitude, limit)) return undefined;
    const distance = distanceMeters(shape.longitude, shape.latitude, longitude, latitude);
    return distance > limit ? undefined : distance;
  }
  const distance = distanceIfInBox(shape.width * shape.toMeters, shape.height * shape.toMeters, shape.longitude, shape.latitude, longitude, latitude);
  return distance === -1 ? undefined : distance;
}

/**
 * The points of `zset` inside `shape`, in the order Redis finds them. With `limit` > 0 the
 * search stops as soon as that many were found (COUNT ... ANY).
 */
export function findInShape(zset: SortedSet, shape: GeoShape, limit: number): GeoMatch[] {
  const found: GeoMatch[] = [];
  const cells = searchCells(shape);
  let previous: GeoCell | null = null;
  const full = (): boolean => limit > 0 && found.length >= limit;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]!;
    if (cell === null) continue;
    // Huge radii make neighbours coincide; Redis skips a cell equal to the previous one it
    // searched, but not when that one was the centre.
    if (previous !== null && previous !== cells[0] && cell.bits === previous.bits && cell.step === previous.step) continue;
    if (full()) break;
    const { min, max }: { min: number; max: number } = cellScoreRange(cell);
    const range: ScoreRange = { min, max, minExclusive: false, maxExclusive: true };
    forEachInScoreRange(zset, range, false, (member, score) => {
      const { longitude, latitude } = decodeScore(score);
      const distance = distanceIfInside(shape, longitude, latitude);
      if (distance !== undefined) found.push({ member, score, longitude, latitude, distance });
      return !full();
    });
    previous = cell;
  }
  return found;
}

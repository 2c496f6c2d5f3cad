import { parseDouble } from '../../core/args.js';
import {
  ERR_GEO_NEED_NUMERIC_HEIGHT, ERR_GEO_NEED_NUMERIC_RADIUS, ERR_GEO_NEED_NUMERIC_WIDTH, ERR_GEO_NEGATIVE_BOX,
  ERR_GEO_NEGATIVE_RADIUS, ERR_GEO_UNSUPPORTED_UNIT, ERR_NOT_FLOAT, geoInvalidPair,
} from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import { isValidCoordinatePair } from '../../engine/geo/geohash.js';
import { formatFixed } from './geo-format.js';

/** Meters in one unit of each distance unit GEO commands accept. */
const METERS_PER_UNIT: Readonly<Record<string, number>> = { m: 1, km: 1000, ft: 0.3048, mi: 1609.34 };

/** Meters per `unit` (any case); undefined after answering the error. */
export function parseUnit(unit: string, reply: Reply): number | undefined {
  const lower = unit.length <= 2 ? unit.toLowerCase() : '';
  if (Object.hasOwn(METERS_PER_UNIT, lower)) return METERS_PER_UNIT[lower];
  reply.error(ERR_GEO_UNSUPPORTED_UNIT);
  return undefined;
}

/** A longitude and latitude at argv[index] and argv[index + 1], validated against GEO's limits. */
export function parseLongitudeLatitude(argv: readonly string[], index: number, reply: Reply): [longitude: number, latitude: number] | undefined {
  const longitude = parseDouble(argv[index]!);
  if (longitude === null) return void reply.error(ERR_NOT_FLOAT);
  const latitude = parseDouble(argv[index + 1]!);
  if (latitude === null) return void reply.error(ERR_NOT_FLOAT);
  if (!isValidCoordinatePair(longitude, latitude)) return void reply.error(geoInvalidPair(formatFixed(longitude, 6), formatFixed(latitude, 6)));
  return [longitude, latitude];
}

/** `<radius> <unit>` at argv[index]. */
export function parseRadius(argv: readonly string[], index: number, reply: Reply): { radius: number; toMeters: number } | undefined {
  const radius = parseDouble(argv[index]!);
  if (radius === null) return void reply.error(ERR_GEO_NEED_NUMERIC_RADIUS);
  if (radius < 0) return void reply.error(ERR_GEO_NEGATIVE_RADIUS);
  const toMeters = parseUnit(argv[index + 1]!, reply);
  return toMeters === undefined ? undefined : { radius, toMeters };
}

/** `<width> <height> <unit>` at argv[index]. */
export function parseBox(argv: readonly string[], index: number, reply: Reply): { width: number; height: number; toMeters: number } | undefined {
  const width = parseDouble(argv[index]!);
  if (width === null) return void reply.error(ERR_GEO_NEED_NUMERIC_WIDTH);
  const height = parseDouble(argv[index + 1]!);
  if (height === null) return void reply.error(ERR_GEO_NEED_NUMERIC_HEIGHT);
  if (height < 0 || width < 0) return void reply.error(ERR_GEO_NEGATIVE_BOX);
  const toMeters = parseUnit(argv[index + 2]!, reply);
  return toMeters === undefined ? undefined : { width, height, toMeters };
}

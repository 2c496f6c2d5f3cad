/**
 * Distances on Redis's spherical earth: the haversine formula with the radius and the operation
 * order Redis 7.0 uses, with correctly rounded sin/cos/asin (rounded-trig.ts), so that distances
 * agree with Redis's to the last bit whenever glibc rounds correctly too (all but about one call
 * in a thousand).
 */

import { asin, cos, sin } from './rounded-trig.js';

/** Redis's degrees-to-radians factor, M_PI / 180. */
const RADIANS_PER_DEGREE = Math.PI / 180;
export const EARTH_RADIUS_METERS = 6372797.560856;

export function degreesToRadians(degrees: number): number {
  return degrees * RADIANS_PER_DEGREE;
}

export function radiansToDegrees(radians: number): number {
  return radians / RADIANS_PER_DEGREE;
}

/** Great-circle distance in meters between two points given in degrees. */
export function distanceMeters(longitude1: number, latitude1: number, longitude2: number, latitude2: number): number {
  const latitude1Radians = degreesToRadians(latitude1);
  const longitude1Radians = degreesToRadians(longitude1);
  const latitude2Radians = degreesToRadians(latitude2);
  const longitude2Radians = degreesToRadians(longitude2);
  const u = sin((latitude2Radians - latitude1Radians) / 2);
  const v = sin((longitude2Radians - longitude1Radians) / 2);
  return 2.0 * EARTH_RADIUS_METERS * asin(Math.sqrt(u * u + cos(latitude1Radians) * cos(latitude2Radians) * v * v));
}

/**
 * True when the point is certainly farther than `limit` meters: a quick pre-check with V8's
 * functions, whose error is far below the margin while the points are not nearly antipodal (where
 * asin magnifies errors), so that only the points near or inside the limit pay for exact rounding.
 */
export function certainlyFarther(longitude1: number, latitude1: number, longitude2: number, latitude2: number, limit: number): boolean {
  const latitude1Radians = degreesToRadians(latitude1);
  const latitude2Radians = degreesToRadians(latitude2);
  const u = Math.sin((latitude2Radians - latitude1Radians) / 2);
  const v = Math.sin((degreesToRadians(longitude2) - degreesToRadians(longitude1)) / 2);
  const a = u * u + Math.cos(latitude1Radians) * Math.cos(latitude2Radians) * v * v;
  if (!(a < 0.99)) return false;
  return 2.0 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(a)) > limit * (1 + 1e-9) + 1e-6;
}

/**
 * BYBOX's test of a point against a box centred on (centreLongitude, centreLatitude): the east-west
 * distance along the point's own latitude and the north-south distance along its longitude must
 * both stay within half the box. Answers the distance to the centre, or -1 outside the box.
 */
export function distanceIfInBox(widthMeters: number, heightMeters: number, centreLongitude: number, centreLatitude: number, longitude: number, latitude: number): number {
  if (certainlyFarther(longitude, latitude, centreLongitude, latitude, widthMeters / 2)
    || certainlyFarther(longitude, latitude, longitude, centreLatitude, heightMeters / 2)) return -1;
  const eastWest = distanceMeters(longitude, latitude, centreLongitude, latitude);
  const northSouth = distanceMeters(longitude, latitude, longitude, centreLatitude);
  if (eastWest > widthMeters / 2 || northSouth > heightMeters / 2) return -1;
  return distanceMeters(centreLongitude, centreLatitude, longitude, latitude);
}

/**
 * Redis's geohash: a longitude/latitude pair becomes a 52-bit integer (26 bits of each, latitude
 * bits at the even positions, longitude bits at the odd ones) that GEO commands store as a sorted
 * set score. Latitudes are limited to +-85.05112878 (the Web Mercator square), so these scores
 * are not standard geohashes; GEOHASH re-encodes with the standard +-90 range.
 *
 * Everything reproduces Redis's 64-bit integer arithmetic exactly, edge cases included: a
 * coordinate on the upper limit sets a bit past the 52 (180 gives the score 3 * 2^52), and a score
 * that was not written by GEOADD (negative, fractional, huge) decodes the way x86-64 converts a
 * double to uint64_t. Search cells (any step) use BigInt; stored scores use two 32-bit words,
 * which keeps decoding cheap for the search loop.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LONGITUDE_MIN = -180;
export const GEO_LONGITUDE_MAX = 180;
export const GEO_LATITUDE_MIN = -85.05112878;
export const GEO_LATITUDE_MAX = 85.05112878;

export interface CoordinateRange {
  readonly min: number;
  readonly max: number;
}

export const WGS84_LONGITUDES: CoordinateRange = { min: GEO_LONGITUDE_MIN, max: GEO_LONGITUDE_MAX };
export const WGS84_LATITUDES: CoordinateRange = { min: GEO_LATITUDE_MIN, max: GEO_LATITUDE_MAX };
/** The range of the standard geohash text (GEOHASH). */
const STANDARD_LATITUDES: CoordinateRange = { min: -90, max: 90 };

/** A geohash cell of `step` bits per coordinate: the interleaved bits as an unsigned 64-bit value. */
export interface GeoCell {
  readonly bits: bigint;
  readonly step: number;
}

/** The bounds of a cell, in degrees. */
export interface CellArea {
  longitudeMin: number;
  longitudeMax: number;
  latitudeMin: number;
  latitudeMax: number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 9223372036854775808;
const TWO_POW_64 = 18446744073709551616;
const MASK_64 = (1n << 64n) - 1n;
const EVEN_BITS_64 = 0x5555555555555555n;
const ODD_BITS_64 = 0xaaaaaaaaaaaaaaaan;

/** The 16 low bits of x moved to the even bit positions of a 32-bit word. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x;
}

/** The even bits of a 32-bit word gathered into 16 bits. */
function gather16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** Interleaves two 32-bit integers: the high and low 32-bit words of the 64-bit result. */
function interleaveWords(latitudeBits: number, longitudeBits: number): [high: number, low: number] {
  const low = (spread16(latitudeBits) | (spread16(longitudeBits) << 1)) >>> 0;
  const high = (spread16(latitudeBits >>> 16) | (spread16(longitudeBits >>> 16) << 1)) >>> 0;
  return [high, low];
}

/**
 * A coordinate's position in its range scaled to 2^step cells, truncated to a 32-bit integer as
 * C's double to uint32_t conversion does (the upper limit itself gives 2^step).
 */
function cellIndex(value: number, range: CoordinateRange, step: number): number {
  const offset = ((value - range.min) / (range.max - range.min)) * 2 ** step;
  return Math.trunc(offset) >>> 0;
}

/** True when a longitude/latitude pair is inside the limits GEOADD accepts. */
export function isValidCoordinatePair(longitude: number, latitude: number): boolean {
  return !(longitude < GEO_LONGITUDE_MIN || longitude > GEO_LONGITUDE_MAX || latitude < GEO_LATITUDE_MIN || latitude > GEO_LATITUDE_MAX);
}

function outsideRanges(longitude: number, latitude: number, longitudes: CoordinateRange, latitudes: CoordinateRange): boolean {
  return !isValidCoordinatePair(longitude, latitude)
    || latitude < latitudes.min || latitude > latitudes.max || longitude < longitudes.min || longitude > longitudes.max;
}

/** The cell of `step` bits holding a point; undefined outside the limits. */
export function encodeCell(longitude: number, latitude: number, step: number, longitudes = WGS84_LONGITUDES, latitudes = WGS84_LATITUDES): GeoCell | undefined {
  if (outsideRanges(longitude, latitude, longitudes, latitudes)) return undefined;
  const [high, low] = interleaveWords(cellIndex(latitude, latitudes, step), cellIndex(longitude, longitudes, step));
  return { bits: (BigInt(high) << 32n) | BigInt(low), step };
}

/**
 * The sorted set score GEOADD stores for a valid point: the 26-step hash as a double (rounded
 * like strtod of the integer's digits when it needs more than 53 bits).
 */
export function encodeScore(longitude: number, latitude: number): number {
  const [high, low] = interleaveWords(cellIndex(latitude, WGS84_LATITUDES, GEO_STEP_MAX), cellIndex(longitude, WGS84_LONGITUDES, GEO_STEP_MAX));
  return high * TWO_POW_32 + low;
}

/** A cell's bits aligned to the 52-bit score scale (the smallest score inside the cell). */
export function alignTo52Bits(cell: GeoCell): bigint {
  return (cell.bits << BigInt(52 - cell.step * 2)) & MASK_64;
}

/** The half-open score range [min, max) of every point inside a cell, as doubles. */
export function cellScoreRange(cell: GeoCell): { min: number; max: number } {
  const next = { bits: (cell.bits + 1n) & MASK_64, step: cell.step };
  return { min: Number(alignTo52Bits(cell)), max: Number(alignTo52Bits(next)) };
}

/** Bounds of the cell whose deinterleaved coordinates are `latitudeBits`/`longitudeBits`. */
function areaOf(latitudeBits: number, longitudeBits: number, step: number, longitudes: CoordinateRange, latitudes: CoordinateRange, area: CellArea): CellArea {
  const cells = 2 ** step;
  const latitudeScale = latitudes.max - latitudes.min;
  const longitudeScale = longitudes.max - longitudes.min;
  // The +1 wraps at 32 bits, as the unsigned C arithmetic does.
  area.latitudeMin = latitudes.min + (latitudeBits / cells) * latitudeScale;
  area.latitudeMax = latitudes.min + (((latitudeBits + 1) >>> 0) / cells) * latitudeScale;
  area.longitudeMin = longitudes.min + (longitudeBits / cells) * longitudeScale;
  area.longitudeMax = longitudes.min + (((longitudeBits + 1) >>> 0) / cells) * longitudeScale;
  return area;
}

/** The bounds of a cell in the WGS84 ranges. */
export function cellArea(cell: GeoCell): CellArea {
  const high = Number(cell.bits >> 32n);
  const low = Number(cell.bits & 0xffffffffn);
  const latitudeBits = (gather16(low) | (gather16(high) << 16)) >>> 0;
  const longitudeBits = (gather16(low >>> 1) | (gather16(high >>> 1) << 16)) >>> 0;
  return areaOf(latitudeBits, longitudeBits, cell.step, WGS84_LONGITUDES, WGS84_LATITUDES, { longitudeMin: 0, longitudeMax: 0, latitudeMin: 0, latitudeMax: 0 });
}

/** The high and low 32-bit words of (uint64_t)score as x86-64 converts it. */
const words = { high: 0, low: 0 };

function scoreToWords(score: number): void {
  if (score >= 0 && score < TWO_POW_64) {
    const whole = Math.trunc(score);
    const high = Math.floor(whole / TWO_POW_32);
    words.high = high;
    words.low = whole - high * TWO_POW_32;
    return;
  }
  if (score >= TWO_POW_64 || !(score > -TWO_POW_63)) {
    // +inf and values >= 2^64 give 0; NaN, -inf and values <= -2^63 the "integer indefinite" 2^63.
    words.high = score >= TWO_POW_64 ? 0 : 0x80000000;
    words.low = 0;
    return;
  }
  // A negative value in (-2^63, 0): its truncation in two's complement.
  const magnitude = -Math.trunc(score);
  const magnitudeHigh = Math.floor(magnitude / TWO_POW_32);
  const magnitudeLow = magnitude - magnitudeHigh * TWO_POW_32;
  if (magnitudeLow === 0) {
    words.low = 0;
    words.high = (TWO_POW_32 - magnitudeHigh) % TWO_POW_32;
  } else {
    words.low = TWO_POW_32 - magnitudeLow;
    words.high = TWO_POW_32 - magnitudeHigh - 1;
  }
}

const scratchArea: CellArea = { longitudeMin: 0, longitudeMax: 0, latitudeMin: 0, latitudeMax: 0 };

/** A decoded point; `decodeScore` reuses one object, copy what you keep. */
export interface GeoPosition {
  longitude: number;
  latitude: number;
}

const scratchPosition: GeoPosition = { longitude: 0, latitude: 0 };

/**
 * The position a score stands for: the centre of its 26-step cell, clamped to the limits. The
 * returned object is reused by the next call.
 */
export function decodeScore(score: number): GeoPosition {
  scoreToWords(score);
  const { high, low } = words;
  const latitudeBits = (gather16(low) | (gather16(high) << 16)) >>> 0;
  const longitudeBits = (gather16(low >>> 1) | (gather16(high >>> 1) << 16)) >>> 0;
  const area = areaOf(latitudeBits, longitudeBits, GEO_STEP_MAX, WGS84_LONGITUDES, WGS84_LATITUDES, scratchArea);
  let longitude = (area.longitudeMin + area.longitudeMax) / 2;
  if (longitude > GEO_LONGITUDE_MAX) longitude = GEO_LONGITUDE_MAX;
  if (longitude < GEO_LONGITUDE_MIN) longitude = GEO_LONGITUDE_MIN;
  let latitude = (area.latitudeMin + area.latitudeMax) / 2;
  if (latitude > GEO_LATITUDE_MAX) latitude = GEO_LATITUDE_MAX;
  if (latitude < GEO_LATITUDE_MIN) latitude = GEO_LATITUDE_MIN;
  scratchPosition.longitude = longitude;
  scratchPosition.latitude = latitude;
  return scratchPosition;
}

const GEOHASH_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * The 11-character standard geohash of a score (GEOHASH): the decoded point re-encoded with the
 * +-90 latitude range; 52 bits give 10 characters and the 11th is always '0'.
 */
export function standardGeohash(score: number): string {
  const { longitude, latitude } = decodeScore(score);
  const cell = encodeCell(longitude, latitude, GEO_STEP_MAX, WGS84_LONGITUDES, STANDARD_LATITUDES)!;
  let text = '';
  for (let i = 0; i < 10; i++) text += GEOHASH_ALPHABET[Number((cell.bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn)];
  return text + '0';
}

/** One cell further east (direction 1) or west (-1): Redis's carry trick on the odd bits. */
function moveLongitude(bits: bigint, step: number, direction: 1 | -1): bigint {
  let x = bits & ODD_BITS_64;
  const y = bits & EVEN_BITS_64;
  const fill = EVEN_BITS_64 >> BigInt(64 - step * 2);
  if (direction > 0) x = (x + fill + 1n) & MASK_64;
  else x = ((x | fill) - (fill + 1n)) & MASK_64;
  x &= ODD_BITS_64 >> BigInt(64 - step * 2);
  return x | y;
}

/** One cell further north (1) or south (-1), on the even bits. */
function moveLatitude(bits: bigint, step: number, direction: 1 | -1): bigint {
  const x = bits & ODD_BITS_64;
  let y = bits & EVEN_BITS_64;
  const fill = ODD_BITS_64 >> BigInt(64 - step * 2);
  if (direction > 0) y = (y + fill + 1n) & MASK_64;
  else y = ((y | fill) - (fill + 1n)) & MASK_64;
  y &= EVEN_BITS_64 >> BigInt(64 - step * 2);
  return x | y;
}

export interface CellNeighbours {
  north: GeoCell;
  south: GeoCell;
  east: GeoCell;
  west: GeoCell;
  northEast: GeoCell;
  northWest: GeoCell;
  southEast: GeoCell;
  southWest: GeoCell;
}

/** The eight cells around a cell (wrapping around the world as the bit arithmetic does). */
export function neighbours(cell: GeoCell): CellNeighbours {
  const { bits, step } = cell;
  const at = (value: bigint): GeoCell => ({ bits: value, step });
  const east = moveLongitude(bits, step, 1);
  const west = moveLongitude(bits, step, -1);
  return {
    east: at(east),
    west: at(west),
    south: at(moveLatitude(bits, step, -1)),
    north: at(moveLatitude(bits, step, 1)),
    northWest: at(moveLatitude(west, step, 1)),
    northEast: at(moveLatitude(east, step, 1)),
    southEast: at(moveLatitude(east, step, -1)),
    southWest: at(moveLatitude(west, step, -1)),
  };
}

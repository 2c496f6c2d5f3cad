import type { Reply } from '../../core/reply.js';
import { formatFixed, formatHumanDouble } from './geo-format.js';

/**
 * A coordinate as GEOPOS and WITHCOORD print it: Redis's human long double text (%.17Lf, trailing
 * zeros cut), a bulk string in RESP2 and a double in RESP3.
 */
export function replyCoordinate(reply: Reply, value: number): void {
  reply.double(value, formatHumanDouble(value));
}

/** A distance (GEODIST, WITHDIST): "%.4f" in a bulk string, in both protocols. */
export function replyDistance(reply: Reply, distance: number): void {
  reply.bulk(formatFixed(distance, 4));
}

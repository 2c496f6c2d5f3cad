/** Options of the REST front end (not redis.conf parameters, so not in CONFIG). */
export interface RestOptions {
  /** false turns the REST front end off. */
  enabled: boolean;
  port: number;
  /** Addresses, space separated, as `bind`. */
  bind: string;
  /** Largest request body in bytes; more is answered with a JSON error. */
  maxBody: number;
  /** Access-Control-Allow-Origin for browsers; '' turns CORS off. */
  corsOrigin: string;
  /** SSE comment heartbeats, in milliseconds. */
  heartbeatMs: number;
}

export const DEFAULT_REST_OPTIONS: RestOptions = {
  enabled: true,
  port: 8079,
  bind: '127.0.0.1',
  maxBody: 10 * 1024 * 1024,
  corsOrigin: '*',
  heartbeatMs: 15_000,
};

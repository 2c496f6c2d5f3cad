import { readFileSync } from 'node:fs';

/** The Redis version Restis answers to clients that sniff it (INFO, HELLO): the one it is tested against. */
export const REDIS_VERSION = '7.0.15';

/** Restis's own version, from package.json. */
export const RESTIS_VERSION: string = (() => {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

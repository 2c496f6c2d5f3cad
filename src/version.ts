import { readFileSync } from 'node:fs';

/** The Redis version Restis answers to clients that sniff it (INFO, HELLO): the one it is tested against. */
export const REDIS_VERSION = '7.0.15';

/** Restis's own version, from package.json. */
export const RESTIS_VERSION: string = (() => {
  // dist/src/version.js normally; look upward so other build directories find it too.
  for (const relative of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (manifest.name === 'restis') return manifest.version;
    } catch {
      // not there: try the next place
    }
  }
  return '0.0.0';
})();

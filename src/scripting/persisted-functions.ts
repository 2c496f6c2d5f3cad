import type { ServerContext } from '../core/context.js';
import { scriptingOf } from './scripting.js';

/** The code of every function library, for RDB files (FUNCTION2 records) and AOF rewrites. */
export function libraryCodes(server: ServerContext): string[] {
  return [...scriptingOf(server).libraries.libraries.values()].map((library) => library.code);
}

/** Loads the libraries an RDB file carried; a library that does not load stops the load, as in Redis. */
export function restoreLibraries(server: ServerContext, codes: readonly string[], source: string): void {
  const libraries = scriptingOf(server).libraries;
  for (const code of codes) {
    const loaded = libraries.load(code, true);
    if ('error' in loaded) throw new Error(`${source}: a function library does not load: ${loaded.error}`);
  }
}

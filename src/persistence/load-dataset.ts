import type { ServerContext } from '../core/context.js';
import { removeStaleTempFiles } from './stale-temp-files.js';

/**
 * Startup: the dataset from `dir`. With appendonly yes the AOF is the dataset (as in Redis; a
 * Redis 6 single-file AOF is adopted first) and the RDB file only seeds a first AOF when there is
 * none. Temporary files of saves a crash interrupted are removed first.
 */
export async function loadDataset(server: ServerContext): Promise<void> {
  const config = server.config;
  for (const path of removeStaleTempFiles(config.get('dir'), config.get('dbfilename'), server.aof.directory)) {
    server.log.notice(`Removed ${path}, left by a save or rewrite that did not finish`);
  }
  if (config.getBool('appendonly') && server.aof.prepareToLoad()) await server.aof.load();
  else await server.persistence.load();
}

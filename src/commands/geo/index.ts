import type { CommandDeclaration } from '../../core/command.js';
import { geoadd } from './geoadd.js';
import { geodist, geohash, geopos } from './geo-reads.js';
import { georadius, georadiusbymember, georadiusbymemberRo, georadiusRo, geosearch, geosearchstore } from './georadius.js';

export const GEO_COMMANDS: readonly CommandDeclaration[] = [
  geoadd, geodist, geohash, geopos, georadius, georadiusRo, georadiusbymember, georadiusbymemberRo, geosearch, geosearchstore,
];

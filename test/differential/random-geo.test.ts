import { GEO_COMMANDS, GEO_SKIPLIST_CONFIG } from './random-geo.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random GEO commands over listpack- and skiplist-encoded sorted sets.
randomDifferentialTest({
  label: 'geo',
  title: 'GEO commands, RESP2 and RESP3',
  commands: { resp2: 4000, resp3: 3000 },
  phases: [
    { name: 'listpack', table: GEO_COMMANDS },
    { name: 'skiplist', config: GEO_SKIPLIST_CONFIG, table: GEO_COMMANDS },
  ],
});

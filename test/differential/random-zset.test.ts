import { randomDifferentialTest } from './random-suite.js';
import { ZSET_COMMANDS, ZSET_SKIPLIST_COMMANDS, ZSET_SKIPLIST_CONFIG } from './random-zset.js';

// Seeded random sorted set commands: a listpack phase (default limits) and a skiplist phase.
randomDifferentialTest({
  label: 'zset',
  title: 'sorted set commands, listpack and skiplist, RESP2 and RESP3',
  commands: { resp2: 1500, resp3: 1000 },
  phases: [
    { name: 'listpack', table: ZSET_COMMANDS },
    { name: 'skiplist', config: ZSET_SKIPLIST_CONFIG, table: ZSET_SKIPLIST_COMMANDS },
  ],
});

import { SORT_COMMANDS, SORT_RANDOM_CONFIG } from './random-sort.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random SORT and SORT_RO over lists, sets, sorted sets and the keys they reference.
randomDifferentialTest({
  label: 'sort',
  title: 'SORT and SORT_RO, RESP2 and RESP3',
  commands: { resp2: 2000, resp3: 1500 },
  phases: [{ config: SORT_RANDOM_CONFIG, table: SORT_COMMANDS }],
});

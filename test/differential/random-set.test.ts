import { SET_COMMANDS, SET_RANDOM_CONFIG } from './random-set.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random set commands (with some string and keyspace commands), small encoding limits.
randomDifferentialTest({
  label: 'set',
  title: 'set commands, RESP2 and RESP3',
  commands: { resp2: 2000, resp3: 1500 },
  phases: [{ config: SET_RANDOM_CONFIG, table: SET_COMMANDS }],
});

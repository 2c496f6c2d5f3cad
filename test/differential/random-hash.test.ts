import { HASH_COMMANDS, HASH_RANDOM_CONFIG } from './random-hash.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random hash commands (with some string and keyspace commands), small encoding limits.
randomDifferentialTest({
  label: 'hash',
  title: 'hash commands, RESP2 and RESP3',
  commands: { resp2: 2000, resp3: 1500 },
  phases: [{ config: HASH_RANDOM_CONFIG, table: HASH_COMMANDS }],
});

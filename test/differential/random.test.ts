import { randomDifferentialTest } from './random-suite.js';

// Seeded random string and keyspace commands against redis-server and Restis side by side.
randomDifferentialTest({
  label: 'differential',
  title: 'string and keyspace commands, RESP2 and RESP3',
  commands: { resp2: 3000, resp3: 2000 },
  seconds: 20,
  phases: [{}],
});

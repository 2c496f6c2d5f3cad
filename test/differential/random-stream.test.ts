import { STREAM_COMMANDS } from './random-stream.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random stream commands, consumer groups included.
randomDifferentialTest({
  label: 'stream',
  title: 'stream commands, RESP2 and RESP3',
  commands: { resp2: 3000, resp3: 2000 },
  phases: [{ table: STREAM_COMMANDS, databases: ['0'] }],
});

import { BITMAP_COMMANDS } from './random-bitmap.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random bitmap and HyperLogLog commands.
randomDifferentialTest({
  label: 'bitmap',
  title: 'bitmap and HyperLogLog commands, RESP2 and RESP3',
  commands: { resp2: 8000, resp3: 5000 },
  phases: [{ table: BITMAP_COMMANDS }],
});

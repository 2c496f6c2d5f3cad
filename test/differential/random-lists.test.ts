import { compareLists, LIST_COMMANDS } from './random-lists.js';
import { randomDifferentialTest } from './random-suite.js';

// Seeded random list commands, then every list compared element by element.
randomDifferentialTest({
  label: 'list',
  title: 'list commands, RESP2 and RESP3',
  commands: { resp2: 2500, resp3: 1500 },
  phases: [{ table: LIST_COMMANDS, afterRun: compareLists }],
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisServerMissing } from '../helpers/redis-server.js';
import { formatPropagationMismatches, loadPropagationCorpus, propagationCorpusFiles, runPropagationFile, startPropagationPair } from './propagation-harness.js';

// What Restis propagates (its AOF feed) must match what redis-server appends to its AOF, step by step.
const missing = redisServerMissing();
if (missing) console.log(`# propagation differential tests skipped: ${missing}`);

for (const fileName of propagationCorpusFiles()) {
  test(`propagation: ${fileName}`, { skip: missing ?? false }, async () => {
    const file = loadPropagationCorpus(fileName);
    const pair = await startPropagationPair(file.config);
    try {
      const mismatches = await runPropagationFile(file, pair);
      assert.ok(file.cases.length > 0, 'the corpus file has cases');
      assert.equal(mismatches.length, 0, `${mismatches.length} of ${file.cases.length} cases differ from redis-server:\n${formatPropagationMismatches(mismatches)}`);
    } finally {
      await pair.stop();
    }
  });
}

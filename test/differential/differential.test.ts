import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisServerMissing } from '../helpers/redis-server.js';
import { corpusFiles, formatMismatches, loadCorpus, runCorpusFile, startPair } from './harness.js';

// Every corpus file runs against a fresh redis-server / Restis pair; replies must match byte for byte.
const missing = redisServerMissing();
if (missing) console.log(`# differential tests skipped: ${missing}`);

for (const fileName of corpusFiles()) {
  test(`differential: ${fileName}`, { skip: missing ?? false }, async () => {
    const file = loadCorpus(fileName);
    const pair = await startPair(file.config);
    try {
      const { mismatches, runs } = await runCorpusFile(file, pair);
      assert.ok(runs > 0, 'the corpus file has cases');
      assert.equal(mismatches.length, 0, `${mismatches.length} of ${runs} runs differ from redis-server:\n${formatMismatches(mismatches)}`);
    } finally {
      await pair.stop();
    }
  });
}

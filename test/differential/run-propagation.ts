/**
 * Runs propagation corpus files against redis-server (AOF) and Restis (AofFeed) and prints the differences:
 *   node <build>/test/differential/run-propagation.js [file.txt ...]
 */
import { formatPropagationMismatches, loadPropagationCorpus, propagationCorpusFiles, runPropagationFile, startPropagationPair } from './propagation-harness.js';

const names = process.argv.slice(2).map((name) => name.replace(/^.*\//, ''));
let failed = 0;
for (const name of names.length ? names : propagationCorpusFiles()) {
  const file = loadPropagationCorpus(name);
  const pair = await startPropagationPair(file.config);
  try {
    const mismatches = await runPropagationFile(file, pair);
    failed += mismatches.length;
    console.log(`${name}: ${file.cases.length} cases, ${mismatches.length} mismatches`);
    if (mismatches.length) console.log(formatPropagationMismatches(mismatches));
  } finally {
    await pair.stop();
  }
}
process.exit(failed ? 1 : 0);

/**
 * Runs corpus files against redis-server and Restis and prints the differences:
 *   node dist/test/differential/run.js [file.txt ...]
 */
import { corpusFiles, formatMismatches, loadCorpus, runCorpusFile, startPair } from './harness.js';

const names = process.argv.slice(2).map((name) => name.replace(/^.*\//, ''));
let failed = 0;
for (const name of names.length ? names : corpusFiles()) {
  const file = loadCorpus(name);
  const pair = await startPair(file.config);
  try {
    const { mismatches, runs } = await runCorpusFile(file, pair);
    failed += mismatches.length;
    console.log(`${name}: ${file.cases.length} cases, ${runs} runs, ${mismatches.length} mismatches`);
    if (mismatches.length) console.log(formatMismatches(mismatches));
  } finally {
    await pair.stop();
  }
}
process.exit(failed ? 1 : 0);

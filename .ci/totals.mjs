// Sums Vitest JSON reports into CI's closing line: "N passed, N failed".
// Usage: node .ci/totals.mjs <failed non-test steps> <report.json>...
import { existsSync, readFileSync } from 'node:fs';

const [failedSteps = '0', ...reports] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedSteps);
for (const file of reports) {
  if (!existsSync(file)) {
    failed += 1; // the run crashed before reporting
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  // Skipped or todo tests are not allowed: they count as failures so that they cannot hide.
  const notPassed = report.numFailedTests + report.numPendingTests + report.numTodoTests;
  // A run can fail with every test green (an unhandled error, a file that failed to load).
  failed +=
    notPassed > 0 ? notPassed : report.success === false || report.numTotalTests === 0 ? 1 : 0;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

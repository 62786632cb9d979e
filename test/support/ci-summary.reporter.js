/**
 * Prints the one line CI reads, `tests: N passed, N failed`, after jest's own summary. A suite
 * that fails to load counts as a failure, so a broken spec file cannot pass silently.
 */
class CiSummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = CiSummaryReporter;

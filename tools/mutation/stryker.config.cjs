// StrykerJS for `npm run test:mutation` (issue 18, item 7), driven by scripts/mutation.js: one
// run per target, each mutating a few files of one lib against the unit specs that test them
// (MUTATION_SPECS, a regex), so that a mutant costs one short jest run, not the whole suite.
module.exports = {
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: { testRegex: process.env.MUTATION_SPECS, reporters: ['default'], forceExit: true },
    enableFindRelatedTests: false,
  },
  // Per-test coverage needs Stryker's instrumenter inside @swc/jest's transform, which it is not: off, and few specs per run instead.
  coverageAnalysis: 'off',
  concurrency: 2,
  timeoutMS: 15000,
  disableTypeChecks: true,
  reporters: ['json', 'clear-text'],
  clearTextReporter: { reportTests: false, reportMutants: true, reportScoreTable: true },
  jsonReporter: { fileName: process.env.MUTATION_REPORT || 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['bench', 'dist', 'reports', '.data', 'tools/mutation', 'test/conformance/runner', 'test/deploy'],
};

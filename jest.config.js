/**
 * One jest run for unit and end-to-end specs. @swc/jest compiles TypeScript with decorator
 * metadata (class-validator and Nest need `design:type`), much faster than ts-jest.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: 'test/.*\\.(spec|e2e-spec)\\.ts$',
  // StrykerJS copies the repository into .stryker-tmp/ while `npm run test:mutation` runs: never its specs, never its modules.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/', '<rootDir>/bench/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/', '<rootDir>/bench/.baseline/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // NestJS 12 ships ES modules only, and jest on Node 20 cannot require() them: swc compiles them
  // (and any other ESM-only dependency listed here) to CommonJS like our own sources.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@modelcontextprotocol/ext-tasks|@fastify/static|uid|iterare|load-esm|file-type|jose|content-disposition|glob|path-scurry|minimatch|lru-cache|minipass|@isaacs|jackspeak|package-json-from-dist|foreground-child|signal-exit|balanced-match|brace-expansion)/)',
  ],
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    // ESM only, with `import`-only exports that CommonJS resolution cannot see: its entries by path (compiled by swc above).
    '^@modelcontextprotocol/ext-tasks/(client|core|core/v2)$': '<rootDir>/node_modules/@modelcontextprotocol/ext-tasks/dist/$1/index.js',
    '^@skillnest/(skills|gateway|pools|claude|testing)$': '<rootDir>/libs/$1/src',
    '^@skillnest/(skills|gateway|pools|claude|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/ci-summary.reporter.js'],
};

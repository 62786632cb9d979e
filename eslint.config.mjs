// ESLint flat config. typescript-eslint's `recommended` set WITHOUT type information (no
// parserOptions.project), so a run over the whole repository takes seconds; `tsc --noEmit` in
// `npm test` does the type checking. Formatting is Prettier's job (`npm run lint` runs both).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'dist/',
    'coverage/',
    '.data/',
    '.mcp-inspector/',
    'bench/results/',
    // Worktrees of earlier commits that the bench builds for its before/after comparison.
    'bench/.baseline/',
    // StrykerJS's sandboxes (npm run test:mutation) and its reports.
    '.stryker-tmp/',
    'reports/',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  // TypeScript sources: the NestJS libraries, the example service and the specs.
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      // `any` stays an error. Its one legitimate shape here is the rest parameter of a NestJS
      // `useFactory` (`(...args: any[]) => T`, as Nest types it): the `inject` tokens decide the
      // arguments, so callers must be able to declare typed parameters.
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      // `Function` is the type of a class reference in metadata: Reflect.getMetadata targets, the
      // class-validator / class-transformer storage APIs, the provider and module classes Nest's
      // DiscoveryService hands out. Those are what these APIs are typed with.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Unused arguments and variables are allowed when named `_...` (interface-shaped methods,
      // destructuring that leaves a key out).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  // A failed migration is rethrown as its file name and the FIRST line of the driver's message,
  // deliberately without `cause`: pg errors carry `detail`/`where` fields that can quote row values
  // (`Key (email)=(...) already exists`), and a `cause` would print them all when the bootstrap
  // error is logged, past the redaction every other logged cause goes through.
  {
    files: ['libs/pools/src/pg/pg-migrations.ts'],
    rules: { 'preserve-caught-error': 'off' },
  },

  // Plain CommonJS Node scripts: the bench harness and its servers (decorators applied by hand, as
  // tsc emits them), scripts/, jest.config.js and the jest reporter.
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: {
      // CommonJS: require() is how these files load modules.
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  {
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
);

// Type-aware linting, zero warnings (`npm run lint` runs with --max-warnings 0).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import fileNaming from './scripts/lint/file-naming.cjs';
import sqlBoundaries from './scripts/lint/sql-boundaries.cjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
      // `manager.query()` answers `any`; asserting the row type at the call site is the clearer form.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // The naming scheme of docs/architecture.md ("Naming"), on file names and the classes they export.
    files: ['src/**/*.ts', 'libs/**/*.ts'],
    plugins: { opsledger: { rules: { ...fileNaming.rules, ...sqlBoundaries.rules } } },
    rules: { 'opsledger/file-naming': 'error', 'opsledger/sql-boundaries': 'error' },
  },
  {
    // Domain errors are declared in the domain (`domain/<name>.errors.ts`); use cases throw them.
    files: ['src/modules/*/application/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ClassDeclaration[superClass.name=/^(DomainError|NotFoundError)$/]',
          message: 'Declare domain errors in the domain folder (domain/<name>.errors.ts), not in application/.',
        },
        {
          selector: 'NewExpression[callee.name="DomainError"]',
          message: 'Throw a named error declared in domain/<name>.errors.ts, not an ad-hoc DomainError.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', AbortController: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly' } },
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);

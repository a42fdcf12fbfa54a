import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import local from './scripts/eslint/noImportCycle.mjs';

/**
 * Layer rules (docs/architecture.md), enforced here:
 *   src/core      imports nothing above it (and never vscode)
 *   src/ui        does not import src/tree or src/commands
 *   src/tree      does not import src/commands
 *   outside core  reaches core only through a folder's barrel (core/client, not core/client/http)
 *   src/**        never imports test/
 * plus no import cycle anywhere in src/ (local/no-import-cycle) and type-checked rules.
 */
const NO_TEST = { group: ['**/test/**', '**/test'], message: 'src/ must not depend on test code.' };
const up = (folders, why) => ({ group: folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]), message: why });
const DEEP_CORE = {
  group: ['**/core/*/**'],
  message: 'Outside src/core, import a core folder through its barrel (e.g. ../core/client), not its internals.',
};
const restrict = (...patterns) => ['error', { paths: [], patterns }];
const layer = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': restrict(NO_TEST, ...patterns) } });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/tmp/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {
        project: ['./tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', __dirname: 'readonly',
        require: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly',
        AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
      },
    },
    plugins: { local },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      // async is used on purpose where nothing is awaited: a throw then becomes a rejection, as
      // callers of a Promise-returning interface expect.
      '@typescript-eslint/require-await': 'off',
      // Rethrowing a caught `unknown` is fine; throwing a literal is not.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Plain JavaScript (scripts, webpack config): no type information; scripts/tsconfig.json
  // type-checks them in `npm run typecheck` instead.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // Tests, test support and benchmarks drive untyped JavaScript (ali-oss, parsed JSON): the
  // `no-unsafe-*` family would flag every use; the promise rules stay on.
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Assertion messages print whatever they are given.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  { files: ['src/**/*.ts'], rules: { 'local/no-import-cycle': 'error' } },
  layer(['src/**/*.ts'], DEEP_CORE),
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not depend on VS Code.' }],
          patterns: [NO_TEST, up(['connections', 'tree', 'commands', 'ui', 'extension'], 'src/core must not import the layers above it.')],
        },
      ],
    },
  },
  layer(['src/ui/**/*.ts'], DEEP_CORE, up(['tree', 'commands'], 'src/ui must not import src/tree or src/commands.')),
  layer(['src/tree/**/*.ts'], DEEP_CORE, up(['commands'], 'src/tree must not import src/commands.')),
);

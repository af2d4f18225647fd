// ESLint flat config: typescript-eslint recommended, no `any`, no focused tests.
import tseslint from 'typescript-eslint';

export const LIB_BOUNDARIES = [
  {
    regex: '^@app/[a-z-]+/(?!testing$).+',
    message: 'Import another lib through its index (@app/<lib>), or in tests through @app/<lib>/testing — never a file inside it.',
  },
  {
    regex: '^(\\.\\./)+((libs|apps|test)/|[a-z-]+/src/)',
    message: 'A relative import must not leave its own lib or app: use @app/<lib> (or @app/<lib>/testing in tests).',
  },
];

/** Tests may also exercise an app itself (its boot, its OpenAPI document), never a lib's insides. */
export const TEST_BOUNDARIES = [LIB_BOUNDARIES[0], { ...LIB_BOUNDARIES[1], regex: '^(\\.\\./)+(libs/|[a-z-]+/src/)' }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'scripts/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-properties': ['error', { object: 'it', property: 'only' }, { object: 'describe', property: 'only' }, { object: 'test', property: 'only' }],
      // Lib boundaries: another lib only through its index (`@app/<lib>`) or, in tests and benches,
      // its `testing` entry; no relative path into another lib, an app or the test tree.
      'no-restricted-imports': ['error', { patterns: LIB_BOUNDARIES }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: TEST_BOUNDARIES }] },
  },
);

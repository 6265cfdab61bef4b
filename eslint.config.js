// Lint rules: typescript-eslint's recommended set on top of ESLint's; type-aware rules stay off
// so lint remains fast on the 2-core CI machine (tsc already does the type checking).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // One clock (src/runtime/clock.ts): logic takes a Clock so tests can set the time. A duration for a
  // metric or a log throttle uses performance.now(). Tests and benchmarks may read the machine's clock.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/*.bench.ts', 'src/**/*.fixtures.ts', 'src/bench/**', 'src/runtime/clock.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'take a Clock (src/runtime/clock.ts) and call clock.now(); for a duration use performance.now()' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the machine clock: take a Clock and use new Date(clock.now())' },
      ],
    },
  },
);

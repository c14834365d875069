import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'server/dist/', 'data/', 'models/', 'extension/**/dist/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['server/src/cli/**/*.ts', 'server/src/bench/**/*.ts', 'server/bin/*.js', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The Salesforce card's jest tests (sfdx-lwc-jest) run in jsdom with jest's globals.
    files: ['test/extension/salesforce/lwc/**/*.js'],
    languageOptions: { globals: { ...globals.jest, ...globals.browser } },
  },
);

// ESLint flat config (run as `eslint -c .eslint.config.mjs`; a dotfile because the repo's top level is fixed).
// TypeScript is linted with type information, so promise mistakes (a floating send, an async callback handed to
// something that ignores its promise, an await on a non-promise) are errors, not review comments.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // What git ignores is not ours to lint (data, test output, the built manifest), plus the dependencies.
  { ignores: ['node_modules/', 'data/', 'dist/', 'build/', 'test-output/', 'manifest/build/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  // Every eslint-disable names its rules and says why; no blanket or file-wide disable slips in.
  comments.recommended,
  {
    rules: {
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable'] }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@eslint-community/eslint-comments/disable-enable-pair': 'error',
    },
  },

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Named here as well as in the preset: these are the ones this codebase must never relax.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Off: here an async function without an await is deliberate. It turns a synchronous throw into a rejection
      // (the memory store, test doubles of async ports), and restify 11 refuses a two-argument handler that is not
      // an AsyncFunction. Dropping `async` would change behaviour; the promise rules above catch a missing await.
      '@typescript-eslint/require-await': 'off',
      // Same convention as tsc's noUnusedParameters: a leading underscore marks a deliberately unused name.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  // The plain-JS files have no type information to give (tsconfig does not include them).
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // The Teams tab's script runs in the browser as a classic script (see bot/tab/page.html).
  {
    files: ['bot/tab/app.js', 'bot/forms/form.js', 'bot/reviewPages/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
);

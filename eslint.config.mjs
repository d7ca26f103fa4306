// Import rules from ARCHITECTURE.md, enforced here rather than by hope.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ours = (...folders) => folders.map((f) => ({ group: [`**/${f}/**`, `**/${f}`], message: `may not import ${f}/ (see ARCHITECTURE.md)` }));
const noElectron = { group: ['electron', 'electron/**'], message: "runtime-neutral code may not import 'electron'" };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.electron-native/**', 'screenshots/**', 'test/fixtures/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...ours('electron', 'renderer', 'test'),
          { regex: '^(?!zod(/|$)|\\.\\.?/)', message: 'shared/ imports only zod' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...ours('electron', 'test'), noElectron, { group: ['node:*'], message: 'no Node in the renderer' }] }],
    },
  },
  {
    files: ['electron/core/**', 'electron/worker/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectron, ...ours('renderer', 'main', 'host', 'preload')] }],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...ours('renderer', 'core', 'host', 'main', 'worker')] }],
    },
  },
);

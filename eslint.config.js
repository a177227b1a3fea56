// Lint rules that keep the rooms apart (DESIGN.md): the core never imports
// Electron, the headless adapters or the renderer; the renderer imports only
// the contract; `serialport` is imported in exactly one file.
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const serialportOnlyInRealBinding = {
  name: 'serialport',
  message: 'serialport is imported only in src-main/core/serial/real-binding.ts; use the SerialBinding seam.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [serialportOnlyInRealBinding] }],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/serial/real-binding.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [serialportOnlyInRealBinding, { name: 'electron', message: 'The core runs without Electron.' }],
          patterns: [
            { group: ['**/electron/**', '**/headless/**', '**/src-renderer/**', '**/src-preload/index*'], message: 'The core imports neither adapters nor the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/serial/real-binding.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core runs without Electron.' }] }] },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [serialportOnlyInRealBinding, { name: 'electron', message: 'The renderer talks only through the contract client.' }],
          patterns: [
            { group: ['**/src-main/**', 'node:*'], message: 'The renderer imports only src-preload/contract and its own files.' },
            { group: ['**/src-preload/*', '!**/src-preload/contract', '!**/src-preload/contract/**'], message: 'Only the contract, never the preload itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [serialportOnlyInRealBinding, { name: 'electron', message: 'The contract is isomorphic.' }], patterns: [{ group: ['node:*', '**/src-main/**'], message: 'The contract is isomorphic: no node, no core.' }] },
      ],
    },
  },
);

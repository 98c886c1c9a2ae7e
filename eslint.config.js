// Lint enforces the layering of DESIGN.md: core/ runs anywhere (no electron, react, node: or DOM
// globals), the renderer never imports electron or Node, and electron/ stays on the main side.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-electron/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', '.reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron-store', 'conf'], message: 'core/ runs anywhere: Electron belongs in electron/.' },
            { group: ['react', 'react-dom', 'react-*', '@tanstack/*'], message: 'core/ runs anywhere: React belongs in renderer/.' },
            { group: nodeBuiltins, message: 'core/ runs anywhere: Node APIs belong in cli/ or electron/ behind a port.' },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: 'core/ must not depend on a host.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'localStorage',
          'sessionStorage',
          'navigator',
          'location',
          'process',
          'Buffer',
          'require',
          '__dirname',
        ].map((name) => ({
          name,
          message: 'core/ runs anywhere: pass what you need in through a port.',
        })),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron-store', 'conf'], message: 'The renderer reaches the main side only through InspectorApi.' },
            { group: nodeBuiltins, message: 'The renderer is sandboxed: no Node APIs.' },
            { group: ['**/electron/**', '**/cli/**'], message: 'The renderer reaches the main side only through InspectorApi.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/**/*.ts',
      'cli/**/*.ts',
      'node/**/*.ts',
      'scripts/**/*.mjs',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      '*.config.{ts,js}',
      '.dependency-cruiser.cjs',
      '**/*.test.{ts,tsx}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
);

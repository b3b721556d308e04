// Lint keeps the dependency direction of the house (see docs/architecture.md):
// renderer → shared ← electron; cli → shared + electron/backend (the store and back end).
// shared/ is pure: no DOM-only or Node-only modules, no Electron, no React.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'stream', 'crypto', 'http', 'net', 'url', 'zlib', 'util'];

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ group: p.group, message: p.message })) }],
});

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'dist-renderer/**', 'release/**', 'test-output/**', '.bench/**', '**/*.as.ts'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'shared/ is pure: no Node built-ins (pass bytes/strings in).' },
      { group: ['electron', 'electron/*', '**/electron/**'], message: 'shared/ must not depend on electron/.' },
      { group: ['react', 'react-dom', 'maplibre-gl', '**/renderer/**'], message: 'shared/ must not depend on the UI.' },
      { group: ['**/cli/**', 'better-sqlite3'], message: 'shared/ must not depend on the CLI or the store.' },
    ]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict([
      { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node built-ins.' },
      { group: ['electron', '**/electron/**', 'better-sqlite3'], message: 'renderer/ talks to the back end only through the typed API.' },
      { group: ['**/cli/**'], message: 'renderer/ must not depend on the CLI.' },
    ]),
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict([
      { group: ['**/renderer/**', 'react', 'react-dom', 'maplibre-gl'], message: 'electron/ must not depend on the renderer.' },
      { group: ['**/cli/**'], message: 'electron/ must not depend on the CLI.' },
    ]),
  },
  {
    files: ['electron/backend/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'electron/backend/ runs in plain Node too (CLI, web server): no Electron imports.' },
      { group: ['**/renderer/**', 'react', 'react-dom', 'maplibre-gl'], message: 'electron/ must not depend on the renderer.' },
      { group: ['**/cli/**'], message: 'electron/ must not depend on the CLI.' },
    ]),
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      // The bare package name goes under `paths`: as a gitignore-style pattern, 'electron' would
      // also match the relative path ../electron/backend/…, which the CLI is meant to use.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'cli/ uses shared/ and electron/backend/ (the store), not Electron.' }],
          patterns: [
            { group: ['**/renderer/**', 'react', 'react-dom', 'maplibre-gl'], message: 'cli/ must not depend on the renderer.' },
            { group: ['**/electron/main/**', 'electron/*'], message: 'cli/ uses shared/ and electron/backend/ (the store), not Electron.' },
          ],
        },
      ],
    },
  },
);

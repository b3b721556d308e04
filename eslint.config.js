// Lint keeps the dependency direction of the house (see docs/architecture.md):
// renderer → shared ← electron; cli → shared + electron/backend (the store and back end).
// shared/ is pure: no DOM, no Node, no Electron, no React, no store.
//
// One mechanism for every boundary: the module specifier of an import, an `export … from`, an
// `import()` and a `require()` is matched against each rule's regular expression (the
// no-restricted-imports rule sees neither import() nor require(), and its gitignore-style
// patterns made the package 'electron' also match the path ../electron/backend/).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A package (or one of its subpaths) by name. */
const pkg = (...names) => `^(${names.map(escape).join('|')})(\\/|$)`;
/** A folder of this repository, however many ../ lead to it. */
const folder = (path) => `(^|\\/)${escape(path)}\\/`;

const NODE = `^node:|${pkg(...builtinModules.filter((m) => !m.startsWith('_')))}`;
const UI = `${pkg('react', 'react-dom', 'maplibre-gl')}|${folder('renderer')}`;

/** The rule that refuses every module specifier matching one of `rules`' expressions. */
function boundaries(rules) {
  const selectors = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].flatMap((node) =>
    rules.map((r) => ({ selector: `${node}[source.value=/${r.re}/]`, message: r.message })),
  );
  const requires = rules.map((r) => ({
    selector: `CallExpression[callee.name='require'][arguments.0.value=/${r.re}/]`,
    message: r.message,
  }));
  return { 'no-restricted-syntax': ['error', ...selectors, ...requires] };
}

/** Globals of a page, or of Node, that shared/ must not touch: it runs in both and in workers. */
const HOST_GLOBALS = ['document', 'window', 'navigator', 'localStorage', 'sessionStorage', 'location', 'process', 'Buffer', '__dirname', '__filename', 'require'];

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
    rules: {
      ...boundaries([
        { re: NODE, message: 'shared/ is pure: no Node built-ins (pass bytes/strings in).' },
        { re: `${pkg('electron')}|${folder('electron')}`, message: 'shared/ must not depend on electron/.' },
        { re: UI, message: 'shared/ must not depend on the UI.' },
        { re: `${folder('cli')}|${pkg('better-sqlite3')}`, message: 'shared/ must not depend on the CLI or the store.' },
      ]),
      'no-restricted-globals': ['error', ...HOST_GLOBALS.map((name) => ({ name, message: `shared/ runs in pages, Node and workers alike: no ${name} (hand in what it needs).` }))],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: boundaries([
      { re: NODE, message: 'renderer/ runs in a sandboxed page: no Node built-ins.' },
      { re: `${pkg('electron', 'better-sqlite3')}|${folder('electron')}`, message: 'renderer/ talks to the back end only through the typed API.' },
      { re: folder('cli'), message: 'renderer/ must not depend on the CLI.' },
    ]),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: boundaries([
      { re: UI, message: 'electron/ must not depend on the renderer.' },
      { re: folder('cli'), message: 'electron/ must not depend on the CLI (main loads the CLI bundle at run time).' },
    ]),
  },
  {
    files: ['electron/backend/**/*.ts'],
    rules: boundaries([
      { re: pkg('electron'), message: 'electron/backend/ runs in plain Node too (CLI, web server): no Electron imports.' },
      { re: UI, message: 'electron/ must not depend on the renderer.' },
      { re: folder('cli'), message: 'electron/ must not depend on the CLI.' },
    ]),
  },
  {
    files: ['cli/**/*.ts'],
    rules: boundaries([
      { re: UI, message: 'cli/ must not depend on the renderer.' },
      { re: `${pkg('electron')}|${folder('electron/main')}`, message: 'cli/ uses shared/ and electron/backend/ (the store), not Electron.' },
    ]),
  },
);

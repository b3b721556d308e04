/**
 * How Frontera's Node code is bundled with esbuild, in one place for every bundle: the app's
 * (scripts/build-electron.ts), the CLI's (cli/bundle.mjs) and the import worker of source runs
 * (sourceWorkerBundle.ts). Plain JavaScript because bin/frontera.js, which is, loads it.
 */

/**
 * Never bundled. better-sqlite3 is native (rebuilt for Electron's ABI by electron-builder), electron
 * is the host, and playwright-core is the development-only browser driver a source checkout prints
 * briefings with: none of them may become an input of a bundle. pg-native is pg's optional libpq
 * binding, never installed: pg requires it only when `pg.native` is asked for, which Frontera never does.
 */
export const EXTERNAL = ['electron', 'better-sqlite3', 'playwright-core', 'pg-native'];

/** The worker threads' entries and their bundles' file names, which code looks for beside its own bundle. */
export const WORKER_BUNDLES = [
  ['electron/backend/analysis/analysisWorker.ts', 'analysisWorker.cjs'],
  ['electron/backend/analysis/kdeRowWorker.ts', 'kdeRowWorker.cjs'],
  ['electron/backend/importWorker.ts', 'importWorker.cjs'],
];

const node = { bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, logLevel: 'warning' };

/**
 * One CommonJS file. Modules written for ESM use `import.meta.url` to find files next to them (a
 * worker's bundle); here it is the bundle's own file URL, so they look beside the bundle.
 */
export function cjsBundle(entry, outfile) {
  return {
    ...node,
    format: 'cjs',
    entryPoints: [entry],
    outfile,
    banner: { js: "const __fronteraModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__fronteraModuleUrl' },
  };
}

/**
 * ES modules split into chunks: each `await import()` of the entries' graphs becomes its own file,
 * loaded (read, parsed) only when it runs. `import.meta.url` stays each chunk's own URL, and all
 * chunks sit in `outdir`. CommonJS dependencies inside call `require` for Node's built-ins, which an
 * ES module does not have: the banner gives each chunk one.
 */
export function esmChunks(entryPoints, outdir) {
  return {
    ...node,
    format: 'esm',
    splitting: true,
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __fronteraRequire } from 'node:module'; const require = __fronteraRequire(import.meta.url);" },
  };
}

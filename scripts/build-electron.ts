/**
 * `npm run build:electron`: bundles the Electron main process, the preload and the analysis
 * and import workers into dist-electron/*.cjs with esbuild (installed with vite/tsx).
 *
 * Main-process modules written for ESM use `import.meta.url` to find files next to them (the
 * analysis worker); in the CommonJS bundle it is defined as the bundle's own file URL, so they
 * find `analysisWorker.cjs` beside `main.cjs`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repoRoot, 'dist-electron');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // better-sqlite3 is native (rebuilt for Electron's ABI by electron-builder); electron is the host.
  external: ['electron', 'better-sqlite3'],
  banner: { js: "const __fronteraModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__fronteraModuleUrl' },
};

export async function buildElectron(outDir: string = out): Promise<string[]> {
  const entries: [string, string][] = [
    ['electron/main/main.ts', 'main.cjs'],
    ['electron/main/preload.ts', 'preload.cjs'],
    ['electron/node/analysis/analysisWorker.ts', 'analysisWorker.cjs'],
    ['electron/node/analysis/kdeRowWorker.ts', 'kdeRowWorker.cjs'],
    ['electron/node/importWorker.ts', 'importWorker.cjs'],
  ];
  await Promise.all(
    entries.map(([entry, file]) =>
      build({
        ...common,
        entryPoints: [path.join(repoRoot, entry)],
        outfile: path.join(outDir, file),
        // The sandboxed preload may only require('electron'): nothing else is external there.
        ...(file === 'preload.cjs' ? { external: ['electron'] } : {}),
      }),
    ),
  );
  return entries.map(([, f]) => path.join(outDir, f));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of await buildElectron()) process.stdout.write(`${path.relative(process.cwd(), f)}\n`);
}

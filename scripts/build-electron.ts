/**
 * `npm run build:electron`: bundles the Electron main process, the preload, the command line the
 * app runs when started with a CLI subcommand (cli.cjs, loaded by main.cjs only then) and the
 * worker threads into dist-electron/*.cjs with esbuild, as every Node bundle of Frontera is built
 * (electron/backend/bundleOptions.mjs): modules that find files next to them through
 * `import.meta.url` (the workers) look beside the bundle.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { WORKER_BUNDLES, cjsBundle } from '../electron/backend/bundleOptions.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repoRoot, 'dist-electron');

/** Writes the bundles into `outDir`; gives their paths and what esbuild read to make them. */
export async function buildElectron(outDir: string = out): Promise<{ files: string[]; metafile: Metafile }> {
  const entries: [string, string][] = [
    ['electron/main/main.ts', 'main.cjs'],
    ['electron/main/preload.ts', 'preload.cjs'],
    ['cli/main.ts', 'cli.cjs'],
    ...WORKER_BUNDLES,
  ];
  const results = await Promise.all(
    entries.map(([entry, file]) =>
      build({
        ...cjsBundle(path.join(repoRoot, entry), path.join(outDir, file)),
        sourcemap: true,
        metafile: true,
        // The sandboxed preload may only require('electron'): nothing else is external there. Nor
        // does it have __filename, which the banner giving other bundles their own URL reads: a
        // preload that throws on its first line leaves the page without its bridge.
        ...(file === 'preload.cjs' ? { external: ['electron'], banner: {}, define: {} } : {}),
      }),
    ),
  );
  const metafile: Metafile = { inputs: {}, outputs: {} };
  for (const r of results) {
    Object.assign(metafile.inputs, r.metafile.inputs);
    Object.assign(metafile.outputs, r.metafile.outputs);
  }
  return { files: entries.map(([, f]) => path.join(outDir, f)), metafile };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of (await buildElectron()).files) process.stdout.write(`${path.relative(process.cwd(), f)}\n`);
}

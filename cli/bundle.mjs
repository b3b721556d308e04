/**
 * The `frontera` command runs from this bundle of cli/entry.ts, not from the TypeScript sources:
 * through tsx, `frontera --help` took 0.8 s, most of it transpiling. ES modules split into chunks,
 * so a command loads only its own code (`--help` reads a few kilobytes), with the worker threads'
 * bundles beside them, where the code looks for them. `npm ci` builds it (the `prepare` script:
 * `node cli/bundle.mjs`); bin/frontera.js builds it again first whenever a source changed.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedBuild } from '../electron/backend/bundleCache.mjs';
import { WORKER_BUNDLES, cjsBundle, esmChunks } from '../electron/backend/bundleOptions.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The esbuild options of the CLI's bundles, written into `outdir` (its entry: `entry.mjs`). */
export function cliBuilds(outdir) {
  return [
    esmChunks([path.join(repoRoot, 'cli', 'entry.ts')], outdir),
    ...WORKER_BUNDLES.map(([entry, file]) => cjsBundle(path.join(repoRoot, entry), path.join(outdir, file))),
  ];
}

/** The path of an up-to-date bundle of the CLI's entry, built first when needed. */
export function cliBundle() {
  const dir = cachedBuild({
    repoRoot,
    name: 'cli',
    builds: cliBuilds,
    inputs: [fileURLToPath(import.meta.url), path.join(repoRoot, 'electron', 'node', 'bundleOptions.mjs')],
  });
  return path.join(dir, 'entry.mjs');
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  process.stdout.write(`${path.relative(process.cwd(), cliBundle())}\n`);
}

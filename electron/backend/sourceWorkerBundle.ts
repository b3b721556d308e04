/**
 * Import workers of source runs that are not the CLI's bundle (the web server and tests, through
 * tsx) start from a bundle built here with esbuild, not from the TypeScript through tsx: a worker
 * that registers tsx and transpiles its module graph took 0.8 s to reach its first line — 15 % of
 * a million-point import, twice over with two workers — while the bundle loads in about 0.1 s.
 * The bundle is cached and rebuilt when a source changes (bundleCache.mjs); the CLI's bundle and
 * the packaged app carry their own worker bundles and never come here.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBuild } from './bundleCache.mjs';
import { cjsBundle } from './bundleOptions.mjs';

/** The path of an up-to-date CommonJS bundle of `entry` (an absolute .ts path). */
export function sourceWorkerBundle(entry: string, repoRoot: string): string {
  const base = path.basename(entry, '.ts');
  const key = crypto.createHash('sha256').update(entry).digest('hex').slice(0, 12);
  const here = fileURLToPath(import.meta.url);
  const dir = cachedBuild({
    repoRoot,
    name: `${base}-${key}`,
    builds: (outdir) => [cjsBundle(entry, path.join(outdir, `${base}.cjs`))],
    inputs: [here, path.join(path.dirname(here), 'bundleOptions.mjs')],
  });
  return path.join(dir, `${base}.cjs`);
}

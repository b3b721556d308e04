/**
 * Import workers of source runs (CLI, web server, tests) start from a bundle built here with
 * esbuild, not from the TypeScript through tsx: a worker that registers tsx and transpiles its
 * module graph took 0.8 s to reach its first line — 15 % of a million-point import, twice over
 * with two workers — while the bundle loads in about 0.1 s. The packaged app ships its bundles
 * (scripts/build-electron.ts) and never comes here.
 *
 * The bundle lives in node_modules/.cache/frontera (the usual place for a tool's cache, inside
 * the checkout rather than a shared temporary folder) with the list of its inputs, and is built
 * again whenever one of them changed size or time (checked at each worker start: a few stats). Written to a temporary name and renamed, so
 * processes building at the same moment never load half a file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Esbuild from 'esbuild';

interface Inputs {
  files: [string, number, number][];
}

function stamp(file: string): [string, number, number] | null {
  try {
    const s = fs.statSync(file);
    return [file, s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

function fresh(out: string, list: string): boolean {
  if (!fs.existsSync(out) || !fs.existsSync(list)) return false;
  try {
    const inputs = JSON.parse(fs.readFileSync(list, 'utf8')) as Inputs;
    return inputs.files.every(([f, size, mtime]) => {
      const s = stamp(f);
      return s !== null && s[1] === size && s[2] === mtime;
    });
  } catch {
    return false;
  }
}

/** The path of an up-to-date CommonJS bundle of `entry` (an absolute .ts path). */
export function sourceWorkerBundle(entry: string, repoRoot: string): string {
  const dir = path.join(repoRoot, 'node_modules', '.cache', 'frontera');
  const key = crypto.createHash('sha256').update(entry).digest('hex').slice(0, 12);
  const out = path.join(dir, `${path.basename(entry, '.ts')}-${key}.cjs`);
  const list = `${out}.inputs.json`;
  if (!fresh(out, list)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
    // Loaded here, not at the top: the app's bundled main process must not need esbuild.
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
    const result = buildSync({
      entryPoints: [entry],
      absWorkingDir: repoRoot,
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
      external: ['electron', 'better-sqlite3'],
      metafile: true,
    });
    const files = Object.keys(result.metafile.inputs)
      .map((f) => stamp(path.resolve(repoRoot, f)))
      .filter((s): s is [string, number, number] => s !== null);
    fs.writeFileSync(`${list}.${process.pid}.tmp`, JSON.stringify({ files } satisfies Inputs));
    fs.renameSync(tmp, out);
    fs.renameSync(`${list}.${process.pid}.tmp`, list);
  }
  return out;
}

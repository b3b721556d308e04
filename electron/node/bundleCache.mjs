/**
 * esbuild bundles of source checkouts, kept in node_modules/.cache/frontera (the usual place for a
 * tool's cache, inside the checkout rather than a shared temporary folder) and built again only
 * when one of their inputs changed: the CLI (cli/bundle.mjs) and the import worker of source runs
 * (sourceWorkerBundle.ts). Running TypeScript through tsx instead cost the CLI 1 s at every start
 * and each import worker 0.8 s. The packaged app ships its bundles and never comes here.
 *
 * Each build goes to a folder of its own; `<name>.json` names the current one with every file
 * esbuild read (and the files that define the build), each with its size and modification time:
 * checking those is a few stats per start. A new build is complete before `<name>.json` points at
 * it (written to a temporary name and renamed), so processes building at the same moment never
 * load half of one, and a process keeps loading its chunks and starting its workers from the build
 * it started with. Superseded builds are removed once they are an hour old.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const KEEP_SUPERSEDED_MS = 60 * 60 * 1000;

function stamp(file) {
  try {
    const s = fs.statSync(file);
    return [file, s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

/** The folder of the current build, or null when there is none or an input changed. */
function currentBuild(dir, pointer) {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(pointer, 'utf8'));
  } catch {
    return null;
  }
  const out = path.join(dir, current.dir);
  const unchanged = current.files.every(([f, size, mtime]) => {
    const s = stamp(f);
    return s !== null && s[1] === size && s[2] === mtime;
  });
  return unchanged && fs.existsSync(out) ? out : null;
}

function removeSuperseded(dir, name, keep) {
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.startsWith(`${name}.`) || entry === keep || entry.endsWith('.json')) continue;
    const p = path.join(dir, entry);
    const s = fs.statSync(p, { throwIfNoEntry: false });
    if (s?.isDirectory() && Date.now() - s.mtimeMs > KEEP_SUPERSEDED_MS) fs.rmSync(p, { recursive: true, force: true });
  }
}

/**
 * The folder of an up-to-date build named `name`, building it first when needed. `builds(outdir)`
 * gives the esbuild options of each bundle to write into `outdir`; `inputs` are the files that
 * define those options (a change there also calls for a new build).
 */
export function cachedBuild({ repoRoot, name, builds, inputs = [] }) {
  const dir = path.join(repoRoot, 'node_modules', '.cache', 'frontera');
  const pointer = path.join(dir, `${name}.json`);
  const current = currentBuild(dir, pointer);
  if (current) return current;

  fs.mkdirSync(dir, { recursive: true });
  const id = `${name}.${Date.now().toString(36)}-${process.pid}`;
  const out = path.join(dir, id);
  // Loaded here, not at the top: the app's bundled main process must not need esbuild.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  const read = new Set(inputs.map((f) => path.resolve(f)));
  for (const options of builds(out)) {
    const result = buildSync({ ...options, absWorkingDir: repoRoot, logLevel: 'silent', metafile: true });
    for (const f of Object.keys(result.metafile.inputs)) read.add(path.resolve(repoRoot, f));
  }
  const files = [...read].map(stamp).filter((s) => s !== null);
  const tmp = `${pointer}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ dir: id, files }));
  fs.renameSync(tmp, pointer);
  removeSuperseded(dir, name, id);
  return out;
}

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
 * load half of one.
 *
 * A process keeps loading chunks and starting workers from the build it started with, for as long
 * as it runs (`frontera serve` runs for hours while the sources change): it marks the build as in
 * use (a file named for its pid) until it exits. A superseded build is removed by the next build
 * once no live process marks it and it was superseded over a minute ago (time for a process that
 * read the old `<name>.json` to mark it).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const SUPERSEDED_GRACE_MS = 60 * 1000;
const IN_USE = '.in-use-';

function stamp(file) {
  try {
    const s = fs.statSync(file);
    return [file, s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

function readPointer(pointer) {
  try {
    return JSON.parse(fs.readFileSync(pointer, 'utf8'));
  } catch {
    return null;
  }
}

/** The folder of the current build, or null when there is none or an input changed. */
function currentBuild(dir, pointer, repoRoot) {
  const current = readPointer(pointer);
  // Checkouts that share one node_modules (a symlink) share this cache: another's build is not ours.
  if (!current || current.root !== repoRoot) return null;
  const out = path.join(dir, current.dir);
  const unchanged = current.files.every(([f, size, mtime]) => {
    const s = stamp(f);
    return s !== null && s[1] === size && s[2] === mtime;
  });
  return unchanged && fs.existsSync(out) ? out : null;
}

const marked = new Set();

/** Marks `out` as used by this process until it exits. */
function markInUse(out) {
  if (marked.has(out)) return;
  marked.add(out);
  const mark = path.join(out, `${IN_USE}${process.pid}`);
  fs.writeFileSync(mark, '');
  if (marked.size === 1) process.on('exit', () => marked.forEach((o) => fs.rmSync(path.join(o, `${IN_USE}${process.pid}`), { force: true })));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Builds of `name` other than `keep` that no live process uses, superseded (touched) over a minute ago. */
function removeSuperseded(dir, name, keep) {
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.startsWith(`${name}.`) || entry === keep || entry.endsWith('.json')) continue;
    const p = path.join(dir, entry);
    const s = fs.statSync(p, { throwIfNoEntry: false });
    if (!s?.isDirectory() || Date.now() - s.mtimeMs < SUPERSEDED_GRACE_MS) continue;
    const users = fs.readdirSync(p).filter((f) => f.startsWith(IN_USE) && alive(Number(f.slice(IN_USE.length))));
    if (!users.length) fs.rmSync(p, { recursive: true, force: true });
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
  const current = currentBuild(dir, pointer, repoRoot);
  if (current) {
    markInUse(current);
    return current;
  }

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
  markInUse(out);
  const files = [...read].map(stamp).filter((s) => s !== null);
  const superseded = readPointer(pointer)?.dir;
  const tmp = `${pointer}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ root: repoRoot, dir: id, files }));
  fs.renameSync(tmp, pointer);
  if (superseded) {
    // When it stopped being current: its grace minute starts now (unless it is gone already).
    try {
      fs.utimesSync(path.join(dir, superseded), new Date(), new Date());
    } catch {}
  }
  removeSuperseded(dir, name, id);
  return out;
}

/**
 * The cache of source checkouts' bundles (electron/backend/bundleCache.mjs): a build is reused while
 * its inputs are unchanged and replaced when one changes; a superseded build stays while a live
 * process still uses it (a `frontera serve` started before the change starts its workers from it)
 * and goes once none does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cachedBuild } from '../../../electron/backend/bundleCache.mjs';
import { cjsBundle } from '../../../electron/backend/bundleOptions.mjs';

let root: string;
let entry: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-cache-'));
  entry = path.join(root, 'src', 'entry.ts');
  fs.mkdirSync(path.dirname(entry), { recursive: true });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

let version = 0;
/** A new source (of a new size, so the change is seen whatever the clock), then the current build. */
function change(): string {
  version++;
  fs.writeFileSync(entry, `console.log(${JSON.stringify('v'.repeat(version))});\n`);
  return build();
}
const build = () => cachedBuild({ repoRoot: root, name: 'test', builds: (out) => [cjsBundle(entry, path.join(out, 'entry.cjs'))] });
const run = (dir: string) => execFileSync(process.execPath, [path.join(dir, 'entry.cjs')], { encoding: 'utf8' }).trim();
const supersededLongAgo = (dir: string) => fs.utimesSync(dir, new Date(Date.now() - 5 * 60_000), new Date(Date.now() - 5 * 60_000));

it('reuses a build while its inputs are unchanged and builds anew when one changes', () => {
  const a = change();
  expect(a.startsWith(path.join(root, 'node_modules', '.cache', 'frontera'))).toBe(true);
  expect(run(a)).toBe('v'.repeat(version));
  expect(build()).toBe(a);
  const b = change();
  expect(b).not.toBe(a);
  expect(run(b)).toBe('v'.repeat(version));
});

it('keeps a superseded build while a live process uses it, and removes it once none does', () => {
  const a = change(); // this process now uses a
  change();
  supersededLongAgo(a);
  change();
  expect(fs.existsSync(a)).toBe(true);

  // This process lets go of a; a process that used it died without saying so.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
  fs.rmSync(path.join(a, `.in-use-${process.pid}`));
  fs.writeFileSync(path.join(a, `.in-use-${dead}`), '');
  supersededLongAgo(a);
  const d = change();
  expect(fs.existsSync(a)).toBe(false);
  expect(run(d)).toBe('v'.repeat(version));
});

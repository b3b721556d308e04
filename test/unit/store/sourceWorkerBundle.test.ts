/**
 * Source runs start import workers from an esbuild bundle kept in node_modules/.cache: it must
 * run the current sources — built on first use, reused while they are unchanged, built again
 * when any module it bundles changes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sourceWorkerBundle } from '../../../electron/backend/sourceWorkerBundle.ts';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-bundle-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

it('bundles the entry with its imports, reuses the bundle, and rebuilds it when an input changes', () => {
  const entry = path.join(root, 'src', 'entry.ts');
  const dep = path.join(root, 'src', 'dep.ts');
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(dep, "export const word: string = 'uno';\n");
  fs.writeFileSync(entry, "import { word } from './dep.ts';\nconsole.log(word);\n");
  const run = (file: string) => execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim();

  const out = sourceWorkerBundle(entry, root);
  expect(out.startsWith(path.join(root, 'node_modules', '.cache', 'frontera'))).toBe(true);
  expect(run(out)).toBe('uno');
  const builtAt = fs.statSync(out).mtimeMs;
  expect(sourceWorkerBundle(entry, root)).toBe(out);
  expect(fs.statSync(out).mtimeMs).toBe(builtAt);

  fs.writeFileSync(dep, "export const word: string = 'dos, otra vez';\n");
  expect(run(sourceWorkerBundle(entry, root))).toBe('dos, otra vez');
});

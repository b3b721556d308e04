/**
 * The folder Frontera is installed in — the one holding its package.json, data/ and the built
 * renderer — found from wherever the running code is: the sources (electron/backend/), the app's
 * bundles (dist-electron/) and the CLI's bundle (node_modules/.cache/frontera/cli.…/) sit at
 * different depths below it, so a fixed number of `..` is right for only one of them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function installRoot(): string {
  if (root !== undefined) return root;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`no package.json in any folder above ${here}`);
  }
}

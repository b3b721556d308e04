/**
 * `npm start`: the desktop app. Exits with one line when this machine has no Electron binary
 * (air-gapped installs without it, or CI), pointing at the browser UI instead; otherwise builds
 * what is missing and runs Electron on the last workspace (or the demo).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The Electron executable, or null when the npm package has no binary. */
export function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function newer(target: string, sourcesDirs: string[]): boolean {
  // Up to date when the bundle is newer than every file it is built from.
  if (!fs.existsSync(target)) return false;
  const built = fs.statSync(target).mtimeMs;
  const stack = [...sourcesDirs];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (fs.statSync(p).mtimeMs > built) return false;
    }
  }
  return true;
}

async function main(): Promise<number> {
  const electron = electronBinary();
  if (!electron) {
    process.stderr.write('Electron is not available on this machine (no binary in node_modules/electron): run `npm run web` to use Frontera in the browser.\n');
    return 1;
  }
  // Loaded only now: the one-line answer above must not depend on the back end building.
  const { ensureRendererBuilt, repoRoot } = await import('./web.ts');
  await ensureRendererBuilt((l) => process.stderr.write(l + '\n'));
  const main = path.join(repoRoot, 'dist-electron', 'main.cjs');
  if (!newer(main, [path.join(repoRoot, 'electron'), path.join(repoRoot, 'shared')])) {
    const { buildElectron } = await import('./build-electron.ts');
    await buildElectron();
  }
  const child = spawn(electron, [repoRoot, ...process.argv.slice(2)], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

process.exitCode = await main();

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

async function main(): Promise<number> {
  const electron = electronBinary();
  if (!electron) {
    process.stderr.write('Electron is not available on this machine (no binary in node_modules/electron): run `npm run web` to use Frontera in the browser.\n');
    return 1;
  }
  // Loaded only now: the one-line answer above must not depend on the back end building.
  const { ensureRendererBuilt, isUpToDate, repoRoot } = await import('./web.ts');
  await ensureRendererBuilt((l) => process.stderr.write(l + '\n'));
  const main = path.join(repoRoot, 'dist-electron', 'main.cjs');
  if (!isUpToDate(main, [path.join(repoRoot, 'electron'), path.join(repoRoot, 'shared')])) {
    const { buildElectron } = await import('./build-electron.ts');
    await buildElectron();
  }
  const child = spawn(electron, [repoRoot, ...process.argv.slice(2)], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

process.exitCode = await main();

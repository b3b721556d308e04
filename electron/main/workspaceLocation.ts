/**
 * Where the app keeps its own files: $FRONTERA_HOME, else ~/.frontera. The demo workspace lives
 * there, so `npm start` and `npm run web` have something to show on a fresh machine.
 * Plain Node (no Electron) so scripts/web.ts shares it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function fronteraHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.FRONTERA_HOME && env.FRONTERA_HOME.trim() !== '' ? path.resolve(env.FRONTERA_HOME) : path.join(os.homedir(), '.frontera');
}

export function demoWorkspacePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(fronteraHome(env), 'demo.frontera');
}

export function recentListPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(fronteraHome(env), 'recent.json');
}

export function ensureHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = fronteraHome(env);
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}

/**
 * Makes sure `file` exists: builds the SYNTHETIC demo workspace there when it is absent (the
 * same layers as `frontera demo`). Returns true when it built one.
 */
export async function ensureDemoWorkspace(file: string): Promise<boolean> {
  if (fs.existsSync(file)) return false;
  const [{ DEMO_SEED }, { writeDemoWorkspace }] = await Promise.all([
    import('../../shared/demo/layers.ts'),
    import('../backend/demoWorkspace.ts'),
  ]);
  writeDemoWorkspace(file, { seed: DEMO_SEED, actor: 'app' });
  return true;
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Workspace } from '../../../electron/backend/store/workspace.ts';
import { DEMO_SEED } from '../../../shared/demo/layers.ts';
import { demoLayers } from '../../../electron/backend/demoWorkspace.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'frontera.js');

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A workspace holding the seeded demo layers (the same the app opens on first launch). */
export function demoWorkspace(file: string): Workspace {
  const ws = Workspace.open(file, { create: true });
  for (const layer of demoLayers(DEMO_SEED)) {
    const { features, ...meta } = layer;
    ws.insertLayer(meta, features);
  }
  return ws;
}

export function cli(args: string[], cwd?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: cwd ?? repoRoot, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

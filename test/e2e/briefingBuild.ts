/**
 * Builds dist-renderer/ when the briefing page in it is missing or older than its sources
 * (scripts/web.ts's ensureRendererBuilt only checks that a build exists).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureRendererBuilt, rendererDir, repoRoot } from '../../scripts/web.ts';

const SOURCES = ['renderer/briefing.html', 'renderer/briefing', 'renderer/map', 'renderer/api', 'shared/report', 'vite.config.ts'];

function newest(p: string): number {
  const full = path.join(repoRoot, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((f) => newest(path.join(p, f))));
}

export async function ensureBriefingBuilt(): Promise<string> {
  const page = path.join(rendererDir, 'briefing.html');
  await ensureRendererBuilt();
  if (fs.existsSync(page) && fs.statSync(page).mtimeMs >= Math.max(...SOURCES.map(newest))) return rendererDir;
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  return rendererDir;
}

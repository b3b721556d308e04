/**
 * `npm run web [-- <workspace>] [--port N]`: the app in a browser. Builds the renderer if it is
 * not built, opens the given workspace (default: the SYNTHETIC demo workspace under
 * $FRONTERA_HOME or ~/.frontera, built when absent) and prints the loopback URL with this run's token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openBackend } from '../electron/backend/backend.ts';
import { startWebServer } from '../electron/backend/webServer.ts';
import { chromiumPrinter } from '../electron/backend/briefing/printWithChromium.ts';
import { demoWorkspacePath, ensureDemoWorkspace, ensureHome } from '../electron/main/workspaceLocation.ts';
import { isUserError } from '../shared/errors.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDir = path.join(repoRoot, 'dist-renderer');

/** True when `target` exists and is newer than every file under `sources` (files or folders). */
export function isUpToDate(target: string, sources: string[]): boolean {
  if (!fs.existsSync(target)) return false;
  const built = fs.statSync(target).mtimeMs;
  const stack = sources.filter((s) => fs.existsSync(s));
  while (stack.length) {
    const p = stack.pop()!;
    const st = fs.statSync(p);
    if (st.isDirectory()) stack.push(...fs.readdirSync(p).map((n) => path.join(p, n)));
    else if (st.mtimeMs > built) return false;
  }
  return true;
}

/**
 * Builds dist-renderer/ (and the basemap it copies in) unless it is newer than its sources.
 * Test files run in parallel processes and may all ask at once: one builds while the others
 * wait on a lock folder, then find the build fresh.
 */
export async function ensureRendererBuilt(log: (line: string) => void = () => {}): Promise<string> {
  const sources = ['renderer', 'shared', 'data/basemap', 'vite.config.ts'].map((p) => path.join(repoRoot, p));
  const fresh = () => isUpToDate(path.join(rendererDir, 'index.html'), sources);
  if (fresh()) return rendererDir;
  const lock = `${rendererDir}.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build can take was left by a killed process.
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (Date.now() > deadline || (held && Date.now() - held.mtimeMs > 180_000)) {
        fs.rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!fresh()) await buildRenderer(log);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return rendererDir;
}

async function buildRenderer(log: (line: string) => void): Promise<void> {
  if (!fs.existsSync(path.join(repoRoot, 'data', 'basemap', 'land.geojson'))) {
    const { writeBasemap } = await import('./build-basemap.ts');
    writeBasemap(path.join(repoRoot, 'data', 'basemap'));
  }
  log('building the renderer…');
  const { build } = await import('vite');
  // Vitest runs with NODE_ENV=test, and Vite keeps a set NODE_ENV: a build started from a test
  // would ship React's development bundle (slower, and what `npm run web` would then serve).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * Opens `file`; the demo workspace is built on first use, any other missing file is an error.
 * Briefings print with this machine's Chromium (the browser shell is a development host).
 */
export async function openWorkspaceFor(file: string, isDemo: boolean, log: (line: string) => void = () => {}) {
  if (isDemo && (await ensureDemoWorkspace(file))) log(`built the SYNTHETIC demo workspace ${file}`);
  return openBackend(file, { create: false, printBriefing: chromiumPrinter({ staticRoot: rendererDir, host: 'web' }) });
}

const USAGE = `Usage: npm run web -- [WORKSPACE] [--port N]

Serves the Frontera app to a browser on this machine only (127.0.0.1), for tests and for a
machine without the desktop app. Without WORKSPACE it opens the synthetic demo workspace
(built on first use). --port N listens on port N (default: any free port). The address to
open is printed; Ctrl+C stops it.
`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (e) {
    // parseArgs's own words name the option; the usage says what there is.
    process.stderr.write(`npm run web: ${(e as Error).message.split('. ')[0]}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`npm run web: --port must be an integer 0..65535, got "${values.port}"\n`);
    return 1;
  }
  const log = (l: string) => process.stderr.write(l + '\n');
  let file = positionals[0];
  const isDemo = !file;
  if (!file) {
    ensureHome();
    file = demoWorkspacePath();
  }
  const staticRoot = await ensureRendererBuilt(log);
  const backend = await openWorkspaceFor(path.resolve(file), isDemo, log);
  const server = await startWebServer({ api: backend, staticRoot, port });
  process.stdout.write(`Frontera: ${path.resolve(file)}\nOpen ${server.url}\n(Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  backend.close();
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`npm run web: ${isUserError(e) ? e.message : ((e as Error)?.stack ?? String(e))}\n`);
      process.exit(isUserError(e) ? 1 : 2);
    },
  );
}

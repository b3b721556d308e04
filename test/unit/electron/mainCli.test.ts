/**
 * The installed app is also the `frontera` command: the bundled main process (dist-electron/
 * main.cjs), started with a CLI subcommand, runs it from cli.cjs without opening a window and
 * exits with its code; `brief` prints through a hidden window of the app's own Chromium (here the
 * stand-in electron module's real page, test/support/standInElectron.ts), never playwright-core.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildElectron } from '../../../scripts/build-electron.ts';
import { ensureRendererBuilt, repoRoot } from '../../../scripts/web.ts';
import { launchBrowser } from '../../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../../electron/backend/briefing/findBrowser.ts';
import { openBackend } from '../../../electron/backend/backend.ts';
import { requireWithElectron, standInElectron, type StandInRecord } from '../../support/standInElectron.ts';

/** The browser the tests drive: found the one way the product finds one ($CHROMIUM_PATH, else the usual places). */
const CHROMIUM = findBrowser();
const PLACES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

let tmp: string;
let dist: string;
let browser: Browser;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  rec: StandInRecord;
}

/** Starts the bundled app as `<binary> ...args` (as installed: no app folder argument) and waits for its exit. */
async function app(args: string[]): Promise<Run> {
  const standIn = await standInElectron({ browser, preloadPath: () => path.join(dist, 'preload.cjs') });
  for (const f of ['main.cjs', 'cli.cjs']) delete require.cache[path.join(dist, f)];
  const argv = process.argv;
  const stdout = capture(process.stdout);
  const stderr = capture(process.stderr);
  process.argv = ['/opt/Frontera/frontera', ...args];
  let restore = () => {};
  try {
    restore = requireWithElectron(path.join(dist, 'main.cjs'), standIn.electron);
    const deadline = Date.now() + 120_000;
    while (standIn.rec.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    restore();
    process.argv = argv;
    stdout.restore();
    stderr.restore();
    await standIn.close();
  }
  return { code: standIn.rec.exitCode, stdout: stdout.text, stderr: stderr.text, rec: standIn.rec };
}

/** What the app writes to a stream while it runs (its write callbacks called, as a pipe would). */
function capture(stream: NodeJS.WriteStream): { text: string; restore: () => void } {
  const original = stream.write;
  const got = { text: '', restore: () => void (stream.write = original) };
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    got.text += String(chunk);
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  }) as typeof stream.write;
  return got;
}

const require = createRequire(import.meta.url);

beforeAll(async () => {
  const staticRoot = await ensureRendererBuilt();
  tmp = fs.mkdtempSync(path.join(repoRoot, 'test-output', 'main-cli-'));
  dist = path.join(tmp, 'dist-electron');
  await buildElectron(dist);
  fs.cpSync(staticRoot, path.join(tmp, 'dist-renderer'), { recursive: true });
  browser = await launchBrowser(CHROMIUM);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the app binary as the frontera command (bundled main, stand-in electron)', () => {
  it('runs init and import without a window and exits with the command’s code', async () => {
    const ws = path.join(tmp, 'cli.frontera');
    const init = await app(['init', ws, '--tz', 'America/Hermosillo']);
    expect(init.code, init.stderr).toBe(0);
    const imp = await app(['import', ws, PLACES, '--layer', 'poblaciones', '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject([{ layer: 'poblaciones', featureCount: 12 }]);
    expect(imp.rec.windows).toHaveLength(0);
    expect(imp.rec.menu).toBeNull();
    const b = openBackend(ws);
    try {
      expect(b.workspace.timezone).toBe('America/Hermosillo');
      expect(b.workspace.listLayers().map((l) => [l.name, l.featureCount])).toEqual([['poblaciones', 12]]);
    } finally {
      b.close();
    }
  }, 120_000);

  it('answers bad usage with exit code 1 and the message on stderr, and --help with the commands', async () => {
    const bad = await app(['import', path.join(tmp, 'missing.frontera'), PLACES]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/workspace not found/);
    const help = await app(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: frontera <command>/);
    expect(help.stdout).toMatch(/\bbrief\b/);
  }, 60_000);

  it('brief prints through the app’s own hidden window: a PDF with the title, audited as printed by Electron', async () => {
    const ws = path.join(tmp, 'demo.frontera');
    expect((await app(['demo', ws])).code).toBe(0);
    const out = path.join(tmp, 'briefing.pdf');
    const r = await app(['brief', ws, '--out', out, '--title', 'Informe semanal — San Luis Río Colorado', '--banner', 'RESERVADO', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { out: string; pages: number; auditId: number };
    expect(json).toMatchObject({ out, pages: 1 });
    expect(execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' })).toContain('Informe semanal — San Luis Río Colorado');
    // One hidden window, the briefing, gone when done; no main window.
    expect(r.rec.windows.map((w) => [w.opts.show, w.url?.split('#')[0], w.destroyed])).toEqual([[false, 'app://frontera/briefing.html', true]]);
    expect(r.rec.pageErrors).toEqual([]);
    const b = openBackend(ws);
    try {
      const entry = b.workspace.listAudit(10).find((a) => a.id === json.auditId);
      expect(entry).toMatchObject({ action: 'briefing.print', actor: 'cli', details: { host: 'electron', format: 'pdf' } });
    } finally {
      b.close();
    }
  }, 180_000);
});

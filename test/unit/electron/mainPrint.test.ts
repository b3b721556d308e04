/**
 * The desktop app's print path, end to end in the bundled main process (dist-electron/main.cjs)
 * under the stand-in electron module, whose hidden briefing window is a real page in Debian's
 * Chromium (test/support/standInElectron.ts): the file comes from the save dialog handler main
 * registers, `briefing.print` goes through main's IPC handler, main opens its hidden window on
 * app://frontera/briefing.html served by its own protocol handler, the real preload bundle gives
 * that page its bridge, the page fetches its model over IPC, and main prints it with
 * printToPDF / a 300 dpi capture over the DevTools protocol. The PDF is read with poppler.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildElectron } from '../../../scripts/build-electron.ts';
import { ensureRendererBuilt, repoRoot } from '../../../scripts/web.ts';
import { launchBrowser } from '../../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../../electron/backend/briefing/findBrowser.ts';
import { requireWithElectron, standInElectron, type StandIn } from '../../support/standInElectron.ts';

type Fn = (...args: unknown[]) => Promise<unknown>;
type Envelope<T> = { result?: T; error?: { status: number; message: string } };

/** The browser the tests drive: found the one way the product finds one ($CHROMIUM_PATH, else the usual places). */
const CHROMIUM = findBrowser();

describe('the app prints a briefing through its own window (bundled main, stand-in electron, real Chromium)', () => {
  let tmp: string;
  let browser: Browser;
  let standIn: StandIn;
  let restoreLoader = () => {};
  const env = { home: process.env.FRONTERA_HOME };
  let dbscanId: number;

  const mainEvent = () => ({ senderFrame: { url: 'app://frontera/index.html', parent: null }, sender: standIn.rec.windows[0].webContents });
  async function api<T>(method: string, input: unknown): Promise<Envelope<T>> {
    return (await (standIn.rec.ipcHandle.get('api') as Fn)(mainEvent(), method, input, `c${Math.random().toString(36).slice(2, 10)}`)) as Envelope<T>;
  }
  async function chooseFile(chosen: string, extension: string): Promise<string | null> {
    standIn.rec.savePath = chosen;
    const save = standIn.rec.ipcHandle.get('app:save-path') as Fn;
    return (await save(mainEvent(), { title: 'Save the briefing', defaultName: `briefing.${extension}`, filterName: extension, extensions: [extension] })) as string | null;
  }

  beforeAll(async () => {
    const staticRoot = await ensureRendererBuilt();
    // Inside the repository so the bundle's require('better-sqlite3') finds node_modules.
    tmp = fs.mkdtempSync(path.join(repoRoot, 'test-output', 'main-print-'));
    await buildElectron(path.join(tmp, 'dist-electron'));
    fs.cpSync(staticRoot, path.join(tmp, 'dist-renderer'), { recursive: true });
    process.env.FRONTERA_HOME = path.join(tmp, 'home');
    browser = await launchBrowser(CHROMIUM);
    standIn = await standInElectron({ browser, preloadPath: () => path.join(tmp, 'dist-electron', 'preload.cjs') });
    restoreLoader = requireWithElectron(path.join(tmp, 'dist-electron', 'main.cjs'), standIn.electron);
    const deadline = Date.now() + 60_000;
    while (standIn.rec.windows.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(standIn.rec.errors).toEqual([]);
    const run = await api<{ id: number }>('analysis.run', { kind: 'dbscan', layer: 'incidents', eps: 500, minPoints: 5 });
    dbscanId = run.result!.id;
  }, 240_000);

  afterAll(async () => {
    restoreLoader();
    standIn?.rec.appOn.get('will-quit')?.();
    await standIn?.close();
    await browser?.close();
    if (env.home === undefined) delete process.env.FRONTERA_HOME;
    else process.env.FRONTERA_HOME = env.home;
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints a vector PDF to the file chosen in the save dialog: title, banner twice, legend as text, map ≥ 250 ppi; audited', async () => {
    fs.mkdirSync(path.join(tmp, 'out'));
    // The dialog's answer lacks the extension: main adds the format's.
    const out = await chooseFile(path.join(tmp, 'out', 'Valle de Mexicali'), 'pdf');
    expect(out).toBe(path.join(tmp, 'out', 'Valle de Mexicali.pdf'));
    const r = await api<{ out: string; pages: number; pageSize: string; auditId: number; analysisIds: number[] }>('briefing.print', {
      options: { title: 'Homicidios — Valle de Mexicali', banner: 'RESERVADO — USO OFICIAL', analyses: [dbscanId], language: 'es' },
      format: 'pdf',
      out,
    });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ out, pages: 1, pageSize: 'letter', analysisIds: [dbscanId] });
    const text = execFileSync('pdftotext', ['-layout', out!, '-'], { encoding: 'utf8' });
    expect(text).toContain('Homicidios — Valle de Mexicali');
    // The banner opens and closes the page (the reprint command in the provenance quotes it too).
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect([lines[0], lines[lines.length - 1]]).toEqual(['RESERVADO — USO OFICIAL', 'RESERVADO — USO OFICIAL']);
    expect(text).toMatch(/DBSCAN/);
    expect(text).toMatch(/Incidentes/);
    expect(execFileSync('pdfinfo', [out!], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts/);
    // The map is the page's one big raster; every word above came out as text.
    const images = execFileSync('pdfimages', ['-list', out!], { encoding: 'utf8' }).trim().split('\n').slice(2);
    const map = images.map((l) => l.trim().split(/\s+/)).sort((a, b) => Number(b[3]) * Number(b[4]) - Number(a[3]) * Number(a[4]))[0];
    expect(Number(map[12])).toBeGreaterThanOrEqual(250);
    expect(Number(map[13])).toBeGreaterThanOrEqual(250);
    const audit = await api<{ action: string; actor: string; target: string; details: Record<string, unknown> }[]>('audit.list', { limit: 5 });
    const entry = audit.result!.find((a) => a.action === 'briefing.print');
    expect(entry).toMatchObject({ actor: 'app', target: out, details: { host: 'electron', format: 'pdf', pages: 1, title: 'Homicidios — Valle de Mexicali' } });
    // The hidden window is gone once printed, and it never showed.
    const printWindow = standIn.rec.windows[1];
    expect(printWindow.opts.show).toBe(false);
    expect(printWindow.destroyed).toBe(true);
    expect(standIn.rec.pageErrors).toEqual([]);
  }, 180_000);

  it('prints a PNG at 300 dpi: 2550 × 3300 pixels for Letter', async () => {
    const out = await chooseFile(path.join(tmp, 'out', 'mapa.png'), 'png');
    const r = await api<{ out: string }>('briefing.print', { options: { analyses: [dbscanId] }, format: 'png', out });
    expect(r.error).toBeUndefined();
    const png = fs.readFileSync(out!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2550, 3300]);
  }, 180_000);

  it('refuses to print to a file the save dialog did not give, and writes nothing', async () => {
    const out = path.join(tmp, 'out', 'not-chosen.pdf');
    const r = await api('briefing.print', { options: {}, format: 'pdf', out });
    expect(r.error).toEqual({ status: 403, message: 'forbidden: choose the file in the save dialog' });
    expect(fs.existsSync(out)).toBe(false);
  });
});

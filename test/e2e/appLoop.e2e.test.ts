/**
 * End to end, the analyst's whole loop inside the window (the browser shell in Debian's Chromium,
 * `npm run web`'s server and printer): open the demo, run DBSCAN from the panel, print a briefing
 * from the Print briefing dialog (title, banner, download, read back with poppler: title, banner
 * top and bottom, legend text, a coloured map), export the DBSCAN result through Export… as
 * GeoJSON and import the download again through the import dialog (same features), and reload
 * the page: layer order, styles, view, time window and the result on the map come back.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumPrinter, launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { ensureDemoWorkspace } from '../../electron/main/workspaceLocation.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';
import { CLUSTER_COLOR } from '../../shared/report/resultStyle.ts';
import { BASEMAP_COLORS } from '../../renderer/map/basemapStyle.ts';

const outDir = path.join(repoRoot, 'test-output', 'e2e-loop');
/** The browser the tests drive: found the one way the product finds one ($CHROMIUM_PATH, else the usual places). */
const CHROMIUM = findBrowser();
const TITLE = 'Homicidios y enfrentamientos — San Luis Río Colorado';
const BANNER = 'RESERVADO — USO OFICIAL';

async function waitForIdleMap(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__fronteraMap?.loaded() === true, null, { timeout: 60_000 });
  await page.evaluate(() => window.__fronteraController!.whenIdle());
}

/** The page as RGB pixels at `dpi` (pdftoppm's binary PPM). */
function raster(file: string, dpi: number): { width: number; rgb: Buffer } {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-singlefile', file], { maxBuffer: 256 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  return { width: Number(header[1]), rgb: ppm.subarray(header[0].length) };
}

function countNear(rgb: Buffer, color: string, tolerance: number): number {
  const n = parseInt(color.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  let count = 0;
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    if (Math.abs(rgb[i] - r) <= tolerance && Math.abs(rgb[i + 1] - g) <= tolerance && Math.abs(rgb[i + 2] - b) <= tolerance) count++;
  }
  return count;
}

/** A feature as a comparable value: its geometry and its properties, keys sorted. */
function comparable(f: Feature<Geometry | null>): string {
  const props = Object.fromEntries(Object.entries(f.properties ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ geometry: f.geometry, props });
}

interface PanelRow {
  name: string;
  visible: boolean;
  color: string;
  opacity: string;
}

async function panelRows(page: Page): Promise<PanelRow[]> {
  return page.getByTestId('layer-row').evaluateAll((rows) =>
    rows.map((r) => ({
      name: r.querySelector('.layer-name')!.textContent!,
      visible: (r.querySelector('input[type=checkbox]') as HTMLInputElement).checked,
      color: (r.querySelector('input[type=color]') as HTMLInputElement).value,
      opacity: (r.querySelector('input.opacity') as HTMLInputElement).value,
    })),
  );
}

describe('the app closes the loop: analyse, print, export, and the map survives a reload', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dbscanId: number;
  const requests: string[] = [];

  beforeAll(async () => {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const staticRoot = await ensureRendererBuilt();
    tmp = fs.mkdtempSync(path.join(outDir, 'ws-'));
    const file = path.join(tmp, 'demo.frontera');
    await ensureDemoWorkspace(file);
    // As `npm run web` opens it: briefings print with this machine's Chromium.
    backend = openBackend(file, { printBriefing: chromiumPrinter({ staticRoot, browserPath: CHROMIUM, host: 'web' }) });
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    await page.goto(server.url);
    await waitForIdleMap(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    backend?.close();
  });

  it('runs DBSCAN from the analysis panel', async () => {
    await page.getByTestId('open-tool-dbscan').click();
    await page.getByTestId('dbscan-eps').fill('500');
    await page.getByTestId('analysis-run').click();
    await page.getByTestId('analysis-result').waitFor({ timeout: 120_000 });
    const runs = await backend['analysis.list']({});
    expect(runs.map((r) => r.kind)).toEqual(['dbscan']);
    dbscanId = runs[0].id;
  }, 180_000);

  it('prints the briefing from the Print briefing dialog and downloads a PDF with the title, the banner, the legend and a coloured map', async () => {
    await page.getByRole('button', { name: 'Print briefing', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Print briefing' });
    await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
    await dialog.getByRole('textbox', { name: 'Classification banner' }).fill(BANNER);
    // The live preview lays out the same page: the analyst's title shows there before printing.
    await expect.poll(() => dialog.getByTestId('print-preview').evaluate((el) => el.shadowRoot?.textContent ?? ''), { timeout: 60_000 }).toContain(TITLE);
    await expect(dialog.getByRole('checkbox', { name: /DBSCAN clusters/ }).isChecked()).resolves.toBe(true);
    await page.screenshot({ path: path.join(outDir, 'print-dialog.png') });
    const download = page.waitForEvent('download', { timeout: 180_000 });
    await dialog.getByRole('button', { name: 'Save PDF' }).click();
    const pdf = path.join(outDir, 'briefing.pdf');
    await (await download).saveAs(pdf);
    await dialog.waitFor({ state: 'detached' });

    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(TITLE);
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect([lines[0], lines[lines.length - 1]]).toEqual([BANNER, BANNER]);
    for (const legend of ['LEGEND', 'DBSCAN cluster', 'Homicides', 'International border']) expect(text).toContain(legend);
    // A coloured map: the cluster hulls' colour and the basemap's water, in quantity, on the page.
    const page72 = raster(pdf, 72);
    expect(countNear(page72.rgb, CLUSTER_COLOR, 14)).toBeGreaterThan(150);
    expect(countNear(page72.rgb, BASEMAP_COLORS.water, 10)).toBeGreaterThan(2000);
    // The print is audited with the dialog's settings; the server kept no copy.
    const audit = (await backend['audit.list']({ limit: 10 })).find((a) => a.action === 'briefing.print');
    expect(audit?.details).toMatchObject({ title: TITLE, banner: BANNER, analysisIds: [dbscanId], host: 'web', format: 'pdf' });
    expect(fs.existsSync(audit!.target!)).toBe(false);
  }, 240_000);

  it('exports the DBSCAN result through Export… as GeoJSON, and the download imports again as the same features', async () => {
    await page.locator('.stored-analyses summary').click();
    await page.locator('.stored-analyses li').filter({ hasText: `#${dbscanId}` }).getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByTestId('export-format').selectOption('geojson');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const d = await download;
    expect(d.suggestedFilename()).toBe(`dbscan-${dbscanId}.geojson`);
    const file = path.join(outDir, d.suggestedFilename());
    await d.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection & { frontera: Record<string, unknown> };
    const stored = await backend['analysis.get']({ id: dbscanId });
    expect(exported.features.map(comparable)).toEqual(stored.geojson.features.map(comparable));
    expect(exported.frontera).toMatchObject({ analysisId: dbscanId, kind: 'dbscan', params: stored.params, input: { inputFingerprint: stored.inputFingerprint } });

    await page.getByTestId('open-import').click();
    await page.getByTestId('import-files').setInputFiles(file);
    await page.getByTestId('import-layer-name').fill('clusters exported');
    await page.getByTestId('import-run').click();
    await expect.poll(async () => (await backend['layers.list']({})).map((l) => l.name), { timeout: 60_000 }).toContain('clusters exported');
    const layer = (await backend['layers.list']({})).find((l) => l.name === 'clusters exported')!;
    const imported = await backend['layers.features']({ layerId: layer.id });
    // The import keeps the source's properties and adds its own ($-prefixed) bookkeeping.
    const own = (f: Feature<Geometry | null>) => ({ ...f, properties: Object.fromEntries(Object.entries(f.properties ?? {}).filter(([k]) => !k.startsWith('$'))) });
    expect(imported.features.map((f) => comparable(own(f)))).toEqual(stored.geojson.features.map(comparable));
  }, 180_000);

  it('exports the DBSCAN result and the incidents layer together into one GeoPackage, which GDAL reads as two tables', async () => {
    await page.locator('.stored-analyses li').filter({ hasText: `#${dbscanId}` }).getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByTestId('export-format').selectOption('gpkg');
    // A format of several layers offers the others; GeoJSON does not.
    await dialog.getByTestId('export-also').getByRole('checkbox', { name: 'incidents', exact: true }).check();
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const d = await download;
    expect(d.suggestedFilename()).toBe(`dbscan-${dbscanId}.gpkg`);
    const file = path.join(outDir, d.suggestedFilename());
    await d.saveAs(file);
    const incidents = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!;
    const stored = await backend['analysis.get']({ id: dbscanId });
    const count = (table: string) => Number(/Feature Count: (\d+)/.exec(execFileSync('ogrinfo', ['-ro', '-so', file, table], { encoding: 'utf8' }))![1]);
    const tables = execFileSync('ogrinfo', ['-ro', '-q', file], { encoding: 'utf8' });
    expect(tables).toMatch(/incidents/);
    expect(count('incidents')).toBe(incidents.featureCount);
    const resultTable = /\d+: (dbscan\S*)/.exec(tables)![1];
    expect(count(resultTable)).toBe(stored.geojson.features.length);
  }, 180_000);

  it('after a reload the layer order, the styles, the view and the result on the map are as the analyst left them', async () => {
    await page.getByRole('checkbox', { name: 'Show roads' }).uncheck();
    await page.locator('input[aria-label="Colour of incidents"]').fill('#7a1fa2');
    await page.getByRole('slider', { name: 'Opacity of municipalities' }).fill('40');
    await page.getByTestId('layer-row').filter({ hasText: 'incidents' }).getByTitle('Move down').click();
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-114.93, 32.41], zoom: 10.5, bearing: 15 }));
    const before = await panelRows(page);
    expect(before.find((r) => r.name === 'roads')?.visible).toBe(false);
    // Saved a moment after the last change.
    await expect
      .poll(async () => (await backend['mapState.get']({})).state?.view?.bearing, { timeout: 10_000 })
      .toBe(15);
    const names = new Map((await backend['layers.list']({})).map((l) => [l.id, l.name]));
    await expect
      .poll(
        async () =>
          (await backend['mapState.get']({})).state?.layers.map((l) => ({
            name: names.get(l.id),
            visible: l.visible,
            color: l.color,
            opacity: String(Math.round(l.opacity * 100)),
          })),
        { timeout: 10_000 },
      )
      .toEqual(before);
    const mapOrder = await page.evaluate(() => window.__fronteraMap!.getStyle().layers.map((l) => l.id).filter((id) => /^lyr-\d+-/.test(id)));

    await page.reload();
    await waitForIdleMap(page);
    await expect.poll(() => panelRows(page), { timeout: 30_000 }).toEqual(before);
    const view = await page.evaluate(() => {
      const m = window.__fronteraMap!;
      return { lng: m.getCenter().lng, lat: m.getCenter().lat, zoom: m.getZoom(), bearing: m.getBearing() };
    });
    expect(view.lng).toBeCloseTo(-114.93, 5);
    expect(view.lat).toBeCloseTo(32.41, 5);
    expect(view.zoom).toBeCloseTo(10.5, 2);
    expect(view.bearing).toBeCloseTo(15, 2);
    // MapLibre draws the layers in the saved order with the saved paint.
    await expect
      .poll(() => page.evaluate(() => window.__fronteraMap!.getStyle().layers.map((l) => l.id).filter((id) => /^lyr-\d+-/.test(id))))
      .toEqual(mapOrder);
    const paint = await page.evaluate(() => ({
      color: window.__fronteraMap!.getPaintProperty('lyr-1-circle', 'circle-color'),
      roads: window.__fronteraMap!.getLayoutProperty('lyr-2-line', 'visibility'),
    }));
    expect(paint).toEqual({ color: '#7a1fa2', roads: 'none' });
    // The DBSCAN result is still drawn, with its legend entry.
    await expect.poll(() => page.getByTestId('legend-entry').count()).toBe(1);
    expect(await page.getByTestId('legend-entry').textContent()).toContain(`#${dbscanId}`);
  }, 120_000);

  it('made no request outside the local server', () => {
    const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
  });
});

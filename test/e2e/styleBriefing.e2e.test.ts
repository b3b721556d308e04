/**
 * End to end, the style by attribute completed (issue 18), on the SYNTHETIC demo workspace as
 * `npm run web` serves it, in Debian's Chromium:
 * - the incidents styled by categoria and the municipalities labelled by nombre, printed from
 *   the Print briefing dialog: the PDF's legend (pdftotext) lists each category with GDAL's count
 *   over the layer exported to a GeoPackage (ogr2ogr -sql … GROUP BY), the page's map (pdftoppm)
 *   has pixels in each category's colour, and the municipalities' names are printed on the map;
 * - the filter municipio contains "rio": the app's style legend counts equal GDAL's WHERE … GROUP BY;
 * - manual class limits of cantidad: refused when they do not rise, in the editor's words; then
 *   the legend shows the analyst's limits with GDAL's counts of the filtered incidents, and the
 *   map state keeps the limits.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPrinter, launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { ensureDemoWorkspace } from '../../electron/main/workspaceLocation.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';
import { waitForIdleMap } from '../support/demoApp.ts';
import { gdal } from '../support/gdalFiles.ts';

const outDir = path.join(repoRoot, 'test-output', 'e2e-style-briefing');
const CHROMIUM = findBrowser();
const RIO = `municipio LIKE '%rio%' OR municipio LIKE '%río%'`;

/** GDAL's rows of an SQL query over a GeoPackage. */
function gdalRows<T>(gpkg: string, sql: string): T[] {
  const out = gdal('ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', gpkg, '-sql', sql);
  return (JSON.parse(out) as { features: { properties: T }[] }).features.map((f) => f.properties);
}

/** The page as RGB pixels at `dpi` (pdftoppm's binary PPM). */
function raster(file: string, dpi: number): Buffer {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-singlefile', file], { maxBuffer: 256 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  return ppm.subarray(header[0].length);
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

/** The app's style legend of a layer: label → count, as the analyst reads it. */
async function appLegend(page: Page, layer: string): Promise<{ label: string; count: number; color: string }[]> {
  return page
    .getByTestId('style-legend-layer')
    .filter({ hasText: layer })
    .locator('li')
    .evaluateAll((lis) =>
      lis
        .filter((li) => li.querySelector('.num'))
        .map((li) => ({
          label: li.querySelector('.grow')!.textContent!,
          count: Number(li.querySelector('.num')!.textContent!.replace(/,/g, '')),
          color: getComputedStyle(li.querySelector('.swatch')!).backgroundColor,
        })),
    );
}

const squeeze = (s: string) => s.replace(/\s+/g, '');
const thousands = (n: number) => n.toLocaleString('en-US');

describe('the style by attribute printed, following the filter, with manual limits', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let gpkg: string;
  let munNames: string[];

  beforeAll(async () => {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const staticRoot = await ensureRendererBuilt();
    tmp = fs.mkdtempSync(path.join(outDir, 'ws-'));
    const file = path.join(tmp, 'demo.frontera');
    await ensureDemoWorkspace(file);
    backend = openBackend(file, { printBriefing: chromiumPrinter({ staticRoot, browserPath: CHROMIUM, host: 'web' }) });
    gpkg = path.join(tmp, 'incidents.gpkg');
    await backend['export.layer']({ layerId: 1, out: gpkg });
    const mun = backend.workspace.listLayers().find((l) => l.name === 'municipalities')!;
    munNames = [...new Set([...backend.workspace.iterateFeatures(mun.id)].map((f) => String(f.properties.nombre)))];
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(CHROMIUM);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(server.url);
    await waitForIdleMap(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    backend?.close();
  });

  async function style(layer: string, set: (editor: ReturnType<Page['getByRole']>) => Promise<void>): Promise<void> {
    const row = page.locator('[data-testid="layer-row"]', { hasText: layer }).first();
    await row.getByRole('button', { name: 'Style…' }).click();
    const editor = page.getByRole('dialog', { name: `Style ${layer}` });
    await set(editor);
    await editor.getByRole('button', { name: 'Apply style' }).click();
    await editor.waitFor({ state: 'detached' });
  }

  it('prints the incidents by categoria with GDAL counts in the legend and their colours on the map, and the municipalities labelled', async () => {
    const expected = new Map(gdalRows<{ v: string; n: number }>(gpkg, 'SELECT categoria AS v, COUNT(*) AS n FROM incidents GROUP BY categoria').map((r) => [r.v, r.n]));
    expect(expected.size).toBeGreaterThan(1);
    await style('incidents', async (e) => {
      await e.getByLabel('Style').selectOption('categorized');
      await e.getByLabel('Field').selectOption('categoria');
    });
    await style('municipalities', async (e) => {
      await e.getByLabel('Labels').selectOption('nombre');
    });
    const legend = await appLegend(page, 'incidents');
    expect(new Map(legend.map((k) => [k.label, k.count]))).toEqual(expected);

    await page.getByRole('button', { name: 'Print briefing', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Print briefing' });
    await expect.poll(() => dialog.getByTestId('print-preview').evaluate((el) => el.shadowRoot?.textContent ?? ''), { timeout: 90_000 }).toContain('incidents by categoria');
    const download = page.waitForEvent('download', { timeout: 180_000 });
    await dialog.getByRole('button', { name: 'Save PDF' }).click();
    const pdf = path.join(outDir, 'styled-briefing.pdf');
    await (await download).saveAs(pdf);
    await dialog.waitFor({ state: 'detached' });

    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const flat = squeeze(text);
    expect(flat).toContain(squeeze('incidents by categoria'));
    for (const [value, n] of expected) expect(flat, value).toContain(squeeze(`${value} ${thousands(n)}`));
    // The municipalities' names are printed as labels on the map, above the legend (the basemap's
    // names are raster, not text; the overview inset's text names sit beside the legend, below the map).
    const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ y: Number(m[1]), text: m[2] }));
    const legendY = words.find((w) => w.text === 'LEGEND')!.y;
    const onMap = words.filter((w) => w.y < legendY).map((w) => w.text).join(' ');
    expect(munNames.length).toBeGreaterThan(1);
    for (const name of munNames) expect(onMap, name).toContain(name);
    expect(text).toContain('municipalities (Labels: nombre)');

    // The map in each category's colour, as the app's legend swatches give them.
    const rgb = raster(pdf, 150);
    const hex = (css: string) => `#${(css.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
    const missing = legend.filter((k) => countNear(rgb, hex(k.color), 12) === 0).map((k) => k.label);
    expect(missing).toEqual([]);
  }, 300_000);

  it('counts the legend of the filtered incidents (municipio contains "rio") as GDAL does', async () => {
    const expected = new Map(gdalRows<{ v: string; n: number }>(gpkg, `SELECT categoria AS v, COUNT(*) AS n FROM incidents WHERE ${RIO} GROUP BY categoria`).map((r) => [r.v, r.n]));
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' }).first();
    await row.getByRole('button', { name: 'Filter…' }).click();
    const builder = page.getByRole('dialog', { name: 'Filter incidents' });
    const rows = builder.getByTestId('filter-row');
    await rows.nth(0).getByLabel('Field').selectOption('municipio');
    await rows.nth(0).getByLabel('Operator').selectOption('contains');
    await rows.nth(0).getByLabel('Value').fill('rio');
    await builder.getByRole('button', { name: 'Apply filter' }).click();
    await expect
      .poll(async () => new Map((await appLegend(page, 'incidents')).filter((k) => k.count > 0).map((k) => [k.label, k.count])), { timeout: 30_000 })
      .toEqual(expected);
    expect(await page.getByTestId('style-legend-layer').filter({ hasText: 'incidents' }).textContent()).toContain('Counts of the features that pass the layer’s filter.');
  }, 120_000);

  it('refuses manual limits that do not rise, then shows the analyst\'s limits with GDAL\'s counts of the filtered incidents', async () => {
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' }).first();
    await row.getByRole('button', { name: 'Style…' }).click();
    const editor = page.getByRole('dialog', { name: 'Style incidents' });
    await editor.getByLabel('Style').selectOption('graduated');
    await editor.getByLabel('Field').selectOption('cantidad');
    await editor.getByLabel('Classification').selectOption('manual');
    await editor.getByLabel('Class limits').fill('20, 5');
    await editor.getByRole('button', { name: 'Apply style' }).click();
    expect(await editor.getByRole('alert').textContent()).toBe('Class limits must rise: 20 is followed by 5.');
    await editor.getByLabel('Class limits').fill('1, 5, 20');
    await editor.getByRole('button', { name: 'Apply style' }).click();
    await editor.waitFor({ state: 'detached' });

    const [g] = gdalRows<{ a: number; b: number; c: number; d: number; lo: number; hi: number }>(
      gpkg,
      `SELECT SUM(cantidad <= 1) AS a, SUM(cantidad > 1 AND cantidad <= 5) AS b, SUM(cantidad > 5 AND cantidad <= 20) AS c, SUM(cantidad > 20) AS d, MIN(cantidad) AS lo, MAX(cantidad) AS hi FROM incidents WHERE (${RIO}) AND cantidad IS NOT NULL`,
    );
    // And the filtered incidents without a quantity, drawn in the no-data grey, counted too.
    const [{ none }] = gdalRows<{ none: number }>(gpkg, `SELECT COUNT(*) AS none FROM incidents WHERE (${RIO}) AND cantidad IS NULL`);
    const shown = (await appLegend(page, 'incidents')).map((k) => [k.label, k.count]);
    const two = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
    expect(shown).toEqual([
      [`${two(Math.min(g.lo, 1))} – 1`, g.a],
      ['1 – 5', g.b],
      ['5 – 20', g.c],
      [`20 – ${two(Math.max(g.hi, 20))}`, g.d],
      ...(none > 0 ? [['No value', none]] : []),
    ]);
    await page.screenshot({ path: path.join(outDir, 'manual-limits.png') });
    await expect
      .poll(async () => {
        const s = (await backend['mapState.get']({})).state?.layers.find((l) => l.id === 1)?.symbology;
        return s?.mode === 'graduated' ? [s.method, s.limits] : null;
      }, { timeout: 30_000 })
      .toEqual(['manual', [1, 5, 20]]);
  }, 120_000);
});

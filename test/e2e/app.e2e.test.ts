/**
 * End to end: the loopback web server on a real workspace, the built renderer in Debian's
 * Chromium (SwiftShader WebGL), the map checked through MapLibre's own rendered-feature query
 * and through the canvas pixels, a shapefile imported through the import dialog, and every
 * request the page made checked to stay on the local origin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { startWebServer, type WebServer } from '../../electron/backend/webServer.ts';
import { ensureRendererBuilt, repoRoot } from '../../scripts/web.ts';
import { BASEMAP_COLORS } from '../../renderer/map/basemapStyle.ts';
import { defaultLayerColor } from '../../renderer/map/palette.ts';

const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const places = path.join(fixtures, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');
const inegiDir = path.join(fixtures, 'inegi-mun-lcc', 'sonora_bc');
const outDir = path.join(repoRoot, 'test-output', 'e2e');
/** The browser the tests drive: found the one way the product finds one ($CHROMIUM_PATH, else the usual places). */
const CHROMIUM = findBrowser();

type Rgba = [number, number, number, number];

/** Reads canvas pixels at lon/lat positions from the page (the map keeps its drawing buffer). */
async function pixelsAt(page: Page, points: [number, number][]): Promise<Rgba[]> {
  return page.evaluate((pts) => {
    const map = window.__fronteraMap!;
    const canvas = map.getCanvas();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const ratio = canvas.width / canvas.clientWidth;
    return pts.map(([lon, lat]) => {
      const p = map.project([lon, lat]);
      return Array.from(ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data) as Rgba;
    });
  }, points);
}

function hex(color: string): [number, number, number] {
  const n = parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function near(actual: Rgba, expected: string, tolerance: number): boolean {
  const e = hex(expected);
  return e.every((v, i) => Math.abs(v - actual[i]) <= tolerance);
}

async function waitForIdleMap(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__fronteraMap?.loaded() === true, null, { timeout: 60_000 });
  await page.evaluate(() => window.__fronteraController!.whenIdle());
}

describe('Frontera in the browser', () => {
  let tmp: string;
  let backend: Backend;
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const staticRoot = await ensureRendererBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-e2e-'));
    backend = openBackend(path.join(tmp, 'e2e.frontera'), { create: true });
    const [towns] = await backend['import.run']({ paths: [places], options: { layer: 'Natural Earth places' } });
    expect(towns.featureCount).toBe(12);
    server = await startWebServer({ api: backend, staticRoot, log: () => {} });
    browser = await launchBrowser(CHROMIUM);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    backend?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('draws the basemap and the workspace layer, in the features MapLibre reports and in the pixels', async () => {
    await page.goto(server.url);
    await waitForIdleMap(page);
    // The token left the address bar once the page had it.
    expect(page.url()).toBe(`${server.origin}/`);
    await expect.poll(() => page.getByTestId('layer-row').count(), { timeout: 30_000 }).toBe(1);
    await page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-1').length > 0, null, { timeout: 30_000 });
    // A fixed camera so the sample points below are on screen whatever the window size.
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-114.6, 31.6], zoom: 6 }));
    await waitForIdleMap(page);
    await page.screenshot({ path: path.join(outDir, '01-workspace.png') });

    const rendered = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const byLayer: Record<string, string[]> = {};
      for (const f of map.queryRenderedFeatures()) {
        (byLayer[f.layer.id] ??= []).push(String(f.properties.NAME ?? f.properties.name ?? ''));
      }
      return byLayer;
    });
    expect(rendered['border']?.length ?? 0).toBeGreaterThan(0);
    expect(rendered['land']?.length ?? 0).toBeGreaterThan(0);
    const drawnPlaces = new Set(rendered['lyr-1-circle'] ?? []);
    for (const name of ['Mexicali', 'Yuma', 'San Felipe', 'Ensenada', 'Caborca']) expect(drawnPlaces).toContain(name);

    const [gulf, desert, mexicali] = await pixelsAt(page, [
      [-114.2, 30.6], // Gulf of California
      [-113.3, 32.15], // Sonoran desert, away from labels and lines
      [-115.48196197377081, 32.651928381221126], // Natural Earth's Mexicali point: a circle of layer 1
    ]);
    expect(near(gulf, BASEMAP_COLORS.water, 6), `gulf pixel ${gulf}`).toBe(true);
    expect(near(desert, BASEMAP_COLORS.land, 6), `desert pixel ${desert}`).toBe(true);
    // Drawn at 90 % opacity over the basemap: close to the layer colour, far from land and water.
    expect(near(mexicali, defaultLayerColor(1), 40), `Mexicali pixel ${mexicali}`).toBe(true);

    // The status bar reads the cursor out in degrees and in UTM (San Luis Río Colorado: zone 11).
    const at = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const p = map.project([-114.7717, 32.4561]);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.move(at.x, at.y);
    await expect.poll(() => page.getByTestId('cursor-utm').textContent()).toMatch(/^UTM 11N /);
    const dd = (await page.getByTestId('cursor-dd').textContent()) ?? '';
    const [, lat, lon] = /^([\d.]+)° N, ([\d.]+)° W$/.exec(dd) ?? [];
    expect(Math.abs(Number(lat) - 32.4561), dd).toBeLessThan(0.03);
    expect(Math.abs(-Number(lon) + 114.7717), dd).toBeLessThan(0.03);
  });

  it('imports the INEGI municipalities shapefile through the dialog and shows 85 features', async () => {
    await page.getByTestId('open-import').click();
    const parts = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((ext) => path.join(inegiDir, `mun_02_26.${ext}`));
    await page.getByTestId('import-files').setInputFiles(parts);
    await page.getByTestId('import-run').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('import-layer-name').inputValue()).toBe('mun_02_26');
    await page.screenshot({ path: path.join(outDir, '02-import-dialog.png') });
    await page.getByTestId('import-run').click();

    const row = page.locator('[data-testid="layer-row"]', { hasText: 'mun_02_26' });
    await row.waitFor({ timeout: 120_000 });
    await expect.poll(() => row.getByTestId('layer-count').textContent()).toBe('85');
    await page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-2').length > 0, null, { timeout: 60_000 });
    await waitForIdleMap(page);
    await page.screenshot({ path: path.join(outDir, '03-municipalities.png') });

    const names = await page.evaluate(() =>
      window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-2-fill'] }).map((f) => String(f.properties.NOMGEO)),
    );
    expect(names).toContain('San Luis Río Colorado');
    expect(names).toContain('Mexicali');

    // Polygon fill at 30 % of 90 % over land: tinted toward the layer colour (blue), not plain land.
    const [inSlrc] = await pixelsAt(page, [[-114.5, 32.2]]);
    const land = hex(BASEMAP_COLORS.land);
    expect(inSlrc[2] - inSlrc[0], `SLRC pixel ${inSlrc}`).toBeGreaterThan(land[2] - land[0] + 20);
  });

  it('opens the attribute table with the imported rows', async () => {
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'mun_02_26' });
    await row.getByTitle('Attribute table').click();
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe('85 of 85 features');
    const visibleRows = await page.getByTestId('table-row').count();
    // Virtualised: only the rows in view (plus overscan) exist in the DOM.
    expect(visibleRows).toBeGreaterThan(3);
    expect(visibleRows).toBeLessThan(85);
    await page.screenshot({ path: path.join(outDir, '04-attribute-table.png') });

    // Picking a municipality on the map selects its row.
    const at = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const p = map.project([-114.5, 32.2]);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    const selected = page.locator('[data-testid="table-row"].selected');
    await selected.waitFor({ timeout: 10_000 });
    expect(await selected.textContent()).toContain('San Luis Río Colorado');
  });

  it('lists a CSV’s bad row by file, row and reason, then imports the rest when told to skip it', async () => {
    // 40 incidents around Ciudad Guadalupe Victoria from a fixed seed, one with a broken latitude.
    let seed = 20230714;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows = ['folio,lat,lon,fecha,tipo'];
    for (let i = 0; i < 40; i++) {
      const lat = i === 17 ? 'N/D' : (32.293 + (rand() - 0.5) * 0.1).toFixed(5);
      rows.push(`F-${1000 + i},${lat},${(-115.104 + (rand() - 0.5) * 0.1).toFixed(5)},2023-07-${String(1 + (i % 28)).padStart(2, '0')} 22:15,homicidio`);
    }
    const csv = path.join(tmp, 'incidentes_valle.csv');
    fs.writeFileSync(csv, rows.join('\n') + '\n');

    await page.getByTestId('open-import').click();
    await page.getByTestId('import-files').setInputFiles([csv]);
    await page.getByTestId('import-run').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('map-lat').inputValue()).toBe('lat');
    expect(await page.getByTestId('map-lon').inputValue()).toBe('lon');
    await page.getByTestId('import-run').click();

    const problems = page.getByTestId('import-problems');
    await problems.waitFor({ timeout: 60_000 });
    const cells = await problems.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells[0]).toBe('incidentes_valle.csv');
    expect(cells[1]).toMatch(/row 1[78]\b/);
    expect(cells[2]).toMatch(/N\/D|lat/i);
    await page.screenshot({ path: path.join(outDir, '05-import-problems.png') });

    await page.getByText('Skip invalid records instead of stopping').click();
    await page.getByTestId('import-run').click();
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'incidentes_valle' });
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.getByTestId('layer-count').textContent()).toBe('39');
  });

  it('made no request outside its own origin', () => {
    expect(requests.length).toBeGreaterThan(5);
    const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.includes('/basemap/land.geojson'))).toBe(true);
    expect(requests.some((u) => u.includes('/upload?'))).toBe(true);
  });
});

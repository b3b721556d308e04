/**
 * End to end, buffers (issue 18): the SYNTHETIC demo workspace behind the loopback web server,
 * the built renderer in Debian's Chromium. From a layer's Buffer… the analyst makes a 5 km buffer
 * of the basemap's US–Mexico border; the new layer is drawn, and the Summary of the incidents
 * inside its polygon counts as GDAL does on the exported layers (SpatiaLite's ST_Intersects of
 * the exported incidents and buffer) and as `--within-distance basemap:border:5000` does (each
 * incident's geodesic distance, no polygon). Screenshot under test-output/e2e.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const NAME = 'US–Mexico border 5 km buffer';

describe('a border buffer in the browser', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('buffer');
    ({ backend, page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  it('makes a 5 km border buffer from a layer menu and counts the incidents within it as GDAL does', async () => {
    const incidents = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!;
    await page.getByTestId('layer-row').filter({ hasText: 'incidents' }).getByRole('button', { name: 'Buffer…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Buffer' });
    await expect.poll(() => dialog.count()).toBe(1);
    await page.getByTestId('buffer-source').selectOption('basemap:border');
    await page.getByTestId('buffer-distance').fill('5000');
    expect(await page.getByTestId('buffer-name').inputValue()).toBe(NAME);
    expect(await page.getByTestId('buffer-dissolve').isChecked()).toBe(true);
    await page.getByTestId('buffer-run').click();
    await expect.poll(async () => (await backend['layers.list']({})).some((l) => l.name === NAME), { timeout: 60_000 }).toBe(true);
    const buffer = (await backend['layers.list']({})).find((l) => l.name === NAME)!;
    expect(buffer.featureCount).toBe(1);
    expect(buffer.metadata.buffer).toMatchObject({ source: 'basemap:border', distanceMetres: 5000, dissolve: true });
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.getByTestId('layer-row').filter({ hasText: NAME }).count(), { timeout: 30_000 }).toBe(1);

    // Drawn: the view fits the buffer, whose fill is on the map.
    await waitForIdleMap(page);
    await expect
      .poll(() => page.evaluate((id) => window.__fronteraMap!.queryRenderedFeatures({ layers: [`lyr-${id}-fill`] }).length, buffer.id), { timeout: 30_000 })
      .toBeGreaterThan(0);

    // The incidents inside it, from the Summary panel.
    await page.evaluate((b) => window.__fronteraMap!.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, duration: 0 }), incidents.bbox!);
    await page.getByTestId('open-tool-summary').click();
    await page.getByTestId('summary-area-polygon').check();
    await page.getByTestId('summary-polygon-layer').selectOption(String(buffer.id));
    const feature = page.getByTestId('summary-polygon-feature');
    await expect.poll(() => feature.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await feature.selectOption({ index: 1 });
    const count = page.getByTestId('summary-count');
    await expect.poll(async () => Number(await count.getAttribute('data-value')), { timeout: 30_000 }).toBeGreaterThan(0);
    await waitForIdleMap(page);
    const shown = Number(await count.getAttribute('data-value'));
    await page.screenshot({ path: path.join(outDir, 'buffer-01-border-5km.png') });

    // GDAL on the exported layers.
    const gpkg = path.join(app.tmp, 'buffer.gpkg');
    await backend['export.items']({ layers: [incidents.id, buffer.id], analyses: [], out: gpkg });
    const sql = `SELECT COUNT(*) FROM incidents i, "${NAME}" b WHERE ST_Intersects(i.geom, b.geom)`;
    const out = execFileSync('ogrinfo', ['-q', gpkg, '-dialect', 'SQLite', '-sql', sql], { encoding: 'utf8' });
    const gdal = Number(/= (\d+)/.exec(out)![1]);
    const byDistance = (await backend['layers.summary']({ layer: incidents.id, selection: { withinDistance: { layer: 'basemap:border', metres: 5000 } } })).count;
    console.log(`incidents within 5 km of the border: app ${shown}, GDAL ${gdal}, by distance ${byDistance}, of ${incidents.featureCount}`);
    expect(shown).toBe(gdal);
    expect(shown).toBe(byDistance);
    expect(shown).toBeLessThan(incidents.featureCount);
    expect(app.pageErrors).toEqual([]);
  }, 240_000);

  it('runs DBSCAN on the incidents within 5 km of the border from the Within distance field', async () => {
    const before = (await backend['analysis.list']({})).length;
    await page.getByTestId('open-tool-dbscan').click();
    await page.getByTestId('within-distance-layer').selectOption('basemap:border');
    await page.getByTestId('within-distance-metres').fill('5000');
    await page.getByTestId('dbscan-eps').fill('500');
    await page.getByTestId('dbscan-minpoints').fill('8');
    await page.getByTestId('analysis-run').click();
    await expect.poll(async () => (await backend['analysis.list']({})).length, { timeout: 120_000 }).toBe(before + 1);
    const runs = await backend['analysis.list']({});
    const detail = await backend['analysis.get']({ id: runs[runs.length - 1].id });
    const selection = (detail.params as { selection: { withinDistance: string; count: number } }).selection;
    expect(selection.withinDistance).toBe('basemap:border:5000');
    const byDistance = (await backend['layers.summary']({ layer: 'incidents', selection: { withinDistance: { layer: 'basemap:border', metres: 5000 } } })).count;
    expect(selection.count).toBe(byDistance);
    const entry = page.getByTestId('legend-entry').filter({ hasText: `#${detail.id}` });
    await entry.waitFor({ timeout: 30_000 });
    expect(await entry.textContent()).toContain('within 5,000 m of basemap:border');
    await waitForIdleMap(page);
    await page.screenshot({ path: path.join(outDir, 'buffer-02-dbscan-within-distance.png') });
    expect(app.pageErrors).toEqual([]);
  }, 240_000);

  it("adds each incident's distance to the border and the nearest port as fields, shown in the table", async () => {
    await page.getByTestId('layer-row').filter({ hasText: /^⠿\s*incidents/ }).first().getByRole('button', { name: 'Distances' }).click();
    await expect.poll(async () => (await backend['layers.list']({})).some((l) => l.name === 'incidents + distances'), { timeout: 60_000 }).toBe(true);
    const layer = (await backend['layers.list']({})).find((l) => l.name === 'incidents + distances')!;
    expect(layer.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['dist_border_m', 'nearest_port', 'dist_port_m']));
    const row = page.getByTestId('layer-row').filter({ hasText: 'incidents + distances' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.locator('button[title="Attribute table"]').click();
    // The table's head row names its columns.
    const head = page.locator('.table-row.head');
    await expect.poll(() => head.textContent(), { timeout: 30_000 }).toMatch(/dist_border_m.*nearest_port.*dist_port_m/);
    await page.screenshot({ path: path.join(outDir, 'buffer-03-distances-table.png') });
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});

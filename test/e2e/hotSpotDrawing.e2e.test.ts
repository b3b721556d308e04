/**
 * End to end, how a Gi* result is drawn (issue 18): on the SYNTHETIC demo workspace in Debian's
 * Chromium, Gi* run from its panel with the default cell size. Its cells are stacked above the
 * incidents' circles in MapLibre's style (so a small cell is not buried under the points), and
 * framed on the hot cells, MapLibre renders every cell the back end stored in view — and the
 * incidents under them are still rendered too (the cells are half transparent).
 */
import path from 'node:path';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

describe('Gi* cells on the map', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('hot-spot-drawing');
    ({ backend, page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  it('at the default cell size: above the incidents, every stored cell in view rendered, the incidents still rendered', async () => {
    await page.getByTestId('open-tool-gistar').click();
    await page.getByTestId('analysis-run').click();
    await page.getByTestId('legend-entry').first().waitFor({ timeout: 120_000 });
    const runs = await backend['analysis.list']({});
    const run = runs[runs.length - 1];
    expect(run.kind).toBe('gistar');
    const detail = await backend['analysis.get']({ id: run.id });
    const incidents = backend.workspace.getLayer('incidents').id;
    await waitForIdleMap(page);

    const fill = `res-${run.id}-fill`;
    const circle = `lyr-${incidents}-circle`;
    const order = await page.evaluate(() => window.__fronteraMap!.getStyle().layers.map((l) => l.id));
    expect(order).toContain(circle);
    expect(order.indexOf(fill)).toBeGreaterThan(order.indexOf(circle));

    // Frame the hottest cells (99 % confidence).
    const hot = detail.geojson.features.filter((f) => f.properties!.gi_bin === 3);
    expect(hot.length).toBeGreaterThan(0);
    let b = [180, 90, -180, -90];
    for (const f of hot) for (const [x, y] of (f.geometry as Polygon).coordinates[0]) b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    await page.evaluate((bb) => window.__fronteraMap!.fitBounds([[bb[0], bb[1]], [bb[2], bb[3]]], { padding: 40, duration: 0 }), b);
    await waitForIdleMap(page);
    const view = await page.evaluate(() => window.__fronteraMap!.getBounds().toArray().flat());
    const rendered = await page.evaluate((id) => window.__fronteraMap!.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.properties.cell_id)), fill);
    const points = await page.evaluate((id) => window.__fronteraMap!.queryRenderedFeatures({ layers: [id] }).length, circle);
    await page.screenshot({ path: path.join(outDir, 'hot-spot-drawing-01-gistar.png') });

    // Every cell wholly in view is rendered; nothing is rendered that the run did not store.
    const stored = new Set(detail.geojson.features.map((f) => String(f.properties!.cell_id)));
    const inView = detail.geojson.features.filter((f) =>
      (f.geometry as Polygon).coordinates[0].every(([x, y]) => x > view[0] && x < view[2] && y > view[1] && y < view[3]),
    );
    expect(inView.length).toBeGreaterThanOrEqual(hot.length);
    const seen = new Set(rendered);
    for (const f of inView) expect(seen.has(String(f.properties!.cell_id)), `cell ${f.properties!.cell_id}`).toBe(true);
    for (const id of seen) expect(stored.has(id)).toBe(true);
    expect(points).toBeGreaterThan(0);
    expect(app.pageErrors).toEqual([]);
  });
});

/**
 * End to end, the attribute filter (issue 18): on the SYNTHETIC demo workspace behind the
 * loopback web server, in Debian's Chromium, the analyst builds a filter with the layer's
 * "Filter…" builder — municipio contains "rio" (accents aside: "San Luis Río Colorado") and tipo
 * = "Homicidio doloso" — and the layer panel's count, the incidents MapLibre draws, the attribute
 * table's row count and a DBSCAN run from the panel all come to the number GDAL counts in a
 * GeoPackage export of the layer (ogrinfo -sql … WHERE). The filter is saved with the map and
 * comes back after a reload; clearing it brings the whole layer back.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { gdalRioHomicides } from '../support/filterReference.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const FILTER = 'municipio contains "rio" and tipo = "Homicidio doloso"';

/** Incidents MapLibre drew (the demo's layer 1, as circles: below the aggregate threshold). */
async function renderedIncidents(page: Page): Promise<number> {
  await waitForIdleMap(page);
  return page.evaluate(() => {
    const ids = new Set<unknown>();
    for (const f of window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-1-circle'] })) ids.add(f.id);
    return ids.size;
  });
}

describe('the attribute filter in the browser', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;
  /** GDAL's count of the filtered records, in the layer exported to a GeoPackage. */
  let expected: number;

  beforeAll(async () => {
    app = await openDemoApp('filter', {
      prepare: async (b, tmp) => {
        expected = await gdalRioHomicides(b, tmp);
      },
    });
    ({ backend, page } = app);
    await page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-1').length > 0, null, { timeout: 60_000 });
  }, 240_000);

  afterAll(() => app?.close());

  it('filters the map, the table and a DBSCAN run to the records GDAL counts', async () => {
    // Not vacuous: San Luis Río Colorado's homicides, a part of the 5,512 incidents.
    expect(expected).toBeGreaterThan(100);
    expect(expected).toBeLessThan(1000);
    const row = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' }).first();
    await row.getByRole('button', { name: '⤢' }).click();
    const before = await renderedIncidents(page);
    expect(before).toBeGreaterThan(5000);

    await row.getByRole('button', { name: 'Filter…' }).click();
    const builder = page.getByRole('dialog', { name: 'Filter incidents' });
    const rows = builder.getByTestId('filter-row');
    await rows.nth(0).getByLabel('Field').selectOption('municipio');
    await rows.nth(0).getByLabel('Operator').selectOption('contains');
    await rows.nth(0).getByLabel('Value').fill('rio');
    await builder.getByRole('button', { name: 'Add condition' }).click();
    await rows.nth(1).getByLabel('Field').selectOption('tipo');
    await rows.nth(1).getByLabel('Operator').selectOption('=');
    await rows.nth(1).getByLabel('Value').fill('Homicidio doloso');
    expect(await builder.getByTestId('filter-text').textContent()).toBe(FILTER);
    await builder.getByRole('button', { name: 'Apply filter' }).click();

    const n = expected.toLocaleString('en-US');
    await expect.poll(() => row.getByTestId('layer-count').textContent(), { timeout: 30_000 }).toBe(`${n} of 5,512`);
    expect(await row.getByTestId('filter-chip').textContent()).toContain(`Filter: ${FILTER}`);
    await expect.poll(() => renderedIncidents(page), { timeout: 30_000 }).toBe(expected);

    await row.getByRole('button', { name: '▦' }).click();
    await expect.poll(() => page.getByTestId('table-count').textContent(), { timeout: 30_000 }).toBe(`${n} of 5,512 features`);

    // The filter is the DBSCAN tool's default selection, shown as its chip.
    await page.getByTestId('open-tool-dbscan').click();
    const tool = page.getByTestId('tool-dbscan');
    expect(await tool.getByTestId('filter-chip').textContent()).toContain(`Filter: ${FILTER}`);
    await page.getByTestId('dbscan-eps').fill('500');
    await page.getByTestId('dbscan-minpoints').fill('8');
    await page.getByTestId('analysis-run').click();
    await page.getByTestId('analysis-result').waitFor({ timeout: 120_000 });
    const runs = await backend['analysis.list']({});
    const run = runs[runs.length - 1];
    expect(run.kind).toBe('dbscan');
    expect(run.params.selection).toMatchObject({ where: FILTER, count: expected });
    expect(run.summary.incidents).toBe(expected);
    await page.screenshot({ path: path.join(outDir, 'attribute-filter.png') });

    // Saved with the map: after a reload the layer is still filtered.
    await expect
      .poll(async () => (await backend['mapState.get']({})).state?.layers.find((l) => l.id === 1)?.filter, { timeout: 30_000 })
      .toBe(FILTER);
    await page.reload();
    await waitForIdleMap(page);
    const again = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' }).first();
    await expect.poll(() => again.getByTestId('layer-count').textContent(), { timeout: 30_000 }).toBe(`${n} of 5,512`);

    // Cleared: the whole layer again.
    await again.getByTestId('filter-chip').getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => again.getByTestId('layer-count').textContent(), { timeout: 30_000 }).toBe('5,512');
    await expect.poll(() => renderedIncidents(page), { timeout: 30_000 }).toBe(before);
    expect([...app.consoleErrors, ...app.pageErrors]).toEqual([]);
  }, 300_000);
});

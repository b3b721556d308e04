/**
 * End to end, style and labels by attribute (issue 18): on the SYNTHETIC demo workspace in
 * Debian's Chromium, the analyst styles the incidents by categoria and labels the municipalities
 * by nombre with the layers' "Style…" editor. Every incident MapLibre draws has, by the circle
 * layer's own paint evaluation, its category's colour as the legend shows it; the legend lists
 * the categories with the counts GDAL gives for the layer exported to a GeoPackage (ogrinfo
 * -sql … GROUP BY); the municipalities' names are placed as labels; the style is saved with the map.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';
import { gdal } from '../support/gdalFiles.ts';

describe('style and labels by attribute in the browser', () => {
  let app: DemoApp;
  /** GDAL's count of the incidents per categoria. */
  const expected = new Map<string, number>();
  let municipalities: { id: number; names: string[] };

  beforeAll(async () => {
    app = await openDemoApp('style', {
      prepare: async (backend, tmp) => {
        const gpkg = path.join(tmp, 'incidents.gpkg');
        await backend['export.layer']({ layerId: 1, out: gpkg });
        const out = gdal('ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', gpkg, '-sql', 'SELECT categoria AS v, COUNT(*) AS n FROM incidents GROUP BY categoria');
        for (const f of (JSON.parse(out) as { features: { properties: { v: string; n: number } }[] }).features) expected.set(f.properties.v, f.properties.n);
        const layer = backend.workspace.listLayers().find((l) => l.name === 'municipalities')!;
        const names = [...backend.workspace.iterateFeatures(layer.id)].map((f) => String(f.properties.nombre));
        municipalities = { id: layer.id, names: [...new Set(names)] };
      },
    });
    await app.page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-1').length > 0, null, { timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('colours every drawn incident by its categoria, lists the categories with GDAL counts in the legend, labels the municipalities', async () => {
    const { page } = app;
    expect(expected.size).toBeGreaterThan(1);

    const incidents = page.locator('[data-testid="layer-row"]', { hasText: 'incidents' }).first();
    await incidents.getByRole('button', { name: 'Style…' }).click();
    const editor = page.getByRole('dialog', { name: 'Style incidents' });
    await editor.getByLabel('Style').selectOption('categorized');
    await editor.getByLabel('Field').selectOption('categoria');
    await editor.getByRole('button', { name: 'Apply style' }).click();

    // The legend: each category, its swatch colour and its count, as GDAL counts them.
    const legend = page.getByTestId('style-legend-layer').filter({ hasText: 'incidents' });
    await expect.poll(() => legend.locator('li').count(), { timeout: 30_000 }).toBe(expected.size);
    const keyed = await legend.locator('li').evaluateAll((lis) =>
      lis.map((li) => ({
        value: li.querySelector('.grow')!.textContent!,
        count: Number(li.querySelector('.num')!.textContent!.replace(/,/g, '')),
        color: getComputedStyle(li.querySelector('.swatch')!).backgroundColor,
      })),
    );
    expect(new Map(keyed.map((k) => [k.value, k.count]))).toEqual(expected);
    expect(new Set(keyed.map((k) => k.color)).size).toBe(expected.size);

    // What MapLibre draws: each rendered circle's colour by the layer's paint, against its category's swatch.
    await waitForIdleMap(page);
    const drawn = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const layer = map.getLayer('lyr-1-circle') as unknown as { paint: { get(p: string): { evaluate(f: unknown, s: unknown): { r: number; g: number; b: number } } } };
      const color = layer.paint.get('circle-color');
      return map.queryRenderedFeatures({ layers: ['lyr-1-circle'] }).map((f) => {
        const c = color.evaluate({ type: 1, properties: f.properties }, {});
        return { categoria: String(f.properties.categoria), rgb: `rgb(${Math.round(c.r * 255)}, ${Math.round(c.g * 255)}, ${Math.round(c.b * 255)})` };
      });
    });
    expect(drawn.length).toBeGreaterThan(100);
    const swatch = new Map(keyed.map((k) => [k.value, k.color]));
    const wrong = drawn.filter((d) => swatch.get(d.categoria) !== d.rgb);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(new Set(drawn.map((d) => d.categoria)).size).toBe(expected.size);

    // Labels by nombre on the municipalities: placed by MapLibre (collision-checked symbols).
    const muni = page.locator('[data-testid="layer-row"]', { hasText: 'municipalities' }).first();
    await muni.getByRole('button', { name: 'Style…' }).click();
    const muniEditor = page.getByRole('dialog', { name: 'Style municipalities' });
    await muniEditor.getByLabel('Labels').selectOption('nombre');
    await muniEditor.getByRole('button', { name: 'Apply style' }).click();
    const labelLayer = `lyr-${municipalities.id}-label`;
    await expect
      .poll(
        async () => {
          await waitForIdleMap(page);
          return page.evaluate((id) => [...new Set(window.__fronteraMap!.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.properties.nombre)))].sort(), labelLayer);
        },
        { timeout: 30_000 },
      )
      .toEqual([...municipalities.names].sort());
    const layout = await page.evaluate((id) => window.__fronteraMap!.getLayoutProperty(id, 'text-allow-overlap'), labelLayer);
    expect(layout).toBe(false);
    await page.screenshot({ path: path.join(outDir, 'style-by-attribute.png') });

    // Saved with the map: the workspace's map state holds the symbology and the labels.
    await expect
      .poll(
        async () => {
          const saved = (await app.backend['mapState.get']({})).state;
          const inc = saved?.layers.find((l) => l.id === 1);
          const mun = saved?.layers.find((l) => l.id === municipalities.id);
          return [inc?.symbology?.mode, inc?.symbology?.field, mun?.labels];
        },
        { timeout: 30_000 },
      )
      .toEqual(['categorized', 'categoria', 'nombre']);
    expect(app.pageErrors).toEqual([]);
  }, 180_000);
});

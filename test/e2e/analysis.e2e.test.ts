/**
 * End to end, analysis: the SYNTHETIC demo workspace behind the loopback web server, the built
 * renderer in Debian's Chromium (SwiftShader). DBSCAN run from the panel and its hulls checked
 * in MapLibre's rendered features and in the canvas pixels; the timeline brushed and the window
 * count and the map's drawn incidents checked to follow; the compare panel's 13 → 6, p = 0.17 in San Luis Río Colorado;
 * every request on the local origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { DBSCAN_HULL_COLOR } from '../../renderer/map/resultLayers.ts';
import { E2E_OUT as outDir, pixelsNear, foreignRequests, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

/** Incidents MapLibre actually drew (layer 1 of the demo: the incidents, as circles below AGGREGATE_THRESHOLD points). */
async function renderedIncidents(page: Page): Promise<number> {
  await waitForIdleMap(page);
  return page.evaluate(() => {
    const ids = new Set<unknown>();
    for (const f of window.__fronteraMap!.queryRenderedFeatures({ layers: ['lyr-1-circle'] })) ids.add(f.id);
    return ids.size;
  });
}

describe('Frontera analysis in the browser', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('analysis');
    ({ backend, page } = app);
    await page.waitForFunction(() => window.__fronteraMap!.querySourceFeatures('lyr-1').length > 0, null, { timeout: 60_000 });
  }, 240_000);

  afterAll(() => app?.close());

  it('runs DBSCAN from the panel and draws the hotspot hulls', async () => {
    await page.getByTestId('open-tool-dbscan').click();
    await page.getByTestId('dbscan-minpoints').fill('8');
    // The knee of the demo's k-distance curve chains the towns and the valley into one cluster:
    // Suggest says so and proposes the largest eps that does not.
    await page.getByTestId('dbscan-suggest').click();
    const suggested = page.getByTestId('dbscan-suggested');
    await suggested.waitFor({ timeout: 30_000 });
    expect(await suggested.textContent()).toMatch(/^Suggested 739 m: at the knee \(1,316 m\) one cluster would spread over 70 % of the locations; 739 m is the largest/);
    expect(await page.getByTestId('dbscan-eps').inputValue()).toBe('739');
    // 500 m suits the demo's town density better still (at 800 m one cluster takes most of the points).
    await page.getByTestId('dbscan-eps').fill('500');
    await page.getByTestId('analysis-run').click();
    await page.getByTestId('analysis-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('analysis-error').count()).toBe(0);
    const entry = page.getByTestId('legend-entry').first();
    await entry.waitFor({ timeout: 30_000 });
    expect(await entry.textContent()).toMatch(/eps 500 m · min points 8 · hull convex/);
    // The demo's town-centre geocodes (issue 17) are named; nothing else is wrong with the run.
    const warnings = await page.getByTestId('analysis-result').locator('.warning').allTextContents();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^⚠ 2 stacked points hold 300 of the [\d,]+ incidents/);
    expect(await entry.textContent()).toMatch(/all times/);

    // Frame the hulls, then ask MapLibre what it drew for the result layer.
    const fill = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const id = map.getStyle().layers.find((l) => /^res-\d+-fill$/.test(l.id))!.id;
      const src = map.getSource(id.replace(/-fill$/, '')) as unknown as { serialize(): { data: GeoJSON.FeatureCollection } };
      let b = [180, 90, -180, -90];
      for (const f of src.serialize().data.features) {
        // A cluster on one spot is a Point (drawn as a circle), not a hull.
        if (f.geometry.type !== 'Polygon') continue;
        const ring = f.geometry.coordinates[0];
        for (const [x, y] of ring) b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
      }
      map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, duration: 0 });
      return id;
    });
    await waitForIdleMap(page);
    const hulls = await page.evaluate((id) => window.__fronteraMap!.queryRenderedFeatures({ layers: [id] }).map((f) => f.properties), fill);
    expect(hulls.length).toBeGreaterThan(0);
    expect(Math.max(...hulls.map((p) => Number(p.count)))).toBeGreaterThanOrEqual(8);
    expect(hulls.some((p) => p.rank === 1)).toBe(true);
    await page.screenshot({ path: path.join(outDir, 'analysis-01-dbscan.png') });
    // The outline is drawn at full opacity in the hull colour.
    expect(await pixelsNear(page, DBSCAN_HULL_COLOR, 18)).toBeGreaterThan(50);
  });

  it('draws a kernel density surface (decoded in the page, no request) with its contours', async () => {
    // The DBSCAN hulls off, so the red the density adds is counted alone.
    await page.getByTestId('legend-entry').first().locator('input[type=checkbox]').uncheck();
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.2, 32.55], zoom: 9 }));
    await waitForIdleMap(page);
    const red = () =>
      page.evaluate(() => {
        const canvas = window.__fronteraMap!.getCanvas();
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(canvas, 0, 0);
        const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] > 150 && px[i + 1] < 70 && px[i + 2] < 70) n++;
        return n;
      });
    const before = await red();
    await page.getByTestId('open-tool-kde').click();
    await page.getByTestId('analysis-run').click();
    await page.getByTestId('analysis-result').waitFor({ timeout: 120_000 });
    const entry = page.getByTestId('legend-entry').first();
    await expect.poll(() => entry.textContent(), { timeout: 30_000 }).toMatch(/Kernel density #\d+/);
    expect(await entry.textContent()).toMatch(/bandwidth [\d,.]+ m/);
    expect(await entry.textContent()).toMatch(/Top 1 % of cells/);
    await page.waitForFunction(() => window.__fronteraMap!.getStyle().layers.some((l) => /^res-\d+-raster$/.test(l.id)), null, { timeout: 30_000 });
    await waitForIdleMap(page);
    const contours = await page.evaluate(() => {
      const map = window.__fronteraMap!;
      const id = map.getStyle().layers.find((l) => /^res-\d+-contour$/.test(l.id))!.id;
      return map.queryRenderedFeatures({ layers: [id] }).length;
    });
    expect(contours).toBeGreaterThan(0);
    const after = await red();
    await page.screenshot({ path: path.join(outDir, 'analysis-02-kde.png') });
    expect(after, `red pixels ${before} → ${after}`).toBeGreaterThan(before + 500);
    await entry.locator('input[type=checkbox]').uncheck();
  });

  it('brushing the timeline narrows the window count and the incidents drawn on the map', async () => {
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.0, 32.45], zoom: 8 }));
    const allDrawn = await renderedIncidents(page);
    const total = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!.featureCount;
    const totalText = new RegExp(`^${total.toLocaleString('en-US')} incidents in total`);
    const count = page.getByTestId('window-count');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(totalText);
    const overlay = page.locator('[data-testid="timeline-brush"] .overlay');
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toMatch(/in window$/);
    const inWindow = Number((await count.textContent())!.replace(/[^\d]/g, ''));
    expect(inWindow).toBeGreaterThan(0);
    expect(inWindow).toBeLessThan(total);
    expect(await page.getByTestId('window-range').textContent()).toMatch(/^2023-\d\d-\d\d – 2023-\d\d-\d\d$/);
    // The window is the open tool's default selection.
    const range = (await page.getByTestId('window-range').textContent())!;
    expect(await page.locator('.tool-form .selection').first().textContent()).toContain(`Time window ${range}`);
    await expect.poll(() => renderedIncidents(page), { timeout: 30_000 }).toBeLessThan(allDrawn);
    const windowDrawn = await renderedIncidents(page);
    expect(windowDrawn).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(outDir, 'analysis-03-brushed.png') });

    await page.getByTestId('window-clear').click();
    await expect.poll(() => count.textContent()).toMatch(totalText);
    await expect.poll(() => renderedIncidents(page), { timeout: 30_000 }).toBe(allDrawn);
  });

  it('the timeline\'s "Spread over time windows" checkbox: on for the demo (it has windows), and the bars follow it', async () => {
    const box = page.getByTestId('timeline-aoristic');
    await expect.poll(() => box.isChecked(), { timeout: 30_000 }).toBe(true);
    await page.getByLabel('Bin').selectOption('month');
    /** The chart's bars as drawn: each rect's title, "category: count". */
    const bars = () => page.locator('[data-testid="timeline-chart"] rect title').allTextContents();
    const layerId = (await backend['layers.list']({})).find((l) => l.name === 'incidents')!.id;
    // The back end's counts, each state; bars of an empty category are drawn with 0.
    const expected = async (aoristic: boolean) => {
      const r = await backend['analysis.timeline']({ layer: layerId, bin: 'month', aoristic });
      return r.timeline.bins.flatMap((b) => Object.entries(b.byCategory).map(([c, n]) => `${c}: ${n.toLocaleString('en-US')}`)).sort();
    };
    const spread = await expected(true);
    const atTime = await expected(false);
    expect(spread).not.toEqual(atTime);
    const drawn = async () => (await bars()).filter((t) => !t.startsWith('(uncategorised)')).sort();
    await expect.poll(drawn, { timeout: 30_000 }).toEqual(spread);
    await box.uncheck();
    await expect.poll(drawn, { timeout: 30_000 }).toEqual(atTime);
    await box.check();
    await expect.poll(drawn, { timeout: 30_000 }).toEqual(spread);
    await page.getByLabel('Bin').selectOption('week');
  });

  it('compares 8 days either side of 2023-07-22 within San Luis Río Colorado: homicides 13 → 6, p = 0.17', async () => {
    await page.getByTestId('open-tool-compare').click();
    await page.getByTestId('compare-split').fill('2023-07-22');
    await page.getByTestId('compare-before-days').fill('8');
    await page.getByTestId('compare-after-days').fill('8');
    await page.locator('[data-testid="tool-compare"] details summary').click();
    await page.getByTestId('compare-cat-homicide').check();
    await page.getByTestId('compare-within').selectOption('municipalities');
    await page.getByTestId('compare-within-where').fill('nombre=San Luis Río Colorado');
    await page.getByTestId('compare-run').click();
    await page.getByTestId('compare-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-before').textContent()).toBe('13');
    expect(await page.getByTestId('compare-after').textContent()).toBe('6');
    expect(await page.getByTestId('compare-p').textContent()).toBe('p = 0.17');
    expect(await page.getByTestId('compare-significant').textContent()).toMatch(/^not significant/);
    expect(await page.getByTestId('compare-sentence').textContent()).toContain('from 13 to 6');
    // The demo has time windows: the test counts whole records, the aoristic expected counts beside it (none straddle here).
    expect(await page.getByTestId('compare-aoristic-on').isChecked()).toBe(true);
    expect(await page.getByTestId('compare-aoristic').textContent()).toContain('0 straddle the split');
    expect([await page.getByTestId('compare-aoristic-before').textContent(), await page.getByTestId('compare-aoristic-after').textContent()]).toEqual(['13', '6']);
    await page.screenshot({ path: path.join(outDir, 'analysis-04-compare.png') });
  });

  it('made no request outside its own origin', () => {
    expect(app.requests.some((u) => u.includes('/api/analysis.run'))).toBe(true);
    const foreign = foreignRequests(app);
    expect(foreign).toEqual([]);
    // Nothing refused by the CSP or failing in the page (a data: image fetch would show here).
    expect([...app.consoleErrors, ...app.pageErrors]).toEqual([]);
  });
});

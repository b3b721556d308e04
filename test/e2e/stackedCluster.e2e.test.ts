/**
 * End to end, a stacked DBSCAN cluster on the SYNTHETIC demo workspace (its town-centre stacks,
 * issue 17: 240 records geocoded to Mexicali's centre), run from the panel in Debian's Chromium
 * behind the loopback web server. At eps 50 m and 30 min points Mexicali's stack is a cluster of
 * its own with no area, so MapLibre draws it as a sized circle with its label (checked in the
 * rendered features and the canvas pixels, zoomed out and in); a click on it opens the popup
 * saying how many records sit there; the run warns of the stacked points and names the towns.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StackedPoint } from '../../shared/analysis/stackedPoints.ts';
import { DBSCAN_HULL_COLOR } from '../../renderer/map/resultLayers.ts';
import { E2E_OUT as outDir, pixelsNear, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';


/** The point cluster's circle and label as MapLibre drew them, and its position on screen. */
async function drawnPointCluster(page: Page) {
  await waitForIdleMap(page);
  return page.evaluate(() => {
    const map = window.__fronteraMap!;
    const ids = map.getStyle().layers.map((l) => l.id);
    const circle = ids.find((id) => /^res-\d+-point$/.test(id))!;
    const label = ids.find((id) => /^res-\d+-point-label$/.test(id))!;
    const circles = map.queryRenderedFeatures({ layers: [circle] });
    const labels = map.queryRenderedFeatures({ layers: [label] });
    const at = circles[0] ? map.project((circles[0].geometry as GeoJSON.Point).coordinates as [number, number]) : null;
    return {
      circles: circles.map((f) => f.properties),
      labels: labels.map((f) => String(f.properties.label)),
      at: at ? { x: at.x, y: at.y } : null,
    };
  });
}

describe('a stacked DBSCAN cluster in the browser', () => {
  let app: DemoApp;
  let page: Page;
  let stack: StackedPoint;

  beforeAll(async () => {
    app = await openDemoApp('stack', {
      prepare: async (b) => {
        // The stack the import found (layers --json stackedPoints): the largest, Mexicali's centre.
        const stacks = b.workspace.getLayer('incidents').stackedPoints ?? [];
        stack = stacks[0];
        expect(stack).toMatchObject({ count: 240, near: { town: 'Mexicali' } });
      },
    });
    ({ page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  it('draws the cluster as a circle with its label at every zoom, and its popup says how many records sit there', async () => {
    await page.getByTestId('open-tool-dbscan').click();
    await page.getByTestId('dbscan-eps').fill('50');
    await page.getByTestId('dbscan-minpoints').fill('30');
    await page.getByTestId('analysis-run').click();
    await page.getByTestId('analysis-result').waitFor({ timeout: 120_000 });
    const warnings = await page.getByTestId('analysis-result').locator('.warning').allTextContents();
    expect(warnings.join('\n')).toMatch(/2 stacked points hold 300 of the 5,512 incidents \(5\.4 %\): 240 records \(4\.4 %\) share one point 0\.4 km from Mexicali \(Baja California\)'s centre/);
    await page.waitForFunction(() => window.__fronteraMap!.getStyle().layers.some((l) => /^res-\d+-point$/.test(l.id)), null, { timeout: 30_000 });
    const legend = page.getByTestId('legend-entry').first();
    await expect.poll(() => legend.textContent(), { timeout: 30_000 }).toMatch(/Cluster on one spot or a line \(circle: incidents\)1/);

    for (const zoom of [6, 9, 13]) {
      await page.evaluate(([lon, lat, z]) => window.__fronteraMap!.jumpTo({ center: [lon, lat], zoom: z }), [stack.lon, stack.lat, zoom] as const);
      const drawn = await drawnPointCluster(page);
      expect(drawn.circles.map((p) => [p.count, p.locations]), `zoom ${zoom}`).toEqual([[240, 1]]);
      expect(drawn.labels, `zoom ${zoom}`).toEqual(['#1: 240']);
      expect(await pixelsNear(page, DBSCAN_HULL_COLOR, 18), `zoom ${zoom}`).toBeGreaterThan(20);
    }
    await page.screenshot({ path: path.join(outDir, 'stacked-cluster.png') });

    const { at } = await drawnPointCluster(page);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    // Just inside the circle's edge, off the incidents' own dots at its centre.
    await page.mouse.click(box.x + at!.x + 9, box.y + at!.y);
    const popup = page.locator('.result-popup');
    await popup.waitFor({ timeout: 10_000 });
    const text = await popup.textContent();
    expect(text).toContain('Incidents240');
    expect(text).toContain('At this pointall 240 incidents share one location');
  });

  it('with Exclude stacked points ticked, or Precision ≤ 1, the same run finds no cluster: the panel says why and what was left out, as the legend does', async () => {
    const result = page.getByTestId('analysis-result');
    const explanation = /^0 clusters: no incident has 29 others within 50 m \(min points 30 counts the incident itself\); the tightest 30 incidents lie within ([\d,]+) m of one of them, so eps \1 m gives a first cluster/;
    const legend = page.getByTestId('legend-entry').first();

    await page.getByTestId('exclude-stacked').check();
    await page.getByTestId('analysis-run').click();
    await expect.poll(() => result.textContent(), { timeout: 120_000 }).toMatch(/Analysis #2 done/);
    expect(await page.getByTestId('analysis-explanation').textContent()).toMatch(explanation);
    expect((await result.locator('.warning').allTextContents()).join('\n')).toMatch(
      /300 records on 2 stacked points left out \(--exclude-stacked, Exclude stacked points\), the largest: 240 records \(4\.4 %\) share one point 0\.4 km from Mexicali/,
    );
    await expect.poll(() => legend.textContent(), { timeout: 30_000 }).toMatch(/stacked points left out \(300 records\)/);

    await page.getByTestId('exclude-stacked').uncheck();
    await page.getByTestId('precision-max').fill('1');
    await page.getByTestId('analysis-run').click();
    await expect.poll(() => result.textContent(), { timeout: 120_000 }).toMatch(/Analysis #3 done/);
    expect(await page.getByTestId('analysis-explanation').textContent()).toMatch(explanation);
    // The demo codes its town-centre geocodes 3 (only the municipality known), the rest 1.
    expect((await result.locator('.warning').allTextContents()).join('\n')).toContain(
      '--precision-max 1 (Precision ≤ 1) left out 300 records: 300 with a precision code above 1 (300 coded 3)',
    );
    await expect.poll(() => legend.textContent(), { timeout: 30_000 }).toMatch(/precision ≤ 1 \(300 records left out\)/);
  });
});

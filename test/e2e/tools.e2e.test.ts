/**
 * End to end, the analyst's map tools on the SYNTHETIC demo workspace (loopback web server, the
 * built renderer, Debian's Chromium with SwiftShader): measure distance between two towns
 * against turf; drag a layer and read MapLibre's layer order back; select a table row and find
 * the highlight in MapLibre's rendered features, and back from a map click (popup with source
 * and source_index); zoom to selection; the Summary panel against the planted seizure totals,
 * the timeline brush and a municipality counted independently with turf.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { booleanPointInPolygon, distance } from '@turf/turf';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import type { Backend } from '../../electron/backend/backend.ts';
import { SEIZURE_TOTALS } from '../../shared/demo/facts.ts';
import { formatDegrees, formatMgrs, formatUtm, toUtm } from '../../shared/geo/coordinateFormats.ts';
import { PLACES } from '../../shared/synth/region.ts';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { E2E_OUT as outDir, clickablePoint, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

/** Page coordinates of a lon/lat on the map canvas. */
async function screenAt(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.__fronteraMap!;
    const p = map.project(ll);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lonLat);
}

/** The lon/lat under a page position (what a click there measures). */
async function lonLatAt(page: Page, at: { x: number; y: number }): Promise<[number, number]> {
  return page.evaluate((pt) => {
    const map = window.__fronteraMap!;
    const r = map.getCanvas().getBoundingClientRect();
    const ll = map.unproject([pt.x - r.left, pt.y - r.top]);
    return [ll.lng, ll.lat] as [number, number];
  }, at);
}

/** Our data layers in MapLibre's drawing order, bottom first. */
async function styleOrder(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__fronteraMap!.getStyle().layers.map((l) => l.id).filter((id) => /^lyr-\d+-/.test(id)));
}

async function panelOrder(page: Page): Promise<number[]> {
  return (await page.getByTestId('layer-row').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.layerId))));
}

describe('Frontera map tools in the browser', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;
  let incidents: LayerInfo;
  let municipalities: LayerInfo;

  beforeAll(async () => {
    app = await openDemoApp('tools');
    ({ backend, page } = app);
    const layers = await backend['layers.list']({});
    incidents = layers.find((l) => l.name === 'incidents')!;
    municipalities = layers.find((l) => l.name === 'municipalities')!;
    await page.waitForFunction((id) => window.__fronteraMap!.querySourceFeatures(`lyr-${id}`).length > 0, incidents.id, { timeout: 60_000 });
  }, 240_000);

  afterAll(() => app?.close());

  it('measures San Luis Río Colorado → Mexicali geodesically, within 1 % of turf, with segment labels and a total', async () => {
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.1, 32.52], zoom: 9 }));
    await waitForIdleMap(page);
    await page.locator('body').press('m');
    await expect.poll(() => page.getByTestId('tool-measure').getAttribute('aria-pressed')).toBe('true');

    // Whole pixels: the browser delivers mouse positions in whole CSS pixels (~250 m at this zoom).
    const whole = ({ x, y }: { x: number; y: number }) => ({ x: Math.round(x), y: Math.round(y) });
    const slrc = whole(await screenAt(page, PLACES.sanLuisRioColorado));
    const mexicali = whole(await screenAt(page, PLACES.mexicali));
    await page.mouse.click(slrc.x, slrc.y);
    await page.mouse.dblclick(mexicali.x, mexicali.y);
    const total = page.getByTestId('measure-total');
    await expect.poll(() => page.getByTestId('measure-segment').count()).toBe(1);
    const shown = Number(await total.getAttribute('data-metres'));
    const towns = distance(PLACES.sanLuisRioColorado, PLACES.mexicali, { units: 'meters' });
    expect(Math.abs(shown - towns) / towns, `shown ${shown} m, turf ${towns} m`).toBeLessThan(0.01);
    // Exactly turf's distance between the two clicked positions.
    const clicked = distance(await lonLatAt(page, slrc), await lonLatAt(page, mexicali), { units: 'meters' });
    expect(Math.abs(shown - clicked)).toBeLessThan(1);
    expect(await total.textContent()).toBe(`${(shown / 1000).toFixed(2)} km`);
    expect(await page.locator('.measure-label.segment').count()).toBe(1);
    await waitForIdleMap(page);
    expect(await page.evaluate(() => window.__fronteraMap!.queryRenderedFeatures({ layers: ['measure-line'] }).length)).toBeGreaterThan(0);

    // A new line after the finished one: three vertices, Enter to finish; the total is the sum.
    const victoria = whole(await screenAt(page, PLACES.ciudadGuadalupeVictoria));
    await page.mouse.click(mexicali.x, mexicali.y);
    await page.mouse.click(victoria.x, victoria.y);
    await page.mouse.click(slrc.x, slrc.y);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('measure-segment').count()).toBe(2);
    const segs = (await page.getByTestId('measure-segment').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.metres))));
    const sum = Number(await total.getAttribute('data-metres'));
    expect(Math.abs(sum - (segs[0] + segs[1]))).toBeLessThan(0.01);
    const expected = distance(PLACES.mexicali, PLACES.ciudadGuadalupeVictoria, { units: 'meters' }) + distance(PLACES.ciudadGuadalupeVictoria, PLACES.sanLuisRioColorado, { units: 'meters' });
    expect(Math.abs(sum - expected) / expected).toBeLessThan(0.01);
    expect(await page.locator('.measure-label.total').textContent()).toMatch(/^Total [\d.]+ km$/);
    await page.screenshot({ path: path.join(outDir, 'tools-01-measure.png') });

    // Esc clears the line, a second Esc leaves the tool; map clicks select features again.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.measure-label').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('tool-measure').getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => window.__fronteraController!.interceptClicks)).toBe(false);
  }, 120_000);

  it('reorders layers by dragging (MapLibre draws them in the new order) and by keyboard', async () => {
    const before = await panelOrder(page);
    expect(before[before.length - 1]).toBe(municipalities.id);
    const fill = `lyr-${municipalities.id}-fill`;
    const circle = `lyr-${incidents.id}-circle`;
    let order = await styleOrder(page);
    expect(order.indexOf(fill)).toBeLessThan(order.indexOf(circle));

    const handle = page.locator(`[data-testid="layer-row"][data-layer-id="${municipalities.id}"] [data-testid="layer-drag"]`);
    const from = (await handle.boundingBox())!;
    const top = (await page.getByTestId('layer-row').first().boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, top.y + 4, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => panelOrder(page)).toEqual([municipalities.id, ...before.filter((id) => id !== municipalities.id)]);
    await expect.poll(async () => {
      const o = await styleOrder(page);
      return o.indexOf(fill) > o.indexOf(circle);
    }).toBe(true);
    order = await styleOrder(page);
    expect(order.slice(-2)).toEqual([`lyr-${municipalities.id}-fill`, `lyr-${municipalities.id}-line`]);
    await page.screenshot({ path: path.join(outDir, 'tools-02-layer-drag.png') });

    // Back to the bottom with the keyboard on the handle.
    await handle.focus();
    for (let i = 0; i < before.length - 1; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => panelOrder(page)).toEqual(before);
    await expect.poll(async () => {
      const o = await styleOrder(page);
      return o.indexOf(fill) < o.indexOf(circle);
    }).toBe(true);
  }, 120_000);

  it('selects a table row on the map (highlight, panned into view), zooms to it, and selects back from a map click', async () => {
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.0, 32.45], zoom: 9 }));
    await waitForIdleMap(page);
    const row = page.locator(`[data-testid="layer-row"][data-layer-id="${incidents.id}"]`);
    await row.getByTitle('Attribute table').click();
    const rows = page.getByTestId('table-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const pick = rows.nth(3);
    const id = Number(await pick.locator('span').first().textContent());
    await pick.click();
    await expect.poll(() => page.locator('[data-testid="table-row"].selected').count()).toBe(1);
    const feature = (await backend['layers.features']({ layerId: incidents.id })).features.find((f) => f.id === id)!;
    const [lon, lat] = (feature.geometry as Point).coordinates;

    const highlighted = async () => {
      await waitForIdleMap(page);
      return page.evaluate(() => window.__fronteraMap!.queryRenderedFeatures({ layers: ['selection-circle'] }).map((f) => Number(f.id)));
    };
    await expect.poll(highlighted, { timeout: 20_000 }).toEqual([id]);
    const inView = () =>
      page.evaluate(([x, y]) => window.__fronteraMap!.getBounds().contains([x, y]), [lon, lat] as [number, number]);
    expect(await inView()).toBe(true);

    // Zoom to selection: the feature framed at a street-level zoom.
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-114.2, 31.8], zoom: 8 }));
    await waitForIdleMap(page);
    expect(await inView()).toBe(false);
    await page.getByTestId('zoom-selection').click();
    await expect.poll(inView, { timeout: 10_000 }).toBe(true);
    await waitForIdleMap(page);
    expect(await page.evaluate(() => window.__fronteraMap!.getZoom())).toBeGreaterThanOrEqual(14);
    await expect.poll(highlighted).toEqual([id]);
    await page.screenshot({ path: path.join(outDir, 'tools-03-zoom-to-selection.png') });

    // Map → table: click another incident; its row is selected, it is highlighted, the popup names its source.
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.0, 32.45], zoom: 10 }));
    await waitForIdleMap(page);
    const target = await clickablePoint(page, `lyr-${incidents.id}-circle`, [id]);
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const selectedRow = page.locator('[data-testid="table-row"].selected');
    await expect.poll(() => selectedRow.locator('span').first().textContent(), { timeout: 10_000 }).toBe(String(target!.id));
    await expect.poll(highlighted).toEqual([target!.id]);
    const clickedFeature = (await backend['layers.features']({ layerId: incidents.id })).features.find((f) => f.id === target!.id)!;
    const popup = page.getByTestId('feature-popup');
    await popup.waitFor({ timeout: 10_000 });
    expect(await popup.textContent()).toContain(String(clickedFeature.properties!.folio));
    expect(await page.getByTestId('feature-popup-source').textContent()).toBe(
      `source${incidents.sourceFile}, record ${Number(clickedFeature.properties!.$sourceIndex)} (source_index)`,
    );
    // The point's position: in the read-out's format (UTM unless changed), decimal degrees and MGRS.
    const [pLon, pLat] = (clickedFeature.geometry as Point).coordinates;
    expect(await popup.textContent()).toContain(`UTM${formatUtm(toUtm(pLon, pLat))}DD${formatDegrees(pLon, pLat)}MGRS${formatMgrs(pLon, pLat)}feature id`);
    await page.screenshot({ path: path.join(outDir, 'tools-04-selection.png') });
    // Escape closes it, as it closes a dialog.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('feature-popup').count()).toBe(0);
    // With the table closed, a click identifies (popup, selection) and leaves the table closed.
    await page.getByTitle('Close the table').click();
    await expect.poll(() => page.locator('.table-scroll').count()).toBe(0);
    const other = await clickablePoint(page, `lyr-${incidents.id}-circle`, [id, target!.id]);
    await page.mouse.click(other!.x, other!.y);
    await popup.waitFor({ timeout: 10_000 });
    await expect.poll(highlighted).toEqual([other!.id]);
    expect(await page.locator('.table-scroll').count()).toBe(0);
    await page.keyboard.press('Escape');
  }, 180_000);

  it('selects several features: Ctrl-click and Shift-click in the table, Ctrl-click on the map; zooms to all; clears', async () => {
    if ((await page.locator('.table-scroll').count()) === 0) {
      await page.locator(`[data-testid="layer-row"][data-layer-id="${incidents.id}"]`).getByTitle('Attribute table').click();
    }
    const rows = page.getByTestId('table-row');
    await rows.first().waitFor({ timeout: 30_000 });
    // The first rows, in view: the table scrolled to the top.
    await page.locator('.table-scroll').evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => Number(await rows.first().locator('span').first().textContent())).toBe(1);
    const ids = await Promise.all([0, 1, 2, 3, 4, 5, 6].map(async (k) => Number(await rows.nth(k).locator('span').first().textContent())));
    const row = (id: number) => page.locator('[data-testid="table-row"]', { has: page.locator('span:first-child', { hasText: new RegExp(`^${id}$`) }) });
    const selectedRows = page.locator('[data-testid="table-row"].selected');
    const drawn = () =>
      page.evaluate(() => {
        const src = window.__fronteraMap!.getSource('selection') as unknown as { serialize(): { data: GeoJSON.FeatureCollection } };
        return src.serialize().data.features.map((f) => Number(f.id)).sort((a, b) => a - b);
      });
    const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

    await row(ids[0]).click();
    await row(ids[2]).click({ modifiers: ['Control'] });
    await expect.poll(() => selectedRows.count()).toBe(2);
    expect(await page.getByTestId('table-selection').textContent()).toMatch(/^2 selected/);
    await expect.poll(drawn, { timeout: 10_000 }).toEqual(sorted([ids[0], ids[2]]));
    // Ctrl-click again takes it out.
    await row(ids[0]).click({ modifiers: ['Control'] });
    await expect.poll(() => selectedRows.count()).toBe(1);

    // Shift-click: the rows from the one clicked last (the first, though it was just taken out) to
    // the seventh replace the selection.
    const range = ids.slice(0, 7);
    await row(ids[6]).click({ modifiers: ['Shift'] });
    await expect.poll(() => selectedRows.count()).toBe(7);
    expect(await page.getByTestId('table-selection').textContent()).toMatch(/^7 selected/);
    await expect.poll(drawn, { timeout: 10_000 }).toEqual(sorted(range));

    // Ctrl-click on the map adds an incident from elsewhere.
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-115.45, 32.62], zoom: 11 }));
    await waitForIdleMap(page);
    const target = await clickablePoint(page, `lyr-${incidents.id}-circle`, range);
    expect(target).not.toBeNull();
    await page.keyboard.down('Control');
    await page.mouse.click(target!.x, target!.y);
    await page.keyboard.up('Control');
    await expect.poll(drawn, { timeout: 10_000 }).toEqual(sorted([...range, target!.id]));
    expect(await page.getByTestId('table-selection').textContent()).toMatch(/^8 selected/);
    // No popup for a Ctrl-click: it only selects.
    expect(await page.getByTestId('feature-popup').count()).toBe(0);

    // Zoom to selection frames all eight, the seven from the table and the one from the map.
    const all = (await backend['layers.features']({ layerId: incidents.id })).features.filter((f) => [...range, target!.id].includes(Number(f.id)));
    await page.evaluate(() => window.__fronteraMap!.jumpTo({ center: [-114.2, 31.8], zoom: 8 }));
    await page.getByTestId('zoom-selection').click();
    const allInView = () =>
      page.evaluate(
        (pts) => pts.every((c) => window.__fronteraMap!.getBounds().contains(c as [number, number])),
        all.map((f) => (f.geometry as Point).coordinates),
      );
    await expect.poll(allInView, { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: path.join(outDir, 'tools-05-multi-selection.png') });

    await page.getByTestId('clear-selection').click();
    await expect.poll(() => selectedRows.count()).toBe(0);
    await expect.poll(drawn, { timeout: 10_000 }).toEqual([]);
    expect(await page.getByTestId('zoom-selection').isDisabled()).toBe(true);
  }, 180_000);

  it('summarises the whole extent to the planted totals, follows the timeline brush, and a municipality', async () => {
    // The whole layer in view.
    await page.evaluate((b) => window.__fronteraMap!.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, duration: 0 }), incidents.bbox!);
    await waitForIdleMap(page);
    expect(
      await page.evaluate((b) => {
        const v = window.__fronteraMap!.getBounds();
        return v.getWest() <= b[0] && v.getSouth() <= b[1] && v.getEast() >= b[2] && v.getNorth() >= b[3];
      }, incidents.bbox!),
    ).toBe(true);
    await page.getByTestId('open-tool-summary').click();
    const count = page.getByTestId('summary-count');
    await expect.poll(() => count.getAttribute('data-value'), { timeout: 30_000 }).toBe(String(incidents.featureCount));
    const kg = Object.values(SEIZURE_TOTALS).filter((s) => s.unit === 'kg').reduce((n, s) => n + s.total, 0);
    const units = Object.values(SEIZURE_TOTALS).filter((s) => s.unit === 'units').reduce((n, s) => n + s.total, 0);
    expect(Number(await page.getByTestId('summary-unit-kg').getAttribute('data-value'))).toBe(kg);
    expect(Number(await page.getByTestId('summary-unit-units').getAttribute('data-value'))).toBe(units);
    for (const [category, fact] of Object.entries(SEIZURE_TOTALS)) {
      expect(await page.getByTestId(`summary-cat-${category}`).getAttribute('data-value')).toBe(String(fact.records));
    }
    const first = (await page.getByTestId('summary-first').textContent())!;
    const last = (await page.getByTestId('summary-last').textContent())!;
    expect(first).toMatch(/^2023-\d\d-\d\d \d\d:\d\d$/);
    expect(last).toMatch(/^2023-\d\d-\d\d \d\d:\d\d$/);
    expect(first < last).toBe(true);
    await page.screenshot({ path: path.join(outDir, 'tools-05-summary-extent.png') });

    // Brush the timeline: the summary follows the window and matches the timeline's own count.
    // Each record at its time, as the summary counts them: the demo has time windows, which the
    // timeline spreads by default (aoristic shares, not records).
    await page.getByTestId('timeline-aoristic').uncheck();
    const windowCount = page.getByTestId('window-count');
    const overlay = page.locator('[data-testid="timeline-brush"] .overlay');
    // Unticking redraws the timeline from a new request: brush once its overlay is back.
    await overlay.waitFor({ timeout: 30_000 });
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => windowCount.textContent(), { timeout: 10_000 }).toMatch(/in window$/);
    const inWindow = Number((await windowCount.textContent())!.replace(/[^\d]/g, ''));
    expect(inWindow).toBeGreaterThan(0);
    expect(inWindow).toBeLessThan(incidents.featureCount);
    await expect.poll(() => count.getAttribute('data-value'), { timeout: 15_000 }).toBe(String(inWindow));
    expect(await page.getByTestId('summary-scope').textContent()).toContain(`Time window ${await page.getByTestId('window-range').textContent()}`);
    await page.getByTestId('window-clear').click();
    await page.getByTestId('timeline-aoristic').check();
    await expect.poll(() => count.getAttribute('data-value'), { timeout: 15_000 }).toBe(String(incidents.featureCount));

    // A municipality from the list, then another picked on the map: counted independently with turf.
    const points = (await backend['layers.features']({ layerId: incidents.id })).features;
    const polys = (await backend['layers.features']({ layerId: municipalities.id })).features;
    const countIn = (name: string) => {
      const m = polys.find((f) => f.properties?.nombre === name)!;
      return {
        sourceIndex: Number(m.properties!.$sourceIndex),
        count: points.filter((p) => booleanPointInPolygon((p.geometry as Point).coordinates, m.geometry as Polygon | MultiPolygon)).length,
      };
    };
    const slrc = countIn('San Luis Río Colorado');
    const mexicali = countIn('Mexicali');
    expect(slrc.count).toBeGreaterThan(0);
    expect(slrc.count + mexicali.count).toBeLessThanOrEqual(incidents.featureCount);
    await page.getByTestId('summary-area-polygon').check();
    const feature = page.getByTestId('summary-polygon-feature');
    await expect.poll(() => feature.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await page.getByTestId('summary-polygon-layer').selectOption(String(municipalities.id));
    await feature.selectOption({ label: 'San Luis Río Colorado' });
    await expect.poll(() => count.getAttribute('data-value'), { timeout: 15_000 }).toBe(String(slrc.count));
    await waitForIdleMap(page);
    expect(await page.evaluate(() => window.__fronteraMap!.queryRenderedFeatures({ layers: ['summary-area-line'] }).length)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(outDir, 'tools-06-summary-municipality.png') });

    await page.getByTestId('summary-pick').click();
    // West of the valley, inside Mexicali and off the incident clusters.
    const inMexicali = await screenAt(page, [-115.75, 32.2]);
    const hit = await page.evaluate(
      ([x, y, layer]) => {
        const map = window.__fronteraMap!;
        const r = map.getCanvas().getBoundingClientRect();
        return map.queryRenderedFeatures([x - r.left, y - r.top], { layers: [layer] }).map((f) => f.properties.nombre);
      },
      [inMexicali.x, inMexicali.y, `lyr-${municipalities.id}-fill`] as const,
    );
    expect(hit).toContain('Mexicali');
    await page.mouse.click(inMexicali.x, inMexicali.y);
    await expect.poll(() => feature.inputValue(), { timeout: 10_000 }).toBe(String(mexicali.sourceIndex));
    await expect.poll(() => count.getAttribute('data-value'), { timeout: 15_000 }).toBe(String(mexicali.count));
    // The pick took the click: no feature was selected by it.
    expect(await page.getByTestId('feature-popup').count()).toBe(0);
  }, 180_000);

  it('made no request outside its own origin and logged no error', () => {
    expect(app.requests.some((u) => u.includes('/api/layers.summary'))).toBe(true);
    const foreign = app.requests.filter((u) => !u.startsWith(`${app.server.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect([...app.consoleErrors, ...app.pageErrors]).toEqual([]);
  });
});

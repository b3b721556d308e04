/**
 * End to end, counts per area (issue 18): the SYNTHETIC demo workspace with the 85 INEGI
 * municipalities imported from their Lambert shapefile (../shared) and 20,000 generated incidents
 * over them, behind the loopback web server, the built renderer in Debian's Chromium. Counts per
 * area is run from its panel: a choropleth of incidents per municipality whose legend gives each
 * class's bounds and number of areas as the back end stored them, every area on the map filled in
 * its class's colour; the table of areas sorts by its columns and exports the areas; quantiles,
 * equal interval and manual limits class the same counts, each class holding the areas whose
 * count lies within its bounds (counted here from the table's rows). Screenshots under
 * test-output/e2e.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bbox as turfBbox } from '@turf/bbox';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import type { AnalysisDetail } from '../../shared/api/contract.ts';
import type { AreaRow } from '../../shared/analysis/areaRows.ts';
import { createRng } from '../../shared/synth/random.ts';
import { areaClassColors } from '../../shared/report/resultStyle.ts';
import { legendClasses } from '../../renderer/map/resultLayers.ts';
import { FIXTURES } from '../support/gdalFiles.ts';
import { INEGI_4326 } from '../support/gdalAreas.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const INEGI_SHP = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const POINTS = 20_000;

/**
 * Seeded incidents, each uniform in the bounding box of a municipality drawn at random (GDAL's
 * EPSG:4326 copy of the fixture): small municipalities get dense, large ones sparse, some fall
 * in the sea — counts that need several classes.
 */
function writeIncidents(file: string): void {
  const fc = JSON.parse(fs.readFileSync(INEGI_4326, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  const boxes = fc.features.map((f) => turfBbox(f));
  const rng = createRng('areas-e2e');
  const lines = ['id,lon,lat,categoria'];
  for (let i = 0; i < POINTS; i++) {
    const b = boxes[rng.int(boxes.length)];
    lines.push(`${i},${rng.uniform(b[0], b[2]).toFixed(6)},${rng.uniform(b[1], b[3]).toFixed(6)},${i % 3 ? 'homicidio' : 'enfrentamiento'}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('counts per area in the browser', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;
  let pointsLayerId: number;
  let run: AnalysisDetail;

  beforeAll(async () => {
    app = await openDemoApp('areas', {
      prepare: async (b, tmp) => {
        await b['import.run']({ paths: [INEGI_SHP], options: { layer: 'inegi' } });
        const csv = path.join(tmp, 'puntos.csv');
        writeIncidents(csv);
        const [summary] = await b['import.run']({ paths: [csv], options: { layer: 'puntos' } });
        pointsLayerId = summary.layerId;
      },
    });
    ({ backend, page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  /** Runs the open Counts per area form and returns the run as the back end stored it, once its table is shown. */
  async function runFromPanel(): Promise<AnalysisDetail> {
    const before = (await backend['analysis.list']({})).length;
    await page.getByTestId('analysis-run').click();
    await expect.poll(async () => (await backend['analysis.list']({})).length, { timeout: 120_000 }).toBe(before + 1);
    const runs = await backend['analysis.list']({});
    const detail = await backend['analysis.get']({ id: runs[runs.length - 1].id });
    await expect.poll(() => page.getByTestId('area-row').count(), { timeout: 60_000 }).toBe(detail.geojson.features.length);
    await waitForIdleMap(page);
    return detail;
  }

  /** The legend's classes of a result as the page shows them: "label | count" per line. */
  async function legendLines(id: number): Promise<string[]> {
    const entry = page.getByTestId('legend-entry').filter({ hasText: `#${id}` });
    return entry.locator('.legend-classes li').evaluateAll((lis) => lis.map((li) => `${li.querySelector('.grow')!.textContent} | ${li.querySelector('.num')?.textContent ?? ''}`));
  }

  const rows = (d: AnalysisDetail) => d.geojson.features.map((f) => f.properties as unknown as AreaRow & { class: number | null });
  const expectedLegend = (d: AnalysisDetail) => legendClasses(d).map((c) => `${c.label} | ${c.count?.toLocaleString('en-US') ?? ''}`);

  /** How many areas' values fall in each class, classes closed above as the legend states them. */
  function classCounts(values: number[], classes: { lower: number; upper: number }[]): number[] {
    return classes.map((c, i) => values.filter((v) => (i === 0 ? v >= c.lower : v > c.lower) && v <= c.upper).length);
  }

  it('draws a choropleth of incidents per municipality by natural breaks, with a legend of the stored classes', async () => {
    await page.getByTestId('open-tool-areas').click();
    await page.getByLabel('Incident layer').selectOption(String(pointsLayerId));
    await page.getByTestId('areas-layer').selectOption({ label: 'inegi (85)' });
    await page.getByTestId('areas-name-field').selectOption('NOMGEO');
    await page.getByTestId('areas-classify').selectOption('natural-breaks');
    await page.getByTestId('areas-classes').fill('5');
    run = await runFromPanel();

    const r = rows(run);
    expect(r).toHaveLength(85);
    expect(run.params).toMatchObject({ kind: 'areas', by: 'inegi', nameField: 'NOMGEO', classify: 'natural-breaks', classes: 5 });
    // Every incident counted at most once: the areas' counts and those outside add up to the layer.
    expect(r.reduce((n, x) => n + x.count, 0) + Number(run.summary.outside)).toBe(POINTS);
    const classes = run.summary.classes as { lower: number; upper: number; count: number }[];
    expect(classes).toHaveLength(5);
    expect(classCounts(r.map((x) => x.count), classes)).toEqual(classes.map((c) => c.count));

    const legend = await legendLines(run.id);
    expect(legend).toEqual(expectedLegend(run));
    expect(legend[0]).toMatch(/^Incidents \d[\d,]* – \d[\d,]* \| \d+$/);

    // On the map, framed on the result: every municipality drawn, filled with its class's colour.
    await page.getByTestId('legend-entry').filter({ hasText: `#${run.id}` }).getByTitle('Zoom to the result').click();
    await page.waitForFunction(() => !window.__fronteraMap!.isMoving(), null, { timeout: 30_000 });
    await waitForIdleMap(page);
    const colors = areaClassColors(classes.length);
    const drawn = await page.evaluate((layer) => {
      const map = window.__fronteraMap!;
      return map.queryRenderedFeatures({ layers: [layer] }).map((f) => {
        // The feature's own fill as MapLibre evaluated it (a Color, premultiplied by its alpha).
        const c = (f.layer.paint as Record<string, unknown>)['fill-color'] as { r: number; g: number; b: number; a: number };
        const hex = (v: number) => Math.round((v / c.a) * 255).toString(16).padStart(2, '0');
        return { index: Number(f.properties.source_index), cls: Number(f.properties.class), color: `#${hex(c.r)}${hex(c.g)}${hex(c.b)}` };
      });
    }, `res-${run.id}-fill`);
    const seen = new Set(drawn.map((d) => d.index));
    expect(seen.size).toBeGreaterThanOrEqual(80);
    for (const d of drawn) {
      expect(d.cls).toBe(r.find((x) => x.source_index === d.index)!.class);
      expect(d.color.toLowerCase()).toBe(colors[d.cls].toLowerCase());
    }
    await page.screenshot({ path: path.join(outDir, 'areas-01-natural-breaks.png') });
  }, 240_000);

  it('sorts the table by a column and exports the areas with their counts', async () => {
    const r = rows(run);
    const tableCounts = () => page.getByTestId('area-row').evaluateAll((trs) => trs.map((tr) => Number(tr.children[1].textContent!.replace(/,/g, ''))));
    const tableNames = () => page.getByTestId('area-row').evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent!));
    // By incidents, most first (the table's default), then fewest first.
    expect(await tableCounts()).toEqual(r.map((x) => x.count).sort((a, b) => b - a));
    const table = page.getByTestId('area-table');
    await table.getByRole('columnheader', { name: /^Incidents/ }).click();
    expect(await tableCounts()).toEqual(r.map((x) => x.count).sort((a, b) => a - b));
    await table.getByRole('columnheader', { name: /^Area/ }).click();
    expect(await tableNames()).toEqual(
      [...r].sort((a, b) => a.name!.localeCompare(b.name!, 'es') || a.source_index - b.source_index).map((x) => x.name),
    );

    await page.getByTestId('area-table-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByTestId('export-format').selectOption('geojson');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const d = await download;
    const file = path.join(outDir, `areas-${run.id}.geojson`);
    await d.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection;
    expect(exported.features).toHaveLength(85);
    const byIndex = new Map(r.map((x) => [x.source_index, x]));
    for (const f of exported.features) {
      const p = f.properties as Record<string, number | string>;
      const row = byIndex.get(Number(p.source_index))!;
      expect(p.name).toBe(row.name);
      expect(p.count).toBe(row.count);
      expect(p.n_homicidio).toBe(row.countsByCategory.homicidio ?? 0);
      expect(p.n_enfrentamiento).toBe(row.countsByCategory.enfrentamiento ?? 0);
      expect(Number(p.n_homicidio) + Number(p.n_enfrentamiento)).toBe(row.count);
    }
  }, 180_000);

  it('classes the same counts by quantiles, equal interval and manual limits', async () => {
    const counts = rows(run).map((x) => x.count);
    const sorted = [...counts].sort((a, b) => a - b);
    const [min, max] = [sorted[0], sorted[sorted.length - 1]];

    await page.getByTestId('areas-classify').selectOption('quantiles');
    await page.getByTestId('areas-classes').fill('4');
    const q = await runFromPanel();
    const qc = q.summary.classes as { lower: number; upper: number; count: number }[];
    // numpy's default quantile (linear between order statistics) at 1/4, 2/4, 3/4.
    const quantile = (p: number) => {
      const h = (sorted.length - 1) * p;
      return sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.ceil(h)] - sorted[Math.floor(h)]);
    };
    expect(qc.map((c) => c.upper)).toEqual([quantile(0.25), quantile(0.5), quantile(0.75), max]);
    expect(classCounts(counts, qc)).toEqual(qc.map((c) => c.count));
    expect(await legendLines(q.id)).toEqual(expectedLegend(q));

    await page.getByTestId('areas-classify').selectOption('equal-interval');
    await page.getByTestId('areas-classes').fill('3');
    const e = await runFromPanel();
    const ec = e.summary.classes as { lower: number; upper: number; count: number }[];
    expect(ec.map((c) => c.upper)).toEqual([min + (max - min) / 3, min + (2 * (max - min)) / 3, max]);
    expect(classCounts(counts, ec)).toEqual(ec.map((c) => c.count));
    expect(await legendLines(e.id)).toEqual(expectedLegend(e));

    await page.getByTestId('areas-classify').selectOption('manual');
    await page.getByTestId('areas-limits').fill('50, 200, 400');
    const m = await runFromPanel();
    const mc = m.summary.classes as { lower: number; upper: number; count: number }[];
    expect(mc.map((c) => c.upper)).toEqual([50, 200, 400, Math.max(max, 400)]);
    expect(mc.map((c) => c.count)).toEqual([
      counts.filter((v) => v <= 50).length,
      counts.filter((v) => v > 50 && v <= 200).length,
      counts.filter((v) => v > 200 && v <= 400).length,
      counts.filter((v) => v > 400).length,
    ]);
    const legend = await legendLines(m.id);
    expect(legend).toEqual(expectedLegend(m));
    expect(legend.slice(1, 3)).toEqual([`Incidents 51 – 200 | ${mc[1].count}`, `Incidents 201 – 400 | ${mc[2].count}`]);
    await page.getByTestId('legend-entry').filter({ hasText: `#${m.id}` }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, 'areas-02-manual.png') });
    expect(app.pageErrors).toEqual([]);
  }, 360_000);
});

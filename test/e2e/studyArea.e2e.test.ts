/**
 * End to end, the study area (issue 17): the SYNTHETIC demo workspace behind the loopback web
 * server, the built renderer in Debian's Chromium. Gi* run from its panel within one municipality
 * (Study area: municipalities, Only: nombre=San Luis Río Colorado), kernel density on the default
 * land and the nearest-neighbour index on the incidents' bounding box: each result and its legend
 * entry say which area was used and its km², as the back end stored them, and every Gi* cell drawn
 * is in that municipality by the study area's rule: its centre is (Turf's point in polygon), or it
 * holds an incident that is.
 */
import path from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.ts';
import { E2E_OUT as outDir, openDemoApp, waitForIdleMap, type DemoApp } from '../support/demoApp.ts';

const SLRC = 'San Luis Río Colorado';

describe('the study area in the browser', () => {
  let app: DemoApp;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openDemoApp('study-area');
    ({ backend, page } = app);
  }, 240_000);

  afterAll(() => app?.close());

  /** What the panel says of the last run's area, and that run as the back end stored it. */
  async function lastRun(): Promise<{ note: string; summary: Record<string, unknown>; id: number }> {
    const note = page.getByTestId('study-area-used');
    await note.waitFor({ timeout: 120_000 });
    const runs = await backend['analysis.list']({});
    const last = runs[runs.length - 1];
    return { note: (await note.textContent())!, summary: last.summary, id: last.id };
  }

  it('runs Gi* within one municipality: the panel and the legend say so, every cell drawn is in it', async () => {
    await page.getByTestId('open-tool-gistar').click();
    await page.getByLabel('Cell size (m)').fill('1000');
    await page.getByTestId('study-area').selectOption('municipalities');
    await page.getByLabel('Study area: only').fill(`nombre=${SLRC}`);
    await page.getByTestId('analysis-run').click();
    const { note, summary, id } = await lastRun();
    expect(summary.studyArea).toBe(`municipalities:nombre=${SLRC}`);
    const km2 = Math.round(summary.studyAreaKm2 as number).toLocaleString('en-US');
    expect(note).toBe(`Study area: municipalities:nombre=${SLRC}, ${km2} km².`);
    const entry = page.getByTestId('legend-entry').first();
    await expect.poll(() => entry.textContent(), { timeout: 30_000 }).toContain(`study area municipalities:nombre=${SLRC}`);
    expect(await entry.textContent()).toMatch(/area [\d,.]+ km²/);
    const municipality = [...backend.workspace.iterateFeatures(backend.workspace.getLayer('municipalities').id)].find((f) => f.properties.nombre === SLRC)!;
    const inMunicipality = (p: number[]) => booleanPointInPolygon(p, municipality.geometry as Polygon | MultiPolygon);
    const pts = backend.workspace.readPoints(backend.workspace.getLayer('incidents').id);
    const incidentsIn = Array.from(pts.lon, (lon, i) => [lon, pts.lat[i]]).filter(inMunicipality);
    const detail = await backend['analysis.get']({ id });
    expect(detail.geojson.features.length).toBeGreaterThan(0);
    let byIncident = 0;
    for (const f of detail.geojson.features) {
      const ring = (f.geometry as Polygon).coordinates[0].slice(0, -1);
      const centre = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
      if (inMunicipality(centre)) continue;
      byIncident++;
      expect(incidentsIn.some((p) => booleanPointInPolygon(p, f.geometry as Polygon)), `cell ${f.properties!.cell_id}`).toBe(true);
    }
    // Most cells are in by their centre; the few by an incident lie on the municipality's edge.
    expect(byIncident).toBeLessThan(detail.geojson.features.length / 10);
    await waitForIdleMap(page);
    await page.screenshot({ path: path.join(outDir, 'study-area-01-gistar.png') });
  });

  it('says the default land for kernel density and the bounding box for the nearest-neighbour index', async () => {
    await page.getByTestId('open-tool-kde').click();
    await page.getByTestId('analysis-run').click();
    const kde = await lastRun();
    expect(kde.note).toMatch(/^Study area: land in Mexico \(basemap\) within the density grid \(the incidents' bounding box and one bandwidth around it\), [\d,]+ km²\.$/);
    expect(kde.note).toContain(Math.round(kde.summary.studyAreaKm2 as number).toLocaleString('en-US'));

    await page.getByTestId('open-tool-nni').click();
    await page.getByTestId('study-area').selectOption('extent');
    await page.getByTestId('analysis-run').click();
    const nni = await lastRun();
    expect(nni.summary.studyArea).toBe("the incidents' bounding box");
    expect(nni.note).toBe(`Study area: the incidents' bounding box, ${Math.round(nni.summary.areaKm2 as number).toLocaleString('en-US')} km².`);
    expect(app.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import type { Progress } from '../../../shared/api/contract.ts';
import { Backend } from '../../../electron/backend/backend.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import { runTimeline } from '../../../electron/backend/analysis/timelineService.ts';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { demoWorkspace, tempDir } from './helpers.ts';
import { selectPoints } from '../../../electron/backend/analysis/selectPoints.ts';
import { localProjectionFor } from '../../../shared/analysis/localProjection.ts';
import { dbscan } from '../../../shared/analysis/dbscan.ts';
import { largestClusterShare } from '../../../shared/analysis/epsWarning.ts';
import { groupByCell } from '../../../shared/analysis/stackedPoints.ts';
import { suggestEps } from '../../../shared/analysis/suggestEps.ts';

describe('analysis runs over a workspace', () => {
  const t = tempDir('frontera-runs-');
  let ws: Workspace;
  let backend: Backend;
  beforeAll(() => {
    ws = demoWorkspace(path.join(t.dir, 'demo.frontera'));
    backend = new Backend(ws);
  });
  afterAll(() => {
    backend.close();
    t.cleanup();
  });

  it('runs kernel density on a worker thread and stores it with resolved parameters', async () => {
    const phases: string[] = [];
    const run = await backend['analysis.run'](
      { kind: 'kde', layer: 'incidents', selection: { categories: ['homicide'] } },
      { onProgress: (p) => phases.push(p.phase) },
    );
    expect(run.kind).toBe('kde');
    expect(typeof run.params.bandwidth).toBe('number');
    expect(run.params.bandwidth as number).toBeGreaterThan(0);
    expect(run.params.bandwidthRule).toMatch(/Silverman/);
    expect(run.inputFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(phases).toContain('kernel density');
    const detail = await backend['analysis.get']({ id: run.id });
    expect(detail.geojson.features.map((f) => f.properties?.contour_percent)).toEqual([1, 5, 10]);
    expect(detail.raster?.width).toBeGreaterThan(10);
    const listed = await backend['analysis.list']({});
    expect(listed.map((a) => a.id)).toContain(run.id);
    expect(ws.listAudit(5).some((a) => a.action === 'analysis.run' && a.details.analysisId === run.id)).toBe(true);
  });

  it('gives the same result inline and on the worker (one code path)', async () => {
    const req = { kind: 'gistar' as const, layer: 'incidents', cellSize: 3000 };
    const inWorker = await backend['analysis.run'](req);
    const inline = await runAnalysis(backend.store, req);
    expect(inline.run.summary).toEqual(inWorker.summary);
    expect(inline.run.inputFingerprint).toBe(inWorker.inputFingerprint);
  });

  it('cancels a worker run and stores nothing', async () => {
    const before = ws.listAnalyses().length;
    const ac = new AbortController();
    // Cancelled at its first progress report, which the worker sends from inside the sweep: the
    // run is under way, however fast or busy the machine. (A 20 m cell is over the grid limit: refused before any.)
    const reports: Progress[] = [];
    const p = backend['analysis.run'](
      { kind: 'kde', layer: 'incidents', cellSize: 50 },
      { signal: ac.signal, onProgress: (r) => void (reports.push(r), ac.abort()) },
    );
    await expect(p).rejects.toThrow(/cancelled/);
    expect(reports).toHaveLength(1);
    expect(reports[0].phase).toBe('kernel density');
    expect(reports[0].done).toBeLessThan(reports[0].total!);
    expect(ws.listAnalyses().length).toBe(before);
  });

  it('selects by polygon (--within) exactly as a direct point-in-polygon count', async () => {
    const muni = [...ws.iterateFeatures(ws.getLayer('municipalities').id)].find(
      (f) => f.properties.nombre === 'San Luis Río Colorado',
    );
    expect(muni).toBeDefined();
    const geom = muni!.geometry as Polygon | MultiPolygon;
    let direct = 0;
    for (const f of ws.iterateFeatures(ws.getLayer('incidents').id)) {
      const c = (f.geometry as Point).coordinates;
      if (booleanPointInPolygon(c, geom)) direct++;
    }
    const run = await runAnalysis(backend.store, {
      kind: 'nni',
      layer: 'incidents',
      selection: { within: `municipalities:${muni!.sourceIndex}` },
    });
    expect(run.run.summary.n).toBe(direct);
    expect(direct).toBeGreaterThan(100);
  });

  it('finds the planted hot spots with Gi*: the hottest cells lie at the planted towns', async () => {
    const { output } = await runAnalysis(backend.store, { kind: 'gistar', layer: 'incidents', cellSize: 2000 });
    const hot = output.geojson.features.filter((f) => f.properties?.gi_bin === 3);
    expect(hot.length).toBeGreaterThan(5);
    // San Luis Río Colorado and Mexicali (public coordinates), both planted as hot spots.
    const towns = [[-114.7717, 32.4561], [-115.4545, 32.6245]];
    for (const [lon, lat] of towns) {
      const near = hot.some((f) => {
        const ring = (f.geometry as Polygon).coordinates[0];
        const cx = ring.slice(0, -1).reduce((s, p) => s + p[0], 0) / (ring.length - 1);
        const cy = ring.slice(0, -1).reduce((s, p) => s + p[1], 0) / (ring.length - 1);
        return Math.hypot((cx - lon) * 93, (cy - lat) * 111) < 12; // km, at 32.5° N
      });
      expect(near, `a 99 % hot cell within 12 km of ${lon},${lat}`).toBe(true);
    }
  });

  it('finds the planted hot spots with DBSCAN and labels every selected incident', async () => {
    const { run, output } = await runAnalysis(backend.store, { kind: 'dbscan', layer: 'incidents', eps: 800, minPoints: 8 });
    const pts = ws.readPoints(ws.getLayer('incidents').id);
    expect(output.labels?.cluster).toHaveLength(pts.count);
    expect(output.labels?.sourceIndex).toEqual(Array.from(pts.sourceIndex));
    const hulls = output.geojson.features;
    expect(hulls).toHaveLength(run.summary.clusters as number);
    // The counts in the hulls and the labels agree, and noise is what is left.
    const clustered = output.labels!.cluster.filter((c) => c >= 0).length;
    expect(hulls.reduce((s, f) => s + (f.properties?.count as number), 0)).toBe(clustered);
    expect(run.summary.noise).toBe(pts.count - clustered);
    // Each planted town is inside one of the three largest clusters' hulls.
    const top3 = hulls.filter((f) => (f.properties?.rank as number) <= 3);
    const towns: [number, number][] = [[-114.7717, 32.4561], [-115.4545, 32.6245], [-115.104, 32.293]];
    for (const town of towns) {
      expect(top3.some((f) => booleanPointInPolygon(town, f.geometry as Polygon)), `${town} in a top-3 hull`).toBe(true);
    }
  });

  it("warns of a chaining eps with the share of the selection's locations, stacked records left in or out", async () => {
    for (const excludeStacked of [false, true]) {
      const req = { kind: 'dbscan' as const, layer: 'incidents', eps: 1000, minPoints: 5, selection: { excludeStacked } };
      const { run } = await runAnalysis(backend.store, req);
      // The share by hand: the run's points projected, clustered, and their 1 m cells in metres (the
      // demo's two stacks make it 68 % of the locations, 70 % of the records).
      const sel = await selectPoints(backend.store, 'incidents', { excludeStacked });
      const proj = localProjectionFor(sel.points.lon, sel.points.lat);
      const { x, y } = proj.projectArrays(sel.points.lon, sel.points.lat);
      const r = dbscan(x, y, { eps: 1000, minPoints: 5 });
      const share = largestClusterShare(r.labels, r.clusterCount, groupByCell(x, y));
      expect(share).toBeGreaterThan(0.5);
      const warning = run.warnings.find((w) => w.startsWith('one cluster spreads over'));
      expect(warning, `excludeStacked ${excludeStacked}: ${run.warnings.join(' | ')}`).toMatch(new RegExp(`^one cluster spreads over ${Math.round(share * 100)} % of the locations: eps 1,000 m`));
      // The advice is Suggest's, word for word.
      expect(warning).toContain(`Suggest gives ${Math.round(suggestEps(x, y, 5).eps).toLocaleString('en-US')} m for min points 5`);
    }
  });

  it('runs emerging hot spots over the year: the planted towns are persistent hot spots', async () => {
    const { run, output } = await runAnalysis(backend.store, { kind: 'emerging', layer: 'incidents', cellSize: 3000, step: 'month' });
    expect(run.summary.steps).toBe(12);
    const persistent = output.geojson.features.filter((f) => f.properties?.pattern === 'persistent_hot');
    const tally = run.summary.patterns as Record<string, number>;
    expect(persistent).toHaveLength(tally.persistent_hot);
    const towns: [number, number][] = [[-114.7717, 32.4561], [-115.4545, 32.6245]];
    for (const town of towns) {
      const cell = output.geojson.features.find((f) => booleanPointInPolygon(town, f.geometry as Polygon));
      expect(cell?.properties?.pattern, `pattern at ${town}`).toBe('persistent_hot');
    }
  });

  it('counts the timeline per category exactly as the layer holds them', async () => {
    const layer = ws.getLayer('incidents');
    // Each record at its time: whole counts. Aoristic (the default: the demo has time windows):
    // shares of records, summing to the same counts up to rounding.
    for (const aoristic of [false, true]) {
      const r = await runTimeline(backend.store, { layer: 'incidents', bin: 'month', aoristic });
      const same = (got: number, want: number) => (aoristic ? expect(got).toBeCloseTo(want, 9) : expect(got).toBe(want));
      expect(r.aoristic?.on).toBe(aoristic);
      expect(r.timeline.bins).toHaveLength(12);
      const byCat: Record<string, number> = {};
      for (const b of r.timeline.bins) for (const [c, n] of Object.entries(b.byCategory)) byCat[c] = (byCat[c] ?? 0) + n;
      for (const c of layer.categories) same(byCat[c.category], c.count);
      const hours = r.dayHour.counts.flat().reduce((a, b) => a + b, 0) + r.dayHour.unknownHour.reduce((a, b) => a + b, 0);
      same(hours, r.total);
    }
  });

  it('rejects bad parameters and inputs with one clear message', async () => {
    await expect(runAnalysis(backend.store, { kind: 'kde', layer: 'nope' })).rejects.toThrow(/no layer "nope"/);
    await expect(runAnalysis(backend.store, { kind: 'kde', layer: 'roads' })).rejects.toThrow(/LineString features/);
    await expect(runAnalysis(backend.store, { kind: 'gistar', layer: 'municipalities', field: 'nombre' })).rejects.toThrow(
      /(not a number|at least)/,
    );
    await expect(
      runAnalysis(backend.store, { kind: 'kde', layer: 'incidents', selection: { from: '2030-01-01' } }),
    ).rejects.toThrow(/at least 3 incidents/);
  });
});

/**
 * The default study area (issue 17) — the basemap's land on the incidents' side of the US–Mexico
 * border within their bounding box — and what every result says of its area. References: GDAL
 * (ogr2ogr reprojects data/basemap/land.geojson and the treaty line's side, densified to 0.01°
 * as ours is, to the run's UTM zone; SpatiaLite intersects them with the window and gives the
 * km², and counts the incidents north of the line), and hand-made incident sets for the side rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import { basemapLand } from '../../../electron/backend/analysis/basemapLand.ts';
import { briefingModel } from '../../../electron/backend/briefing/briefingModel.ts';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../../electron/backend/store/sqliteStore.ts';
import { localProjectionFor, type LocalProjection } from '../../../shared/analysis/localProjection.ts';
import { pointsExtent, type Extent } from '../../../shared/analysis/pointsExtent.ts';
import { grown, resolveStudyArea } from '../../../shared/analysis/studyArea.ts';
import { MEXICO_SIDE } from '../../../shared/geo/usMexicoBorder.ts';
import { gdal } from '../../support/gdalFiles.ts';
import { demoWorkspace, repoRoot, tempDir } from './helpers.ts';

const LAND = path.join(repoRoot, 'data', 'basemap', 'land.geojson');
const WINDOW_NAME = "the incidents' bounding box and one cell around it";

describe('the default study area', () => {
  const t = tempDir('frontera-study-default-');
  let ws: Workspace;
  let proj: LocalProjection;
  let lon: Float64Array;
  let lat: Float64Array;
  const gpkg = path.join(t.dir, 'land.gpkg');

  beforeAll(() => {
    ws = demoWorkspace(path.join(t.dir, 'demo.frontera'));
    const pts = ws.readPoints(ws.getLayer('incidents').id);
    ({ lon, lat } = pts);
    proj = localProjectionFor(lon, lat);
    // GDAL's side of the treaty line: the same ring (Mexico's side, as usMexicoBorder.ts draws it).
    const side = path.join(t.dir, 'side.geojson');
    const ring = [...MEXICO_SIDE, MEXICO_SIDE[0]].map(([x, y]) => [x, y]);
    fs.writeFileSync(side, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    gdal('ogr2ogr', '-f', 'GPKG', '-t_srs', `EPSG:${proj.epsg}`, '-nln', 'land', gpkg, LAND);
    gdal('ogr2ogr', '-update', '-t_srs', `EPSG:${proj.epsg}`, '-segmentize', '0.01', '-nln', 'side', gpkg, side);
    const pointsCsv = path.join(t.dir, 'incidents.csv');
    fs.writeFileSync(pointsCsv, ['lon,lat', ...Array.from(lon, (x, i) => `${x},${lat[i]}`)].join('\n') + '\n');
    gdal('ogr2ogr', '-update', '-s_srs', 'EPSG:4326', '-t_srs', `EPSG:${proj.epsg}`, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-nln', 'incidents', gpkg, pointsCsv);
  }, 120_000);
  afterAll(() => {
    ws.close();
    t.cleanup();
  });

  /** GDAL's km² of the land (both countries dissolved), cut to a side of the line or not, within a window. */
  function gdalKm2(window: Extent, side: 'MX' | 'US' | 'both'): number {
    const land = '(SELECT ST_Union(geom) FROM land)';
    const cut = side === 'MX' ? `ST_Intersection(${land}, s.geom)` : side === 'US' ? `ST_Difference(${land}, s.geom)` : land;
    const sql = `SELECT ST_Area(ST_Intersection(${cut}, BuildMbr(${window.minX}, ${window.minY}, ${window.maxX}, ${window.maxY}))) AS a FROM side s`;
    return Number(gdal('ogr2ogr', '-f', 'CSV', '/vsistdout/', gpkg, '-dialect', 'SQLite', '-sql', sql).trim().split('\n')[1].replace(/"/g, '')) / 1e6;
  }

  it("is Mexico's land within the demo's window: GDAL's km², and GDAL puts no incident north of the line", async () => {
    const { run } = await runAnalysis(new SqliteStore(ws), { kind: 'gistar', layer: 'incidents', cellSize: 2000 });
    expect(run.summary.studyArea).toBe(`land in Mexico (basemap) within ${WINDOW_NAME}`);
    const { x, y } = proj.projectArrays(lon, lat);
    const window = grown(pointsExtent(x, y), 2000);
    const km2 = gdalKm2(window, 'MX');
    const ours = run.summary.studyAreaKm2 as number;
    console.log(
      `demo, default study area: ${ours.toFixed(4)} km², GDAL ${km2.toFixed(4)} km² (relative ${(Math.abs(ours - km2) / km2).toExponential(1)}); ` +
        `window ${(((window.maxX - window.minX) * (window.maxY - window.minY)) / 1e6).toFixed(0)} km²`,
    );
    // GDAL densifies the treaty line from its monuments, we from the edge of a box around the
    // window: the vertices differ, the lines by millimetres.
    expect(Math.abs(ours - km2) / km2).toBeLessThan(1e-6);
    const north = Number(
      gdal('ogr2ogr', '-f', 'CSV', '/vsistdout/', gpkg, '-dialect', 'SQLite', '-sql', 'SELECT COUNT(*) AS n FROM incidents i, side s WHERE NOT ST_Within(i.geom, s.geom)')
        .trim()
        .split('\n')[1]
        .replace(/"/g, ''),
    );
    // The demo places no incident north of the line (its placement asks southOfUsMexicoBorder):
    // GDAL agrees, and the run warns of no side. A few across the line are named: next test.
    expect(north).toBe(0);
    expect(run.warnings.filter((w) => /side of the border/.test(w))).toEqual([]);
  }, 120_000);

  it('keeps both sides when each holds at least 10 % of the incidents, one side when the other holds less', () => {
    const land = basemapLand();
    expect(land?.map((f) => f.iso).sort()).toEqual(['MX', 'US']);
    // Mexicali and Calexico, either side of the line; El Centro further north.
    const place = (n: number, p: [number, number]) => Array.from({ length: n }, (_, i) => [p[0] + (i % 7) * 0.002, p[1] + Math.floor(i / 7) * 0.002]);
    for (const [mx, us, sides] of [[70, 30, 'both'], [95, 5, 'MX'], [4, 96, 'US']] as const) {
      const pts = [...place(mx, [-115.47, 32.6]), ...place(us, [-115.55, 32.78])];
      const plon = Float64Array.from(pts, (p) => p[0]);
      const plat = Float64Array.from(pts, (p) => p[1]);
      const p = localProjectionFor(plon, plat);
      expect(p.epsg).toBe(proj.epsg);
      const { x, y } = p.projectArrays(plon, plat);
      const window = grown(pointsExtent(x, y), 1000);
      const area = resolveStudyArea({ kind: 'land', land }, p, plon, plat, { extent: window, name: 'w' });
      const names = { both: 'Mexico and United States of America', MX: 'Mexico', US: 'United States of America' }[sides];
      expect(area.name).toBe(`land in ${names} (basemap) within w`);
      expect(Math.abs(area.areaKm2 - gdalKm2(window, sides)) / area.areaKm2, `${mx}/${us}`).toBeLessThan(1e-6);
      expect(area.warnings).toHaveLength(sides === 'both' ? 0 : 1);
      if (sides === 'MX') expect(area.warnings[0]).toMatch(/^5 incidents \(5\.0 %\) lie on the United States of America side/);
    }
  });

  it('falls back to the window, saying why, where the basemap does not reach or is missing', () => {
    // Culiacán is on the basemap; Mexico City is not (it ends at lat 24, lon −105).
    const plon = Float64Array.from([-107.39, -99.13, -99.14]);
    const plat = Float64Array.from([24.8, 19.43, 19.44]);
    const p = localProjectionFor(plon, plat);
    const { x, y } = p.projectArrays(plon, plat);
    const window = grown(pointsExtent(x, y), 1000);
    const beyond = resolveStudyArea({ kind: 'land', land: basemapLand() }, p, plon, plat, { extent: window, name: 'w' });
    expect(beyond.kind).toBe('extent');
    expect(beyond.warnings).toEqual([`2 incidents lie beyond the basemap's land (lon -122..-105, lat 24..37), so the study area is w; choose a study area (a polygon layer) for these incidents`]);
    const windowKm2 = ((window.maxX - window.minX) * (window.maxY - window.minY)) / 1e6;
    expect(beyond.areaKm2).toBeCloseTo(windowKm2, 6);
    const none = resolveStudyArea({ kind: 'land', land: null }, p, plon, plat, { extent: window, name: 'w' });
    expect(none.warnings[0]).toMatch(/^the basemap is not installed, so the study area is w/);
  });

  it('is said on every result — summary, parameters, the briefing — and the same for every method', async () => {
    const runs = await Promise.all(
      (
        [
          { kind: 'gistar', layer: 'incidents', cellSize: 3000 },
          { kind: 'kde', layer: 'incidents' },
          { kind: 'nni', layer: 'incidents' },
          { kind: 'emerging', layer: 'incidents', cellSize: 3000, step: 'month' },
        ] as const
      ).map((req) => runAnalysis(new SqliteStore(ws), req)),
    );
    for (const { run } of runs) {
      expect(run.summary.studyArea, run.kind).toMatch(/^land in Mexico \(basemap\) within the (incidents' bounding box|density grid)/);
      expect(run.summary.studyAreaKm2 as number).toBeGreaterThan(10_000);
      expect(run.params.studyArea).toBe(run.summary.studyArea);
      expect(run.params.studyAreaKm2).toBe(run.summary.studyAreaKm2);
    }
    const nni = runs[2].run;
    expect(nni.summary.areaKm2).toBe(nni.summary.studyAreaKm2);
    const m = await briefingModel(new SqliteStore(ws), { analyses: runs.map((r) => r.run.id), at: '2026-12-06T10:00:00Z' });
    for (const a of m.provenance.analyses) {
      expect(a.params, a.kind).toMatch(/"studyArea":"land in Mexico \(basemap\) within /);
      expect(a.params, a.kind).toMatch(/"studyAreaKm2":\d+(\.\d+)?/);
    }
  }, 240_000);

  it('refuses a study area it cannot use with the flag named, and stores nothing', async () => {
    const before = ws.listAnalyses().length;
    const audit = ws.listAudit(1000).length;
    await expect(runAnalysis(new SqliteStore(ws), { kind: 'gistar', layer: 'incidents', studyArea: 'roads' })).rejects.toThrow(
      /^--study-area roads: layer "roads" holds LineString features, not polygons$/,
    );
    await expect(runAnalysis(new SqliteStore(ws), { kind: 'kde', layer: 'incidents', studyArea: 'municipalities:nombre=Atlantis' })).rejects.toThrow(
      /^--study-area municipalities:nombre=Atlantis: no polygon matches in layer "municipalities"$/,
    );
    await expect(runAnalysis(new SqliteStore(ws), { kind: 'nni', layer: 'incidents', area: 'nope' })).rejects.toThrow(/^no layer "nope"/);
    await expect(runAnalysis(new SqliteStore(ws), { kind: 'nni', layer: 'incidents', area: 'municipalities', studyArea: 'municipalities' })).rejects.toThrow(
      'give --study-area or --area (its earlier name), not both',
    );
    await expect(runAnalysis(new SqliteStore(ws), { kind: 'gistar', layer: 'municipalities', field: 'cvegeo', studyArea: 'municipalities' })).rejects.toThrow(
      /--study-area applies to incidents counted in cells, not to --field/,
    );
    expect(ws.listAnalyses()).toHaveLength(before);
    expect(ws.listAudit(1000)).toHaveLength(audit);
  });
});

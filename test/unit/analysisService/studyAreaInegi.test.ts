/**
 * A study area on real geometry (issue 17): INEGI's 85 municipalities of Sonora and Baja
 * California (../shared/fixtures/inegi-mun-lcc, Lambert conformal conic, imported through
 * Frontera's importer) as the study area of the SYNTHETIC demo incidents, and three references
 * that share nothing with Frontera's code:
 *  - which cells are inside: GDAL. ogr2ogr reprojects the LCC shapefile itself to the run's UTM
 *    zone and SpatiaLite's ST_Within tests every centre of the lattice (our lattice: its layout
 *    is the definition of the cells, not what is under test) and every incident; a cell is in
 *    when its centre is or when it holds an incident that is — the run has exactly those cells;
 *  - the area's km²: GDAL's ST_Area(ST_Union(…)) in the same UTM zone, to 1e-6;
 *  - Gi*: test/support/gistar_reference.py. It is NOT PySAL's esda — esda is not installed for
 *    Debian's /usr/bin/python3 and PyPI is out of reach — but numpy from the formulas of esda's
 *    G_Local (star=True, binary) written out in ../shared/fixtures/pysal-esda/expected_values.md;
 *    the first test shows it gives esda's own test values (that fixture's CSV) to 1e-7. It puts
 *    each incident in its nearest lattice centre by brute force, keeps the cells GDAL says are
 *    inside, and computes Gi* over those cells alone: every cell's count and z-score of the run,
 *    to 1e-7.
 * Emerging hot spots on the same area: its locations are exactly the reference's cells that hold
 * an incident, and the incidents it leaves out the reference's.
 * Kernel density on the same area: the grid's NODATA cells are exactly those GDAL puts outside,
 * and each contour level is the value of rank ⌈p/100 · inside cells⌉ among the values GDAL reads
 * from the grid.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/backend/backend.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import type { Workspace } from '../../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../../electron/backend/store/sqliteStore.ts';
import { aggregateGrid } from '../../../shared/analysis/aggregateGrid.ts';
import { localProjectionFor, type LocalProjection } from '../../../shared/analysis/localProjection.ts';
import { southOfUsMexicoBorder } from '../../../shared/geo/usMexicoBorder.ts';
import { FIXTURES, gdal } from '../../support/gdalFiles.ts';
import { demoWorkspace, repoRoot, tempDir } from './helpers.ts';

const MUN = path.join(FIXTURES, 'inegi-mun-lcc', 'sonora_bc', 'mun_02_26.shp');
const ESDA_CSV = path.join(FIXTURES, 'pysal-esda', 'getisord_local_expected.csv');
const REFERENCE = path.join(repoRoot, 'test', 'support', 'gistar_reference.py');

function python(args: string[], input?: string): Record<string, number[] | number> {
  const r = spawnSync('/usr/bin/python3', [REFERENCE, ...args], { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`gistar_reference.py: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, number[] | number>;
}

function esdaRows(variant: string): Record<string, number>[] {
  const [header, ...lines] = fs.readFileSync(ESDA_CSV, 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines
    .map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], i === 0 ? v : Number(v)])))
    .filter((r) => r.variant === variant) as Record<string, number>[];
}

describe('the Python Gi* reference', () => {
  it("gives esda's own test values (Getis-Ord toy data, DistanceBand 15) to 1e-7", () => {
    const ours = python(['esda', ESDA_CSV]);
    for (const variant of ['Gistar_binary', 'Gi_binary']) {
      const z = ours[variant] as number[];
      const rows = esdaRows(variant);
      expect(rows).toHaveLength(6);
      rows.forEach((r, i) => expect(Math.abs(z[i] - r.Zs), `${variant}[${i}]`).toBeLessThan(1e-7));
    }
  });
});

describe('a study area of INEGI municipalities', () => {
  const t = tempDir('frontera-study-area-');
  let ws: Workspace;
  let backend: Backend;
  let proj: LocalProjection;
  let px: Float64Array;
  let py: Float64Array;
  const gpkg = path.join(t.dir, 'mun.gpkg');

  beforeAll(async () => {
    ws = demoWorkspace(path.join(t.dir, 'demo.frontera'));
    backend = new Backend(ws);
    const [s] = await backend['import.run']({ paths: [MUN], options: {} });
    expect(s.featureCount).toBe(85);
    const pts = ws.readPoints(ws.getLayer('incidents').id);
    proj = localProjectionFor(pts.lon, pts.lat);
    ({ x: px, y: py } = proj.projectArrays(pts.lon, pts.lat));
    // GDAL's own reprojection of the fixture, straight from Lambert to the run's UTM zone.
    gdal('ogr2ogr', '-f', 'GPKG', '-t_srs', `EPSG:${proj.epsg}`, '-nln', 'mun', gpkg, MUN);
  }, 120_000);
  afterAll(() => {
    backend.close();
    t.cleanup();
  });

  /** The layer's polygons the spec names, projected: their extent lays the run's lattice. */
  function extentOf(where: (p: Record<string, unknown>) => boolean) {
    const e = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (const f of ws.iterateFeatures(ws.getLayer('mun_02_26').id)) {
      if (!where(f.properties)) continue;
      const g = f.geometry as Polygon | MultiPolygon;
      const rings: Position[][] = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
      for (const ring of rings) {
        for (const [lon, lat] of ring) {
          const [x, y] = proj.forward(lon, lat);
          e.minX = Math.min(e.minX, x);
          e.maxX = Math.max(e.maxX, x);
          e.minY = Math.min(e.minY, y);
          e.maxY = Math.max(e.maxY, y);
        }
      }
    }
    return e;
  }

  /** GDAL's answer: which of these points (metres) lie within the municipalities `sqlWhere` picks. */
  function gdalInside(name: string, cx: ArrayLike<number>, cy: ArrayLike<number>, sqlWhere: string): boolean[] {
    const csv = path.join(t.dir, `${name}.csv`);
    const lines = ['id,x,y'];
    for (let i = 0; i < cx.length; i++) lines.push(`${i},${cx[i]},${cy[i]}`);
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    gdal('ogr2ogr', '-update', '-overwrite', '-nln', name, '-oo', 'X_POSSIBLE_NAMES=x', '-oo', 'Y_POSSIBLE_NAMES=y', '-a_srs', `EPSG:${proj.epsg}`, gpkg, csv);
    const out = gdal(
      'ogr2ogr', '-f', 'CSV', '/vsistdout/', gpkg, '-dialect', 'SQLite', '-sql',
      `SELECT DISTINCT c.id FROM ${name} c, mun m WHERE ${sqlWhere} AND MbrWithin(c.geom, m.geom) AND ST_Within(c.geom, m.geom)`,
    );
    const inside = new Array<boolean>(cx.length).fill(false);
    for (const line of out.trim().split('\n').slice(1)) inside[Number(line.replace(/"/g, ''))] = true;
    return inside;
  }

  function gdalKm2(sqlWhere: string): number {
    const out = gdal('ogr2ogr', '-f', 'CSV', '/vsistdout/', gpkg, '-dialect', 'SQLite', '-sql', `SELECT ST_Area(ST_Union(geom)) AS a FROM mun m WHERE ${sqlWhere}`);
    return Number(out.trim().split('\n')[1].replace(/"/g, '')) / 1e6;
  }

  type Case = { spec: string; sql: string; where: (p: Record<string, unknown>) => boolean; cellSize: number };

  /**
   * The reference's cells of a case: the whole lattice over the area's extent, GDAL's answer for
   * every centre and incident, and the Python reference's cells, counts and Gi* over them.
   */
  function reference(c: Case, band: number) {
    const lattice = aggregateGrid(px, py, null, { cellSize: c.cellSize, shape: 'hex', keepEmpty: true, extent: extentOf(c.where) });
    const centreInside = gdalInside(`centres_${c.cellSize}`, lattice.cx, lattice.cy, c.sql);
    const pin = gdalInside(`incidents_${c.cellSize}`, px, py, c.sql);
    const ref = python(['cells'], JSON.stringify({ cx: Array.from(lattice.cx), cy: Array.from(lattice.cy), inside: centreInside, px: Array.from(px), py: Array.from(py), pin, band }));
    return { lattice, centreInside, cells: ref.cells as number[], counts: ref.counts as number[], z: ref.z as number[], outside: ref.outside as number };
  }

  /** The lattice index of the cell a drawn hexagon is (its vertices' mean is its centre). */
  function latticeIndexOf(lattice: { cx: Float64Array; cy: Float64Array }, ring: Position[]): number {
    const [x, y] = proj.forward(ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length);
    let k = 0;
    for (let i = 1; i < lattice.cx.length; i++) if (Math.hypot(lattice.cx[i] - x, lattice.cy[i] - y) < Math.hypot(lattice.cx[k] - x, lattice.cy[k] - y)) k = i;
    expect(Math.hypot(x - lattice.cx[k], y - lattice.cy[k])).toBeLessThan(1);
    return k;
  }

  const cases = [
    {
      spec: 'mun_02_26',
      sql: '1 = 1',
      where: () => true,
      cellSize: 10_000,
      // Yuma (Arizona), the Gulf of California off Puerto Peñasco, the Pacific off El Rosario.
      outside: { Yuma: [-114.6277, 32.6927], Gulf: [-114.2, 30.6], Pacific: [-116.9, 30.0] },
    },
    {
      spec: 'mun_02_26:NOMGEO=Mexicali',
      sql: "m.NOMGEO = 'Mexicali'",
      where: (p: Record<string, unknown>) => p.NOMGEO === 'Mexicali',
      cellSize: 2_000,
      // Calexico (California), and San Luis Río Colorado: Sonora's land, outside this area.
      outside: { Calexico: [-115.4989, 32.6789], 'San Luis Río Colorado': [-114.7717, 32.4561] },
    },
  ];

  for (const c of cases) {
    it(`Gi* in ${c.spec} at ${c.cellSize / 1000} km: GDAL's cells and km², the Python reference's counts and z`, async () => {
      const { run, output } = await runAnalysis(new SqliteStore(ws), { kind: 'gistar', layer: 'incidents', cellSize: c.cellSize, studyArea: c.spec });
      expect(run.params.projection).toBe(`EPSG:${proj.epsg}`);
      expect(run.summary.studyArea).toBe(c.spec);

      // The whole lattice over the area's extent; GDAL decides which centres are in the area.
      const ref = reference(c, run.params.distanceBand as number);
      const { lattice, centreInside, cells } = ref;
      const inside = new Array<boolean>(lattice.cx.length).fill(false);
      for (const k of cells) inside[k] = true;
      const insideCount = cells.length;
      expect(run.summary.cells).toBe(insideCount);
      expect(run.summary.cellsOutsideStudyArea).toBe(lattice.cx.length - insideCount);
      // Lattice cells over the United States are dropped (the first case also drops the seas).
      const north = Array.from(lattice.cx, (x, i) => !southOfUsMexicoBorder(...proj.inverse(x, lattice.cy[i]))).filter(Boolean).length;
      expect(north).toBeGreaterThan(0);

      const km2 = gdalKm2(c.sql);
      expect(Math.abs((run.summary.studyAreaKm2 as number) - km2) / km2, `ours ${run.summary.studyAreaKm2} km², GDAL ${km2} km²`).toBeLessThan(1e-6);

      // Each cell drawn sits on the reference's cell of its id (cells keep lattice order).
      for (const f of output.geojson.features) {
        expect(latticeIndexOf(lattice, (f.geometry as Polygon).coordinates[0].slice(0, -1))).toBe(cells[f.properties!.cell_id as number]);
      }
      // The named places outside the area: their lattice cell exists, GDAL puts it outside, nothing is drawn there.
      for (const [place, [lon, lat]] of Object.entries(c.outside)) {
        const [x, y] = proj.forward(lon, lat);
        let k = 0;
        for (let i = 1; i < lattice.cx.length; i++) if (Math.hypot(lattice.cx[i] - x, lattice.cy[i] - y) < Math.hypot(lattice.cx[k] - x, lattice.cy[k] - y)) k = i;
        expect(Math.hypot(lattice.cx[k] - x, lattice.cy[k] - y), place).toBeLessThan(c.cellSize);
        expect(inside[k], place).toBe(false);
      }

      const { counts, z } = ref;
      expect(counts).toHaveLength(insideCount);
      expect(ref.outside).toBe(run.summary.incidentsOutsideStudyArea);
      // Every cell holding incidents is drawn, with the reference's count and z.
      const drawn = output.geojson.features.map((f) => f.properties!);
      expect(drawn.filter((p) => (p.count as number) > 0)).toHaveLength(counts.filter((n) => n > 0).length);
      let worst = 0;
      for (const p of drawn) {
        const id = p.cell_id as number;
        expect(p.count).toBe(counts[id]);
        worst = Math.max(worst, Math.abs((p.gi_z as number) - z[id]));
      }
      console.log(
        `${c.spec}, ${c.cellSize} m: ${insideCount} of ${lattice.cx.length} lattice cells inside as GDAL decides ` +
          `(${insideCount - centreInside.filter(Boolean).length} by an incident inside, centre outside), ${north} north of the border; ` +
          `${(run.summary.studyAreaKm2 as number).toFixed(4)} km² (GDAL ${km2.toFixed(4)}, relative ${(Math.abs((run.summary.studyAreaKm2 as number) - km2) / km2).toExponential(1)}); ${drawn.length} cells drawn, largest |z − z_ref| ${worst.toExponential(2)}; ` +
          `${run.summary.incidentsOutsideStudyArea} incidents outside`,
      );
      expect(worst).toBeLessThan(1e-7);
    }, 120_000);
  }

  it('gives emerging hot spots the same cells: the populated cells the reference keeps in Mexicali', async () => {
    const c = cases[1];
    const { run, output } = await runAnalysis(new SqliteStore(ws), { kind: 'emerging', layer: 'incidents', cellSize: c.cellSize, step: 'month', studyArea: c.spec });
    expect(run.summary.studyArea).toBe(c.spec);
    const ref = reference(c, c.cellSize);
    // Emerging's locations are the cells with an incident in any step (ArcGIS's rule), in lattice order.
    const populated = ref.cells.filter((_, id) => ref.counts[id] > 0);
    const drawn = output.geojson.features.map((f) => latticeIndexOf(ref.lattice, (f.geometry as Polygon).coordinates[0].slice(0, -1)));
    expect(drawn).toEqual(populated);
    expect(run.summary.cells).toBe(populated.length);
    expect(run.summary.incidentsOutsideStudyArea).toBe(ref.outside);
    expect(ref.outside).toBeGreaterThan(0);
  }, 120_000);

  it("takes the same area as the nearest-neighbour index's A", async () => {
    const { run } = await runAnalysis(new SqliteStore(ws), { kind: 'nni', layer: 'incidents', studyArea: 'mun_02_26:NOMGEO=Mexicali' });
    const km2 = gdalKm2("m.NOMGEO = 'Mexicali'");
    expect(Math.abs((run.summary.areaKm2 as number) - km2) / km2).toBeLessThan(1e-6);
    expect(run.summary.studyAreaKm2).toBe(run.summary.areaKm2);
    // Every selected incident still counts in n; those outside the area are said.
    expect(run.summary.n).toBe(px.length);
    expect(run.summary.incidentsOutsideStudyArea as number).toBeGreaterThan(0);
    expect(run.warnings.some((w) => /lie outside the study area; they still count/.test(w))).toBe(true);
  });

  it('masks kernel density to the area: NODATA exactly where GDAL says outside, contour ranks over the cells inside', async () => {
    const { run, output } = await runAnalysis(new SqliteStore(ws), { kind: 'kde', layer: 'incidents', cellSize: 2000, studyArea: 'mun_02_26:NOMGEO=Mexicali' });
    expect(run.summary.studyArea).toMatch(/^mun_02_26:NOMGEO=Mexicali within the density grid/);
    const asc = path.join(t.dir, 'kde.asc');
    fs.writeFileSync(asc, output.asciiGrid!);
    // GDAL reads the grid: every cell centre and its value.
    const xyz = gdal('gdal_translate', '-q', '-of', 'XYZ', asc, '/vsistdout/')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const inside = gdalInside('kde_centres', xyz.map((r) => r[0]), xyz.map((r) => r[1]), "m.NOMGEO = 'Mexicali'");
    const nodata = xyz.map((r) => r[2] === -9999);
    expect(nodata.some(Boolean) && inside.some(Boolean)).toBe(true);
    expect(nodata.map((v) => !v)).toEqual(inside);
    expect(run.summary.cellsInStudyArea).toBe(inside.filter(Boolean).length);
    const values = xyz.filter((_, i) => inside[i]).map((r) => r[2]).sort((a, b) => b - a);
    for (const { percent, level } of run.summary.contourLevels as { percent: number; level: number }[]) {
      const expected = values[Math.ceil((percent / 100) * values.length) - 1];
      // The grid keeps 7 significant digits.
      expect(Math.abs(level - expected) / expected, `${percent} %`).toBeLessThan(1e-6);
    }
  }, 120_000);
});

/**
 * Counts per area against GDAL on the real INEGI municipalities of Baja California and Sonora
 * (dissolved into multipolygons by GDAL, with holes and enclaves cut by GDAL): points at random,
 * on every vertex (so on the edges neighbours share), at edge midpoints, a hair either side of
 * vertices and in the holes. Both files are imported as an analyst would, the counts come from
 * `analysis.run` (kind areas), and the reference is SpatiaLite's ST_Intersects (GEOS) with the
 * stated tie-break: each point in the first area, in the layer's order, that holds it. Areas are
 * checked against GDAL's: each polygon projected by PROJ to a Lambert azimuthal equal-area
 * projection centred on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { AreaIndex } from '../../../shared/analysis/pointInAreas.ts';
import { createRng } from '../../../shared/synth/random.ts';
import type { AnalysisDetail } from '../../../shared/api/contract.ts';
import { inegiAreasWithHoles, spatialiteAssignment, spatialiteDb } from '../../support/gdalAreas.ts';
import { storedFeatures } from '../../support/gdalPeer.ts';
import { tempDir } from '../analysisService/helpers.ts';

const t = tempDir('frontera-areas-gdal-');
let backend: Backend;
let areas: FeatureCollection<Polygon | MultiPolygon>;
let points: Position[];
let reference: Map<number, { idx: number; n: number }>;
let run: AnalysisDetail;

const rings = (g: Polygon | MultiPolygon): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());

/** Random points over the extent, every vertex, edge midpoints, vertices nudged by 1e-9°, hole centres. */
function testPoints(fc: FeatureCollection<Polygon | MultiPolygon>): Position[] {
  const rng = createRng('areas-vs-gdal');
  const out: Position[] = [];
  for (let i = 0; i < 20_000; i++) out.push([rng.uniform(-118.4, -108.4), rng.uniform(26.3, 32.8)]);
  const seen = new Set<string>();
  for (const f of fc.features) {
    const rs = rings(f.geometry);
    for (const ring of rs) {
      ring.forEach((p, i) => {
        if (!seen.has(`${p[0]},${p[1]}`)) {
          seen.add(`${p[0]},${p[1]}`);
          out.push([p[0], p[1]]);
          if (i % 4 === 0) out.push([p[0] + 1e-9, p[1]], [p[0] - 1e-9, p[1]], [p[0], p[1] + 1e-9]);
        }
        const q = ring[i + 1];
        if (q && i % 3 === 0) out.push([(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]);
      });
    }
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) {
      for (const hole of poly.slice(1)) {
        const n = hole.length - 1;
        out.push([hole.slice(0, n).reduce((s, p) => s + p[0], 0) / n, hole.slice(0, n).reduce((s, p) => s + p[1], 0) / n]);
      }
    }
  }
  return out;
}

beforeAll(async () => {
  const made = inegiAreasWithHoles(t.dir);
  areas = made.fc;
  points = testPoints(areas);
  const pointsFile = path.join(t.dir, 'pts.geojson');
  fs.writeFileSync(
    pointsFile,
    JSON.stringify({
      type: 'FeatureCollection',
      features: points.map((p, pid) => ({ type: 'Feature', properties: { pid }, geometry: { type: 'Point', coordinates: p } })),
    }),
  );
  reference = spatialiteAssignment(spatialiteDb(t.dir, made.file, pointsFile));
  backend = openBackend(path.join(t.dir, 'w.frontera'), { create: true });
  await backend['import.run']({ paths: [made.file], options: { layer: 'areas' } });
  await backend['import.run']({ paths: [pointsFile], options: { layer: 'pts' } });
  const r = await backend['analysis.run']({ kind: 'areas', layer: 'pts', by: 'areas', nameField: 'NOMGEO' });
  run = await backend['analysis.get']({ id: r.id });
}, 240_000);

afterAll(() => {
  backend?.close();
  t.cleanup();
});

describe('counts per area on the INEGI municipalities, against GDAL', () => {
  it('imports the areas GDAL wrote with their coordinates unchanged', () => {
    const stored = storedFeatures(backend, 'areas');
    expect(stored.map((f) => f.geometry)).toEqual(areas.features.map((f) => f.geometry));
  });

  it('exercises shared boundaries, holes, enclaves and multipolygons', () => {
    const values = [...reference.values()];
    expect(reference.size).toBe(points.length);
    // Points on an edge or vertex two or more areas share: the tie-break decides them.
    expect(values.filter((v) => v.n >= 2).length).toBeGreaterThan(1000);
    expect(values.filter((v) => v.idx === -1).length).toBeGreaterThan(1000);
    const kinds = areas.features.map((f) => f.geometry.type);
    expect(kinds.filter((k) => k === 'MultiPolygon').length).toBeGreaterThanOrEqual(5);
    const holes = areas.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flatMap((p) => p.slice(1)));
    expect(holes.length).toBe(4);
    // The enclave listed before its host takes the points on the hole's ring; the one after leaves them to the host.
    const idxOf = (cvegeo: string) => areas.features.findIndex((f) => f.properties!.CVEGEO === cvegeo);
    expect(idxOf('E26055')).toBeLessThan(idxOf('26055'));
    expect(idxOf('E02002')).toBeGreaterThan(idxOf('02002'));
  });

  it('counts every municipality exactly as GDAL does, each incident once', () => {
    const expected = new Array<number>(areas.features.length).fill(0);
    for (const { idx } of reference.values()) if (idx >= 0) expected[idx]++;
    const ours = run.geojson.features.map((f) => (f.properties as { count: number }).count);
    const names = run.geojson.features.map((f) => (f.properties as { name: string }).name);
    expect(names).toEqual(areas.features.map((f) => f.properties!.NOMGEO));
    expect(ours).toEqual(expected);
    const inAreas = expected.reduce((a, b) => a + b, 0);
    expect(run.summary.inAreas).toBe(inAreas);
    expect(run.summary.outside).toBe(points.length - inAreas);
    // Holes and enclaves: the enclaves hold points, and the holed municipalities do not get them.
    for (const e of ['E26055', 'E02002']) expect(ours[areas.features.findIndex((f) => f.properties!.CVEGEO === e)]).toBeGreaterThan(10);
  });

  it('finds for every single point the area GDAL finds (inside, boundary or outside)', () => {
    const index = new AreaIndex(storedFeatures(backend, 'areas').map((f) => f.geometry as Polygon | MultiPolygon));
    const wrong = points.map((p, pid) => [pid, index.locate(p[0], p[1]), reference.get(pid)!.idx]).filter(([, a, b]) => a !== b);
    expect(wrong).toEqual([]);
  });

  it('measures each area as GDAL does in an equal-area projection centred on it (within 1e-5)', () => {
    const script = `
import json, sys
from osgeo import ogr, osr
ds = ogr.Open(sys.argv[1])
src = osr.SpatialReference(); src.ImportFromEPSG(4326); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
out = []
for f in ds.GetLayer(0):
    g = f.GetGeometryRef().Clone()
    c = g.Centroid()
    dst = osr.SpatialReference(); dst.ImportFromProj4('+proj=laea +lat_0=%r +lon_0=%r +ellps=WGS84 +units=m' % (c.GetY(), c.GetX()))
    g.Transform(osr.CoordinateTransformation(src, dst))
    out.append(g.GetArea() / 1e6)
print(json.dumps(out))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script, path.join(t.dir, 'areas.geojson')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const gdalKm2 = JSON.parse(r.stdout) as number[];
    const ours = run.geojson.features.map((f) => (f.properties as { areaKm2: number }).areaKm2);
    const worst = Math.max(...ours.map((a, i) => Math.abs(a - gdalKm2[i]) / gdalKm2[i]));
    expect(worst).toBeLessThan(1e-5);
    // Density is incidents per 100 km² of that area.
    run.geojson.features.forEach((f) => {
      const p = f.properties as { count: number; areaKm2: number; density: number };
      expect(p.density).toBeCloseTo((p.count / p.areaKm2) * 100, 12);
    });
  });
});

/**
 * Geodesic distances against PROJ and GEOS (GDAL's Python bindings): from points of the border
 * zone to the basemap's US–Mexico border, to the ports of entry and to real INEGI municipalities,
 * each reference measured in the point's own ellipsoidal azimuthal equidistant projection
 * (test/support/geodesic_distance_reference.py). SpatiaLite's ST_Distance(…, 1) is printed beside
 * it: it measures the shortest line found in degrees, which is not the nearest point on a
 * slanting segment, so it reads up to a few per cent longer there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { distanceIndex, geodesicInverse } from '../../../shared/geo/geodesicDistance.ts';
import { createRng } from '../../../shared/synth/random.ts';
import { INEGI_4326 } from '../../support/gdalAreas.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const basemap = path.join(repoRoot, 'data', 'basemap');
const script = path.join(repoRoot, 'test', 'support', 'geodesic_distance_reference.py');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-geodist-'));

function reference(points: [number, number][], geometriesFile: string): { aeqd: [number, number][]; spatialite: number[] } {
  const pts = path.join(tmp, 'points.json');
  const out = path.join(tmp, 'out.json');
  fs.writeFileSync(pts, JSON.stringify(points));
  execFileSync('/usr/bin/python3', [script, pts, geometriesFile, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as { aeqd: [number, number][]; spatialite: number[] };
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection<Geometry>;

/** Points over Baja California and Sonora, from the coast to 300 km south of the line, and a band along it. */
function borderZonePoints(n: number): [number, number][] {
  const rng = createRng('geodesic-distance');
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) pts.push([rng.uniform(-117.2, -108.3), rng.uniform(29.5, 33.2)]);
  for (let i = 0; i < n / 2; i++) {
    const lon = rng.uniform(-117, -108.5);
    pts.push([lon, (lon < -114.8 ? 32.6 : 31.5 + (lon + 114.8) * -0.3) + rng.uniform(-0.1, 0.1)]);
  }
  return pts;
}

describe('geodesic distance', () => {
  it('agrees with Karney (geographiclib) point to point, which PROJ uses', () => {
    // Mexicali to San Luis Río Colorado: PROJ's geod gives 65,197.7 m (cs2cs/geod -I, WGS84).
    const { metres } = geodesicInverse(-115.4545, 32.6245, -114.7717, 32.4561);
    expect(metres).toBeGreaterThan(65_000);
    const index = distanceIndex([{ type: 'Point', coordinates: [-114.7717, 32.4561] }]);
    expect(index.nearest(-115.4545, 32.6245).metres).toBe(metres);
  });

  it("measures the distance to the basemap's border within 0.1 m of PROJ + GEOS, out to 300 km", () => {
    const points = borderZonePoints(300);
    const file = path.join(basemap, 'borders.geojson');
    const ref = reference(points, file);
    const index = distanceIndex(read(file).features.map((f) => f.geometry));
    let worst = 0;
    let worstSpatialite = 0;
    let far = 0;
    points.forEach(([lon, lat], i) => {
      const ours = index.nearest(lon, lat).metres;
      const diff = Math.abs(ours - ref.aeqd[i][0]);
      worst = Math.max(worst, diff);
      worstSpatialite = Math.max(worstSpatialite, (ref.spatialite[i] - ours) / ours);
      if (ref.aeqd[i][0] > 100_000) far++;
    });
    expect(far).toBeGreaterThan(30);
    expect(worst).toBeLessThan(0.1);
    // SpatiaLite is never shorter than the true distance (it measures some point on the line).
    points.forEach((_, i) => expect(ref.spatialite[i]).toBeGreaterThan(index.nearest(...points[i]).metres - 1));
    console.log(`border: worst |ours − PROJ/GEOS| ${worst.toFixed(3)} m over ${points.length} points; SpatiaLite up to ${(worstSpatialite * 100).toFixed(2)} % longer`);
  });

  it('names the nearest port of entry and its distance as PROJ + GEOS do', () => {
    const points = borderZonePoints(200);
    const file = path.join(basemap, 'ports-of-entry.geojson');
    const ref = reference(points, file);
    const index = distanceIndex(read(file).features.map((f) => f.geometry));
    points.forEach(([lon, lat], i) => {
      const ours = index.nearest(lon, lat);
      expect(Math.abs(ours.metres - ref.aeqd[i][0]), `point ${i}`).toBeLessThan(0.01);
      expect(ours.feature, `point ${i}`).toBe(ref.aeqd[i][1]);
    });
  });

  it('is 0 inside a polygon and the distance to its rings outside (INEGI municipalities)', () => {
    const fc = read(INEGI_4326);
    const mun = { type: 'FeatureCollection', features: fc.features.filter((f) => String(f.properties?.CVEGEO).startsWith('02')) };
    const file = path.join(tmp, 'bc.geojson');
    fs.writeFileSync(file, JSON.stringify(mun));
    const points = borderZonePoints(60);
    const ref = reference(points, file);
    const index = distanceIndex(mun.features.map((f) => f.geometry));
    let inside = 0;
    points.forEach(([lon, lat], i) => {
      const ours = index.nearest(lon, lat).metres;
      if (ref.aeqd[i][0] === 0) inside++;
      expect(Math.abs(ours - ref.aeqd[i][0]), `point ${i}`).toBeLessThan(1);
      for (const r of [1000, 5000, 20_000]) expect(index.within(lon, lat, r), `point ${i} within ${r}`).toBe(ref.aeqd[i][0] <= r);
    });
    expect(inside).toBeGreaterThan(5);
  });
});

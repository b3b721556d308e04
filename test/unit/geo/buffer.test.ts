/**
 * Geodesic buffers against GDAL (GEOS through its Python bindings, test/support/buffer_reference.py):
 * GEOS's buffer in each feature's own ellipsoidal azimuthal equidistant projection, areas of both
 * measured in a Lambert azimuthal equal-area projection centred there (PROJ), and the area where
 * they differ. UTM 11N's buffer (`ST_Buffer(ST_Transform(geom, 32611), d)`) is printed beside:
 * its scale is off by up to 0.4 % at Nogales, 6° from the zone's meridian. Independently of GDAL,
 * every vertex of a buffer lies at the buffer distance from the source (geodesic, shared/geo/geodesicDistance.ts,
 * itself checked against PROJ) or inside it by no more than an arc's chord.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { QUADRANT_SEGMENTS, bufferGeometry } from '../../../shared/geo/buffer.ts';
import { distanceIndex } from '../../../shared/geo/geodesicDistance.ts';
import { INEGI_4326 } from '../../support/gdalAreas.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const basemap = path.join(repoRoot, 'data', 'basemap');
const script = path.join(repoRoot, 'test', 'support', 'buffer_reference.py');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-buffer-'));

interface Reference {
  aeqd: number;
  utm: number;
  ours: number;
  symdiff: number;
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection<Geometry>;
const fc = (features: Feature[]) => ({ type: 'FeatureCollection', features });

function reference(sources: Feature<Geometry>[], ours: (Polygon | MultiPolygon)[], metres: number, name: string): Reference[] {
  const src = path.join(tmp, `${name}-source.geojson`);
  const mine = path.join(tmp, `${name}-ours.geojson`);
  const out = path.join(tmp, `${name}-out.json`);
  fs.writeFileSync(src, JSON.stringify(fc(sources)));
  fs.writeFileSync(mine, JSON.stringify(fc(ours.map((geometry) => ({ type: 'Feature', properties: {}, geometry })))));
  execFileSync('/usr/bin/python3', [script, src, mine, String(metres), out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Reference[];
}

/** Distances from the source to every vertex of the buffer, minus the buffer distance: [least, most]. */
function vertexOffsets(source: Geometry, buffer: Polygon | MultiPolygon, metres: number): [number, number] {
  const index = distanceIndex([source]);
  let lo = Infinity;
  let hi = -Infinity;
  const polys = buffer.type === 'Polygon' ? [buffer.coordinates] : buffer.coordinates;
  for (const rings of polys) {
    for (const ring of rings) {
      for (const [lon, lat] of ring) {
        const d = index.nearest(lon, lat).metres - metres;
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
  }
  return [lo, hi];
}

/** How far inside the true circle an arc's chord can reach: r(1 − cos(π/4n)), plus JTS's 1 % input simplification on concave bends. */
const chordDepth = (metres: number) => metres * (1 - Math.cos(Math.PI / (4 * QUADRANT_SEGMENTS))) + metres * 0.01;

function check(sources: Feature<Geometry>[], metres: number, name: string, areaTolerance: number) {
  const ours = sources.map((f) => bufferGeometry(f.geometry, metres)!);
  const ref = reference(sources, ours, metres, name);
  ref.forEach((r, i) => {
    const rel = (r.ours - r.aeqd) / r.aeqd;
    console.log(
      `${name} ${i}: ours ${(r.ours / 1e6).toFixed(3)} km², GEOS aeqd ${(r.aeqd / 1e6).toFixed(3)} (${(rel * 100).toFixed(3)} %), ` +
        `UTM 11N ${(r.utm / 1e6).toFixed(3)}, differ on ${((r.symdiff / r.aeqd) * 100).toFixed(3)} %`,
    );
    expect(Math.abs(rel), `${name} ${i} area`).toBeLessThan(areaTolerance);
    expect(r.symdiff / r.aeqd, `${name} ${i} symmetric difference`).toBeLessThan(2 * areaTolerance);
    const [lo, hi] = vertexOffsets(sources[i].geometry, ours[i], metres);
    expect(hi, `${name} ${i}: no vertex beyond the distance`).toBeLessThan(0.5);
    expect(lo, `${name} ${i}: no vertex deeper than a chord`).toBeGreaterThan(-chordDepth(metres));
  });
  return { ours, ref };
}

describe('geodesic buffer', () => {
  it('buffers the US–Mexico border by 5 km as GEOS does, every vertex at 5 km', () => {
    const border = read(path.join(basemap, 'borders.geojson')).features;
    // 1,200 km of line: GEOS's single projection is off by up to 0.15 % at its ends; ours is projected per 150 km.
    const { ref } = check(border, 5000, 'border', 0.003);
    // About twice 5 km times the border's length, plus the caps.
    expect(ref[0].ours / 1e6).toBeGreaterThan(10_000);
  });

  it('buffers the ports of entry by 2 km (circles: within 0.2 % of GEOS, 16 against 30 segments)', () => {
    const ports = read(path.join(basemap, 'ports-of-entry.geojson')).features;
    expect(ports.length).toBeGreaterThan(10);
    const { ref } = check(ports, 2000, 'ports', 0.002);
    // A 64-gon inscribed in a 2 km geodesic circle: π r² × (32/π) sin(π/32), to 0.01 %.
    const polygonArea = Math.PI * 2000 ** 2 * ((2 * QUADRANT_SEGMENTS) / Math.PI) * Math.sin(Math.PI / (2 * QUADRANT_SEGMENTS));
    for (const r of ref) expect(Math.abs(r.ours - polygonArea) / polygonArea).toBeLessThan(1e-3);
  });

  it('buffers INEGI municipalities of Baja California by 1 km as GEOS does', () => {
    const mun = read(INEGI_4326).features.filter((f) => String(f.properties?.CVEGEO).startsWith('02') && f.geometry);
    expect(mun.length).toBeGreaterThanOrEqual(5);
    check(mun, 1000, 'inegi', 0.002);
  });

  it('refuses a distance that is not a positive number of metres', () => {
    expect(() => bufferGeometry({ type: 'Point', coordinates: [-115, 32.5] }, 0)).toThrow(/positive number of metres/);
    expect(() => bufferGeometry({ type: 'Point', coordinates: [-115, 32.5] }, Number.NaN)).toThrow(/positive number of metres/);
  });
});

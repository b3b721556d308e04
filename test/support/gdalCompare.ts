/**
 * Comparing what Frontera read with what GDAL reads from the same file: GDAL's features (its
 * GeoJSON output), the largest coordinate difference between two geometries, and attribute
 * values (GDAL writes a datetime without milliseconds; the instants are compared).
 */
import { execFileSync } from 'node:child_process';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { expect } from 'vitest';

export const ogr2ogr = (...args: string[]): string =>
  execFileSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });

/** A layer as GDAL reads it (`extra`: a layer name, -t_srs EPSG:4326 …). */
export function gdalRead(file: string, ...extra: string[]): Feature[] {
  return (JSON.parse(ogr2ogr('-f', 'GeoJSON', '/vsistdout/', file, ...extra)) as FeatureCollection).features;
}

export function positions(g: Geometry | null): Position[] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

/** The largest difference of any ordinate of two geometries of the same shape. */
export function maxDiff(a: Geometry | null, b: Geometry | null): number {
  expect(a?.type ?? null).toBe(b?.type ?? null);
  const pa = positions(a);
  const pb = positions(b);
  expect(pa.length).toBe(pb.length);
  let max = 0;
  pa.forEach((p, i) => {
    expect(p.length).toBe(pb[i].length);
    p.forEach((v, k) => (max = Math.max(max, Math.abs(v - pb[i][k]))));
  });
  return max;
}

/** Metres between two lon/lat positions (equirectangular: exact enough at 1 m over a few metres). */
export function metres(a: Position, b: Position): number {
  const lat = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  return Math.hypot((a[0] - b[0]) * Math.cos(lat) * 111_320, (a[1] - b[1]) * 110_574);
}

/** Equal values; a datetime as the same instant read naive (GDAL drops milliseconds, writes "/" in dates). */
function sameValue(ours: unknown, gdal: unknown): boolean {
  if (typeof ours === 'string' && typeof gdal === 'string' && ours !== gdal && /^\d{4}-\d\d-\d\d/.test(ours)) {
    return Date.parse(ours) === Date.parse(gdal.replace(/\//g, '-'));
  }
  return Object.is(ours, gdal) || ours === gdal;
}

/** The same attributes; GDAL's GeoJSON leaves out a field a feature has no value for, where ours is null. */
export function expectSameProperties(ours: Record<string, unknown>, gdal: Record<string, unknown> | null, where: string): void {
  const given = Object.keys(ours).filter((k) => ours[k] !== null || (gdal !== null && k in gdal));
  expect(given.sort(), where).toEqual(Object.keys(gdal ?? {}).sort());
  for (const [k, v] of Object.entries(gdal ?? {})) expect(sameValue(ours[k], v), `${where} ${k}: ${String(ours[k])} vs ${String(v)}`).toBe(true);
}

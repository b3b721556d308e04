/** Bounding boxes of GeoJSON geometries, for the R*Tree index and layer extents. */
import type { Geometry, Position } from 'geojson';
import type { BBox } from '../model/feature.ts';

/** [minLon, minLat, maxLon, maxLat] over every position of `g`; null for null or empty geometry. */
export function geometryBBox(g: Geometry | null): BBox | null {
  if (!g) return null;
  const acc: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  addGeometry(g, acc);
  return acc[0] <= acc[2] ? acc : null;
}

/** The smallest box holding both; either may be null (nothing to add). */
export function extendBBox(a: BBox | null, b: BBox | null): BBox | null {
  if (!a) return b ? [b[0], b[1], b[2], b[3]] : null;
  if (!b) return [a[0], a[1], a[2], a[3]];
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

function addPosition(p: Position, acc: BBox): void {
  const x = p[0];
  const y = p[1];
  if (x < acc[0]) acc[0] = x;
  if (y < acc[1]) acc[1] = y;
  if (x > acc[2]) acc[2] = x;
  if (y > acc[3]) acc[3] = y;
}

function addPositions(ps: Position[], acc: BBox): void {
  for (const p of ps) addPosition(p, acc);
}

function addGeometry(g: Geometry, acc: BBox): void {
  switch (g.type) {
    case 'Point':
      addPosition(g.coordinates, acc);
      break;
    case 'MultiPoint':
    case 'LineString':
      addPositions(g.coordinates, acc);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const part of g.coordinates) addPositions(part, acc);
      break;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const ring of poly) addPositions(ring, acc);
      break;
    case 'GeometryCollection':
      for (const child of g.geometries) addGeometry(child, acc);
      break;
  }
}

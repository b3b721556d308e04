/**
 * Shapefile polygon rings → GeoJSON Polygon/MultiPolygon. The shapefile spec marks outer rings
 * by clockwise order and holes by counter-clockwise order, but does not say which outer ring a
 * hole belongs to. This follows the `shapefile` npm library exactly (the reference our peer
 * suite was written against): clockwise (in x-right, y-up terms) rings start polygons, each hole
 * joins the first polygon whose outer ring contains one of its vertices, and a hole that no outer
 * ring contains becomes a polygon of its own. Rings keep the file's vertex order.
 */
import type { Polygon, MultiPolygon, Position } from 'geojson';

function ringClockwise(ring: Position[]): boolean {
  const n = ring.length;
  if (n < 4) return false;
  let area = ring[n - 1][1] * ring[0][0] - ring[n - 1][0] * ring[0][1];
  for (let i = 1; i < n; i++) area += ring[i - 1][1] * ring[i][0] - ring[i - 1][0] * ring[i][1];
  return area >= 0;
}

/** p2 on the segment p0–p1 (exactly, as the library tests it). */
function segmentContains(p0: Position, p1: Position, p2: Position): boolean {
  const x20 = p2[0] - p0[0];
  const y20 = p2[1] - p0[1];
  if (x20 === 0 && y20 === 0) return true;
  const x10 = p1[0] - p0[0];
  const y10 = p1[1] - p0[1];
  if (x10 === 0 && y10 === 0) return false;
  const t = (x20 * x10 + y20 * y10) / (x10 * x10 + y10 * y10);
  return t < 0 || t > 1 ? false : t === 0 || t === 1 ? true : t * x10 === x20 && t * y10 === y20;
}

/** 1 inside, -1 outside, 0 on the boundary. */
function ringContains(ring: Position[], point: Position): number {
  const x = point[0];
  const y = point[1];
  let contains = -1;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const pi = ring[i];
    const pj = ring[j];
    const xi = pi[0];
    const yi = pi[1];
    const xj = pj[0];
    const yj = pj[1];
    if (segmentContains(pi, pj, point)) return 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) contains = -contains;
  }
  return contains;
}

/** Decided by the first hole vertex that is not on the outer ring's boundary. */
function ringContainsSome(ring: Position[], hole: Position[]): boolean {
  for (const p of hole) {
    const c = ringContains(ring, p);
    if (c) return c > 0;
  }
  return false;
}

export function assemblePolygon(rings: Position[][]): Polygon | MultiPolygon {
  const polygons: Position[][][] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    if (ringClockwise(ring)) polygons.push([ring]);
    else holes.push(ring);
  }
  for (const hole of holes) {
    const owner = polygons.find((polygon) => ringContainsSome(polygon[0], hole));
    if (owner) owner.push(hole);
    else polygons.push([hole]);
  }
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * The area of a lon/lat polygon on the WGS 84 ellipsoid, in m²: the polygon with geodesic edges,
 * by Karney's algorithm (geographiclib-geodesic; the same PROJ's geod_polygonarea and SpatiaLite's
 * ST_Area(geometry, 1) use). Turf's area is spherical (radius 6,378,137 m) and reads the
 * municipalities of Baja California and Sonora about 0.1 % too large; a projected area depends on
 * the projection chosen.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import geographiclib from 'geographiclib-geodesic';

const WGS84 = geographiclib.Geodesic.WGS84;

/** Unsigned area of one ring, m² (closing position optional). */
function ringArea(ring: Position[]): number {
  const p = WGS84.Polygon(false);
  const m = ring.length;
  const closed = m > 1 && ring[0][0] === ring[m - 1][0] && ring[0][1] === ring[m - 1][1];
  for (let i = 0; i < (closed ? m - 1 : m); i++) p.AddPoint(ring[i][1], ring[i][0]);
  if (p.num < 3) return 0;
  // Signed, so a ring drawn either way round gives its own area, not the rest of the globe's.
  return Math.abs(p.Compute(false, true).area ?? 0);
}

/** Outer rings less their holes, summed over the parts, m². */
export function geodesicArea(g: Polygon | MultiPolygon): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let area = 0;
  for (const rings of polygons) rings.forEach((ring, k) => (area += k === 0 ? ringArea(ring) : -ringArea(ring)));
  return area;
}

/**
 * Maps a GeoJSON geometry's coordinates from the local metric CRS back to lon/lat (or through
 * any point function). Input untouched; output a new geometry of the same type.
 */
import type { Geometry, Position } from 'geojson';

export type PointFn = (x: number, y: number) => [number, number];

function mapPos(p: Position, f: PointFn): Position {
  return f(p[0], p[1]);
}

export function unprojectGeometry<G extends Geometry>(geometry: G, inverse: PointFn): G {
  const g = geometry as Geometry;
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: mapPos(g.coordinates, inverse) } as G;
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map((p) => mapPos(p, inverse)) } as G;
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((l) => l.map((p) => mapPos(p, inverse))) } as G;
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((pg) => pg.map((l) => l.map((p) => mapPos(p, inverse)))) } as G;
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((c) => unprojectGeometry(c, inverse)) } as G;
  }
}

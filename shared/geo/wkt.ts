/**
 * Geometry as WKT for CSV exports of non-point results, in the column GDAL's CSV driver (and so
 * QGIS and ArcGIS) and Frontera's own CSV import read. Written by @terraformer/wkt.
 */
import type { Geometry } from 'geojson';
import { geojsonToWKT } from '@terraformer/wkt';

export function toWkt(g: Geometry | null): string {
  return g === null ? '' : geojsonToWKT(g);
}

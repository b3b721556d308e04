/**
 * The international border line from the bundled offline basemap (data/basemap/borders.geojson,
 * built from Natural Earth via world-atlas): the default reference for corridor border metrics.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, LineString, MultiLineString } from 'geojson';
import { installRoot } from '../installRoot.ts';

let cached: (LineString | MultiLineString)[] | null | undefined;

/** Country borders of the basemap, or null when the basemap is not there. */
export function basemapBorder(): (LineString | MultiLineString)[] | null {
  if (cached !== undefined) return cached;
  const file = path.join(installRoot(), 'data', 'basemap', 'borders.geojson');
  if (!existsSync(file)) return (cached = null);
  const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
  const lines = fc.features
    .filter((f) => f.properties?.kind === 'country' && f.geometry)
    .map((f) => f.geometry)
    .filter((g): g is LineString | MultiLineString => g.type === 'LineString' || g.type === 'MultiLineString');
  return (cached = lines.length ? lines : null);
}

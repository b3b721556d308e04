/**
 * The international border line from the bundled offline basemap (data/basemap/borders.geojson,
 * built from Natural Earth via world-atlas): the default reference for corridor border metrics.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, LineString, MultiLineString } from 'geojson';

let cached: (LineString | MultiLineString)[] | null | undefined;

function candidates(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [
    path.resolve(here, '..', '..', '..', 'data', 'basemap', 'borders.geojson'), // sources
    path.resolve(here, '..', 'data', 'basemap', 'borders.geojson'), // bundled next to dist-electron
  ];
}

/** Country borders of the basemap, or null when the basemap is not there. */
export function basemapBorder(): (LineString | MultiLineString)[] | null {
  if (cached !== undefined) return cached;
  const file = candidates().find((f) => existsSync(f));
  if (!file) return (cached = null);
  const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
  const lines = fc.features
    .filter((f) => f.properties?.kind === 'country' && f.geometry)
    .map((f) => f.geometry)
    .filter((g): g is LineString | MultiLineString => g.type === 'LineString' || g.type === 'MultiLineString');
  return (cached = lines.length ? lines : null);
}

/**
 * The land of the bundled offline basemap (data/basemap/land.geojson: Mexico and the United
 * States, Natural Earth 1:10m via world-atlas, clipped to lon −122..−105, lat 24..37): the land
 * of the default study area (shared/analysis/studyArea.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { LandFeature } from '../../../shared/analysis/studyArea.ts';
import { installRoot } from '../installRoot.ts';

let cached: LandFeature[] | null | undefined;

/** Each country's land, or null when the basemap is not there. */
export function basemapLand(): LandFeature[] | null {
  if (cached !== undefined) return cached;
  const file = path.join(installRoot(), 'data', 'basemap', 'land.geojson');
  if (!existsSync(file)) return (cached = null);
  const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
  const land: LandFeature[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') continue;
    land.push({ iso: String(f.properties?.iso ?? ''), name: String(f.properties?.name ?? ''), geometry: g as Polygon | MultiPolygon });
  }
  return (cached = land.length ? land : null);
}

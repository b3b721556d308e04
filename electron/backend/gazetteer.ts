/**
 * The gazetteer of Mexican towns the stacked-point report names (data/basemap/gazetteer-mx.json,
 * built by scripts/build-gazetteer.ts from GeoNames with INEGI's states; its source and licence
 * are in the file). Read once; an install without it names no town rather than failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GazetteerTown } from '../../shared/analysis/stackedPoints.ts';
import { installRoot } from './installRoot.ts';

let cached: GazetteerTown[] | undefined;

export function gazetteer(): GazetteerTown[] {
  if (cached !== undefined) return cached;
  const file = path.join(installRoot(), 'data', 'basemap', 'gazetteer-mx.json');
  if (!existsSync(file)) return (cached = []);
  const g = JSON.parse(readFileSync(file, 'utf8')) as { towns: [string, string, number, number, number][] };
  return (cached = g.towns.map(([name, state, lon, lat]) => ({ name, state, lon, lat })));
}

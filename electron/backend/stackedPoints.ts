/**
 * Stacked points of a stored point layer, with the gazetteer's towns: what the import stores with
 * the layer and `frontera layers --json` lists under `stackedPoints`.
 */
import { detectStackedPoints, type StackedPoint } from '../../shared/analysis/stackedPoints.ts';
import { gazetteer } from './gazetteer.ts';
import type { LayerStats, LayerWrite } from './store/store.ts';

/** The stacks of a layer just written (before its commit); null for a layer of lines or polygons. */
export async function layerStackedPoints(tx: LayerWrite, stats: LayerStats): Promise<StackedPoint[] | null> {
  if (stats.geometryType !== 'Point' && stats.geometryType !== 'MultiPoint') return null;
  const p = await tx.readPoints(stats);
  return detectStackedPoints(p.lon, p.lat, gazetteer()).stacks;
}

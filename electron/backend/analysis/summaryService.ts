/**
 * `layers.summary`: counts by category, quantities by unit, first and last time of a point
 * layer's incidents in a selection (time window, categories, `within` polygon) and, optionally,
 * a map extent. The selection is read like every analysis's (selectPoints: time, categories and
 * the extent in SQL, the polygon on the loaded columns); the sums are shared/analysis/summary.ts.
 */
import type { ApiInput, ApiOutput } from '../../../shared/api/contract.ts';
import { summarizePoints } from '../../../shared/analysis/summary.ts';
import type { WorkspaceStore } from '../store/store.ts';
import { selectPoints } from './selectPoints.ts';

export async function layerSummary(ws: WorkspaceStore, input: ApiInput<'layers.summary'>): Promise<ApiOutput<'layers.summary'>> {
  const sel = await selectPoints(ws, input.layer, input.selection ?? {}, { bbox: input.bbox });
  return {
    layer: sel.layer.name,
    layerId: sel.layer.id,
    from: sel.window.from,
    to: sel.window.to,
    categories: sel.categories,
    within: sel.within,
    ...(sel.description.withinDistance ? { withinDistance: sel.description.withinDistance } : {}),
    bbox: input.bbox ?? null,
    ...summarizePoints(sel.points),
  };
}

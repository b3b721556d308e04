/**
 * The geodesic areas of a polygon layer, kept with the layer after the first counts-per-area run
 * measured them, so the next runs over the same polygons do not measure them again. Measuring is
 * a geodesic inverse per edge (Karney, geodesicArea.ts): for the 2,500 areas of `npm run bench --
 * areas` (199,635 vertices) 0.34 s of the command's 1.5 s CPU, the largest part after the point in
 * polygon test itself. Kept in the layer's metadata (audited as `layer.areaSizes`) under the layer's
 * fingerprint and the method, exactly as the run computed them (km², the numbers JSON round-trips
 * exactly), so a run with them gives the same rows as one without.
 */
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { AnalysisOutput, AreaLayerInput } from '../../../shared/analysis/run/types.ts';
import { AREA_METHOD } from '../../../shared/analysis/run/runAreas.ts';
import type { WorkspaceStore } from '../store/store.ts';

const KEY = 'areaSizes';

interface KeptSizes {
  fingerprint: string;
  method: string;
  /** km² per polygon, in the order of AreaLayerInput.polygons (source order). */
  km2: number[];
}

function keptSizes(layer: LayerInfo, polygons: number): number[] | null {
  const kept = layer.metadata[KEY] as Partial<KeptSizes> | undefined;
  if (!kept || kept.fingerprint !== layer.fingerprint || kept.method !== AREA_METHOD) return null;
  const km2 = kept.km2;
  return Array.isArray(km2) && km2.length === polygons && km2.every((v) => typeof v === 'number') ? km2 : null;
}

/** Gives each polygon its area kept with the layer, when the layer keeps them for these polygons. */
export function applyKeptSizes(layer: LayerInfo, input: AreaLayerInput): void {
  const km2 = keptSizes(layer, input.polygons.length);
  if (km2) input.polygons.forEach((p, i) => (p.areaKm2 = km2[i]));
}

/**
 * After a run that measured the areas: keeps them with the layer (not on a read-only workspace,
 * which keeps nothing; measuring again next time is all it costs).
 */
export async function keepAreaSizes(ws: WorkspaceStore, input: AreaLayerInput, out: AnalysisOutput, actor: string): Promise<void> {
  if (ws.readOnly || input.polygons.every((p) => p.areaKm2 !== undefined)) return;
  // By name, as the input names it (a layer named like another's id must not be taken for it).
  const layer = (await ws.listLayers()).find((l) => l.name === input.layer);
  if (!layer) return;
  const km2 = out.geojson.features.map((f) => (f.properties as { areaKm2: number }).areaKm2);
  if (km2.length !== input.polygons.length) return;
  const kept: KeptSizes = { fingerprint: layer.fingerprint, method: AREA_METHOD, km2 };
  await ws.setMetadataEntry(layer.id, KEY, kept, { actor, action: 'layer.areaSizes', details: { layerId: layer.id, areas: km2.length, method: AREA_METHOD } });
}

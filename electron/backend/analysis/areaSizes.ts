/**
 * The geodesic areas of a polygon layer, kept with the layer after the first counts-per-area run
 * measured them, so the next runs over the same polygons do not measure them again. Measuring is
 * a geodesic inverse per edge (Karney, geodesicArea.ts): for the 2,500 areas of `npm run bench --
 * areas` (199,635 vertices) 0.34 s of the command's 1.5 s CPU, the largest part after the point in
 * polygon test itself. Kept in the layer's metadata (audited as `layer.areaSizes`) under the layer's
 * fingerprint and the method, exactly as the run computed them (km², the doubles' own bytes), so a
 * run with them gives the same rows as one without. The bytes go in base64: one line of
 * `frontera layers --json`, where 2,500 numbers took 2,500 lines.
 */
import type { LayerInfo } from '../../../shared/api/contract.ts';
import type { AnalysisOutput, AreaLayerInput } from '../../../shared/analysis/run/types.ts';
import { AREA_METHOD } from '../../../shared/analysis/run/runAreas.ts';
import type { WorkspaceStore } from '../store/store.ts';

const KEY = 'areaSizes';

interface KeptSizes {
  fingerprint: string;
  method: string;
  /** km² per polygon, in the order of AreaLayerInput.polygons (source order): float64 little-endian, base64. */
  km2: string;
}

const encode = (km2: number[]) => Buffer.from(new Float64Array(km2).buffer).toString('base64');
/** The doubles back, or null when the text is not the bytes of `polygons` of them. */
function decode(text: unknown, polygons: number): Float64Array | null {
  if (typeof text !== 'string') return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== polygons * 8) return null;
  // Copied out: a Buffer may share a pool at an offset no Float64Array can start from.
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

function keptSizes(layer: LayerInfo, polygons: number): Float64Array | null {
  const kept = layer.metadata[KEY] as Partial<KeptSizes> | undefined;
  if (!kept || kept.fingerprint !== layer.fingerprint || kept.method !== AREA_METHOD) return null;
  return decode(kept.km2, polygons);
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
  const kept: KeptSizes = { fingerprint: layer.fingerprint, method: AREA_METHOD, km2: encode(km2) };
  await ws.setMetadataEntry(layer.id, KEY, kept, { actor, action: 'layer.areaSizes', details: { layerId: layer.id, areas: km2.length, method: AREA_METHOD } });
}

/**
 * Layers derived by distance (issue 18): `layers.buffer`, the area within a distance of a layer,
 * one of its features, or a basemap layer (the US–Mexico border, the ports of entry), stored as a
 * new polygon layer; `layers.distances`, a point layer with each point's distance to the border
 * and to the nearest port of entry.
 */
import * as z from 'zod';
import { LayerRefInput, MAX_DISTANCE_M } from './analysisInputs.ts';

/** The basemap's layers that stand in for a workspace layer wherever a layer to measure from is named. */
export const BASEMAP_LAYERS = {
  'basemap:border': 'US–Mexico border (basemap)',
  'basemap:ports-of-entry': 'Ports of entry (basemap)',
} as const;
export type BasemapLayerName = keyof typeof BASEMAP_LAYERS;

/** A selection's `withinDistance` as provenance keeps it (LAYER:METRES): the layer and the metres. */
export function splitWithinDistance(spec: string): { layer: string; metres: number } {
  const colon = spec.lastIndexOf(':');
  return { layer: spec.slice(0, colon), metres: Number(spec.slice(colon + 1)) };
}

export const BufferInput = z
  .object({
    /** A layer (id or name) or a basemap layer ('basemap:border', 'basemap:ports-of-entry'). */
    layer: LayerRefInput,
    /** Buffer only the feature with this source index (the row number of the attribute table). */
    feature: z.number().int().nonnegative().optional(),
    /** Metres. */
    distance: z.number().finite().positive().max(MAX_DISTANCE_M),
    /** The new layer's name. */
    name: z.string().trim().min(1).max(200),
    /** One polygon for all features (default: one per feature, with its attributes). */
    dissolve: z.boolean().optional(),
  })
  .strict();
export type BufferRequest = z.infer<typeof BufferInput>;

export const DistancesInput = z
  .object({
    /** A point layer (id or name). */
    layer: LayerRefInput,
    /** The new layer's name: the points with their fields and dist_border_m, nearest_port, dist_port_m. */
    name: z.string().trim().min(1).max(200),
  })
  .strict();
export type DistancesRequest = z.infer<typeof DistancesInput>;

/**
 * Loads a layer's features in pages, so a big incident layer reaches the map piece by piece
 * (the first page shows at once, the status bar counts the rest) instead of as one response
 * the size of the layer. Pages follow the store's id order, so offsets are stable.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { ApiClient } from './client.ts';

export const PAGE_SIZE = 50_000;

export interface LoadOptions {
  pageSize?: number;
  signal?: AbortSignal;
  /** The layer's attribute filter: only the features that pass it (the back end tests it). */
  where?: string;
  /** After each page, with everything loaded so far (a new object each time). */
  onPage?: (data: FeatureCollection<Geometry | null>, loaded: number) => void;
}

export async function loadLayerFeatures(
  api: ApiClient,
  layer: { id: number; featureCount: number },
  { pageSize = PAGE_SIZE, signal, where, onPage }: LoadOptions = {},
): Promise<FeatureCollection<Geometry | null>> {
  const features: FeatureCollection<Geometry | null>['features'] = [];
  for (;;) {
    const page = await api['layers.features']({ layerId: layer.id, limit: pageSize, offset: features.length, ...(where ? { where } : {}) }, { signal });
    for (const f of page.features) features.push(f);
    const done = page.features.length < pageSize || features.length >= layer.featureCount;
    const snapshot: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: done ? features : features.slice() };
    onPage?.(snapshot, features.length);
    if (done) return snapshot;
  }
}

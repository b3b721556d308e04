/**
 * Viewport layers (point layers above AGGREGATE_THRESHOLD) are never loaded whole: after each
 * move (debounced, the previous request aborted) this asks the back end for the view's bins
 * (`layers.bins`, counts per screen-sized cell) and, when the view holds few enough points, for
 * just those points (`layers.features` with the view's bbox). The time window and categories go
 * into the requests, so a million incidents cost the page a few thousand cells or at most
 * VIEW_POINTS_MAX points — never a million features parsed on the main thread.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { cellRing, type ViewBins } from '../../shared/geo/viewBins.ts';
import type { BBox } from '../../shared/model/feature.ts';
import type { ApiClient } from '../api/client.ts';
import type { MapController } from './MapController.ts';
import { AGGREGATE_THRESHOLD, isViewportLayer } from './layerStyle.ts';

/** Cell width at the grid's zoom (12–24 px on screen at the view's): a few thousand cells a view. */
const BIN_CELL_PX = 12;
const DEBOUNCE_MS = 120;
/** Share of the view's width/height fetched beyond each edge, so a short pan shows no empty border. */
const PAD = 0.1;
/**
 * A view with at most this many incidents shows them as circles. Each one reaches the page as a
 * GeoJSON feature parsed and handed to MapLibre's worker on the main thread: 5,000 stay well
 * under 100 ms of main-thread work, where AGGREGATE_THRESHOLD's 20,000 (6 MB of JSON) do not.
 */
export const VIEW_POINTS_MAX = Math.min(5_000, AGGREGATE_THRESHOLD);

declare global {
  interface Window {
    /** For end-to-end tests: the view loader of big point layers. */
    __fronteraViewport?: ViewportLoader;
  }
}

export interface ViewFilter {
  from?: number;
  to?: number;
  categories?: string[];
  /** Attribute filters by layer id (their text form); the back end tests them. */
  where?: Record<number, string>;
}

export interface ViewportState {
  layerId: number;
  mode: 'bins' | 'points';
  /** Points in the (padded) view that pass the filters. */
  total: number;
  /** Largest cell count (bins mode). */
  max: number;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The bins as polygons, `level` = log(1 + count) / log(1 + max) for the colour ramp. */
export function binsToGeoJSON(b: ViewBins): FeatureCollection {
  const features: FeatureCollection['features'] = [];
  const scale = 1 / Math.log1p(Math.max(1, b.max));
  for (let k = 0; k < b.cells.length; k += 4) {
    const count = b.cells[k + 2];
    const top = b.cells[k + 3];
    features.push({
      type: 'Feature',
      id: k / 4,
      geometry: { type: 'Polygon', coordinates: [cellRing(b.cells[k], b.cells[k + 1], b.cellsPerWorld)] },
      properties: { count, level: Math.log1p(count) * scale, top: top >= 0 ? b.categories[top] : null },
    });
  }
  return { type: 'FeatureCollection', features };
}

export class ViewportLoader {
  private layers: LayerInfo[] = [];
  private filter: ViewFilter = {};
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: AbortController | null = null;
  private generation = 0;
  private readonly states = new Map<number, ViewportState>();
  private readonly onMove = () => this.schedule();
  private busy = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly controller: MapController,
    private readonly api: ApiClient,
    private readonly onState?: (states: ViewportState[]) => void,
    private readonly onError?: (layer: LayerInfo, e: unknown) => void,
  ) {
    controller.map.on('moveend', this.onMove);
    window.__fronteraViewport = this;
  }

  /** Resolves once no move is waiting to be fetched and no request is on its way. */
  whenSettled(): Promise<void> {
    if (!this.busy && !this.timer) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settle(): void {
    if (this.busy || this.timer) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** The workspace's layers; only viewport layers are handled. A changed list or fingerprint refetches. */
  setLayers(layers: LayerInfo[]): void {
    const next = layers.filter(isViewportLayer);
    const key = (ls: LayerInfo[]) => ls.map((l) => `${l.id}:${l.fingerprint}`).join();
    if (key(next) === key(this.layers)) return;
    this.layers = next;
    for (const id of [...this.states.keys()]) if (!next.some((l) => l.id === id)) this.states.delete(id);
    this.schedule(0);
  }

  setFilter(filter: ViewFilter): void {
    if (JSON.stringify(filter) === JSON.stringify(this.filter)) return;
    this.filter = { ...filter };
    this.schedule(0);
  }

  destroy(): void {
    this.controller.map.off('moveend', this.onMove);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inflight?.abort();
    this.busy = false;
    this.settle();
    if (window.__fronteraViewport === this) delete window.__fronteraViewport;
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delay);
  }

  private view(): { bbox: BBox; zoom: number } {
    const map = this.controller.map;
    const b = map.getBounds();
    const dx = (b.getEast() - b.getWest()) * PAD;
    const dy = (b.getNorth() - b.getSouth()) * PAD;
    return {
      bbox: [
        Math.max(-180, b.getWest() - dx),
        Math.max(-85, b.getSouth() - dy),
        Math.min(180, b.getEast() + dx),
        Math.min(85, b.getNorth() + dy),
      ],
      zoom: map.getZoom(),
    };
  }

  private async refresh(): Promise<void> {
    this.inflight?.abort();
    const abort = new AbortController();
    this.inflight = abort;
    const generation = ++this.generation;
    this.busy = true;
    try {
      if (this.layers.length > 0) await this.fetchView(abort, generation);
    } finally {
      if (this.generation === generation) {
        this.busy = false;
        this.settle();
      }
    }
  }

  private async fetchView(abort: AbortController, generation: number): Promise<void> {
    await this.controller.whenLoaded();
    const { bbox, zoom } = this.view();
    const { from, to, categories, where } = this.filter;
    const filter = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(categories ? { categories } : {}) };
    await Promise.all(
      this.layers.map(async (layer) => {
        try {
          const layerFilter = where?.[layer.id] ? { ...filter, where: where[layer.id] } : filter;
          const bins = await this.api['layers.bins']({ layerId: layer.id, bbox, zoom, cellPx: BIN_CELL_PX, ...layerFilter }, { signal: abort.signal });
          if (abort.signal.aborted) return;
          if (bins.total <= VIEW_POINTS_MAX) {
            const points = await this.api['layers.features'](
              { layerId: layer.id, bbox, ...layerFilter, limit: VIEW_POINTS_MAX },
              { signal: abort.signal },
            );
            if (abort.signal.aborted) return;
            this.controller.setLayerData(layer.id, points as FeatureCollection<Geometry | null>, `view-${generation}`);
            this.controller.setBins(layer.id, EMPTY);
            this.states.set(layer.id, { layerId: layer.id, mode: 'points', total: bins.total, max: bins.max });
          } else {
            this.controller.setBins(layer.id, binsToGeoJSON(bins));
            this.controller.setLayerData(layer.id, EMPTY, 'view-empty');
            this.states.set(layer.id, { layerId: layer.id, mode: 'bins', total: bins.total, max: bins.max });
          }
        } catch (e) {
          if (abort.signal.aborted || (e as Error)?.name === 'AbortError') return;
          this.onError?.(layer, e);
        }
      }),
    );
    if (!abort.signal.aborted) this.onState?.([...this.states.values()]);
  }
}

/**
 * The map, owned by this class and not by React (as in Placemark): React pushes state in through
 * setLayers / setLayerData / setStyle, and the controller turns differences into the fewest
 * MapLibre calls — unchanged data is never re-sent to the workers, unchanged paint never reset.
 */
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type ExpressionSpecification,
  type GeoJSONSource,
  type IControl,
  type LayerSpecification,
  type StyleSpecification,
} from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { BBox, GeometryType } from '../../shared/model/feature.ts';
import { REGION_BOUNDS, basemapStyle } from './basemapStyle.ts';

export interface LayerView {
  id: number;
  geometryType: GeometryType;
  featureCount: number;
  visible: boolean;
  /** 0..1 */
  opacity: number;
  color: string;
}

/** Above this many points a layer is drawn as a heatmap until the analyst zooms in. */
export const AGGREGATE_THRESHOLD = 5000;
/** Zoom from which aggregated point layers switch to individual circles. */
export const AGGREGATE_MAX_ZOOM = 11;

export interface MapControllerOptions {
  /** Absolute URL of the folder with the basemap GeoJSON files (trailing slash). */
  basemapBase: string;
  onCursor?: (lngLat: { lng: number; lat: number } | null) => void;
  onFeatureClick?: (layerId: number, featureId: number) => void;
}

type Kind = 'fill' | 'line' | 'circle' | 'heat';

const sourceId = (id: number) => `lyr-${id}`;
const layerId = (id: number, kind: Kind) => `lyr-${id}-${kind}`;
const isOurs = (id: string) => id.startsWith('lyr-');
/** Data layers go under the town names (readable) but over the town dots (incidents in a town stay visible). */
const LABELS = 'town-labels';

const polygonTypes: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const lineOrPolygonTypes: ExpressionSpecification = [
  'match',
  ['geometry-type'],
  ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'],
  true,
  false,
];
const pointTypes: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

function kindsFor(view: LayerView): Kind[] {
  switch (view.geometryType) {
    case 'Polygon':
    case 'MultiPolygon':
      return ['fill', 'line'];
    case 'LineString':
    case 'MultiLineString':
      return ['line'];
    case 'Point':
    case 'MultiPoint':
      return view.featureCount > AGGREGATE_THRESHOLD ? ['heat', 'circle'] : ['circle'];
    case 'None':
      return [];
    default:
      return view.featureCount > AGGREGATE_THRESHOLD ? ['fill', 'line', 'heat', 'circle'] : ['fill', 'line', 'circle'];
  }
}

function paintFor(kind: Kind, view: LayerView): Record<string, unknown> {
  const o = view.opacity;
  switch (kind) {
    case 'fill':
      return { 'fill-color': view.color, 'fill-opacity': 0.3 * o };
    case 'line':
      return {
        'line-color': view.color,
        'line-opacity': o,
        'line-width': view.geometryType.includes('Polygon') ? 1.2 : 2,
      };
    case 'circle':
      return {
        'circle-color': view.color,
        'circle-opacity': o,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 3, 12, 5, 16, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
        'circle-stroke-opacity': o,
      };
    case 'heat':
      return {
        'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], AGGREGATE_MAX_ZOOM - 1, o, AGGREGATE_MAX_ZOOM, 0],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 4, 6, 10, 18],
        'heatmap-color': [
          'interpolate',
          ['linear'],
          ['heatmap-density'],
          0,
          'rgba(255,255,178,0)',
          0.2,
          '#fecc5c',
          0.5,
          '#fd8d3c',
          0.8,
          '#f03b20',
          1,
          '#bd0026',
        ],
      };
  }
}

function layerSpec(kind: Kind, view: LayerView): LayerSpecification {
  const base = { id: layerId(view.id, kind), source: sourceId(view.id), layout: { visibility: view.visible ? 'visible' : 'none' } } as const;
  const paint = paintFor(kind, view);
  const aggregated = kindsFor(view).includes('heat');
  switch (kind) {
    case 'fill':
      return { ...base, type: 'fill', filter: polygonTypes, paint } as LayerSpecification;
    case 'line':
      return { ...base, type: 'line', filter: lineOrPolygonTypes, paint } as LayerSpecification;
    case 'circle':
      return {
        ...base,
        type: 'circle',
        filter: pointTypes,
        ...(aggregated ? { minzoom: AGGREGATE_MAX_ZOOM - 1 } : {}),
        paint,
      } as LayerSpecification;
    case 'heat':
      return { ...base, type: 'heatmap', filter: pointTypes, maxzoom: AGGREGATE_MAX_ZOOM, paint } as LayerSpecification;
  }
}

/** A north arrow that turns with the map's bearing; a click resets the bearing to north. */
class NorthArrow implements IControl {
  private el: HTMLElement | null = null;
  private map: MapLibreMap | null = null;
  private readonly update = () => {
    if (this.el && this.map) this.el.style.transform = `rotate(${-this.map.getBearing()}deg)`;
  };
  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    const wrap = document.createElement('div');
    wrap.className = 'maplibregl-ctrl maplibregl-ctrl-group north-arrow';
    wrap.title = 'North (click to reset the rotation)';
    wrap.innerHTML =
      '<svg viewBox="0 0 24 36" width="24" height="36" aria-label="North arrow"><polygon points="12,2 19,22 12,18 5,22" fill="#222"/><text x="12" y="34" text-anchor="middle" font-size="10" font-family="sans-serif" fill="#222">N</text></svg>';
    wrap.addEventListener('click', () => map.resetNorth());
    this.el = wrap;
    map.on('rotate', this.update);
    return wrap;
  }
  onRemove(): void {
    this.map?.off('rotate', this.update);
    this.el?.remove();
    this.map = null;
  }
}

export class MapController {
  readonly map: MapLibreMap;
  private views: LayerView[] = [];
  private readonly dataVersions = new Map<number, string>();
  private readonly data = new Map<number, FeatureCollection<Geometry | null>>();
  private readonly loaded: Promise<void>;

  constructor(container: HTMLElement, private readonly options: MapControllerOptions) {
    this.map = new MapLibreMap({
      container,
      style: basemapStyle(options.basemapBase),
      bounds: REGION_BOUNDS,
      fitBoundsOptions: { padding: 20 },
      attributionControl: { compact: true },
      // Kept so the briefing and tests can read the canvas back after a frame.
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      maxZoom: 18,
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new NorthArrow(), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
    this.loaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.on('mousemove', (e) => options.onCursor?.(e.lngLat));
    this.map.on('mouseout', () => options.onCursor?.(null));
    this.map.on('click', (e) => {
      if (!options.onFeatureClick) return;
      const ours = this.views.flatMap((v) => kindsFor(v).filter((k) => k !== 'heat').map((k) => layerId(v.id, k)));
      const present = ours.filter((id) => this.map.getLayer(id));
      if (present.length === 0) return;
      const hit = this.map.queryRenderedFeatures(e.point, { layers: present })[0];
      const lid = hit ? Number(/^lyr-(\d+)-/.exec(hit.layer.id)?.[1]) : NaN;
      if (hit && Number.isInteger(lid) && typeof hit.id === 'number') options.onFeatureClick(lid, hit.id);
    });
  }

  /** Resolves once the basemap style has loaded. */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Resolves when the map has drawn everything it currently knows about. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && !this.map.isMoving() && this.map.areTilesLoaded()) {
        this.map.once('idle', () => resolve());
        this.map.triggerRepaint();
      } else this.map.once('idle', () => resolve());
    });
  }

  /**
   * Replaces the basemap style, carrying our data layers over to the new one so a style
   * switch never drops the analyst's layers.
   */
  setStyle(style: StyleSpecification): void {
    this.map.setStyle(style, {
      diff: true,
      transformStyle: (previous, next) => {
        if (!previous) return next;
        const sources = { ...next.sources };
        for (const [id, src] of Object.entries(previous.sources)) if (isOurs(id)) sources[id] = src;
        const ours = previous.layers.filter((l) => isOurs(l.id));
        const labels = next.layers.findIndex((l) => l.id === LABELS);
        const layers = [...next.layers];
        layers.splice(labels < 0 ? layers.length : labels, 0, ...ours);
        return { ...next, sources, layers };
      },
    });
  }

  /** Sets the layer list (top of the panel = drawn on top). Adds, removes, restyles and reorders as needed. */
  setLayers(views: LayerView[]): void {
    const before = new Map(this.views.map((v) => [v.id, v]));
    this.views = views.map((v) => ({ ...v }));
    if (!this.map.isStyleLoaded()) {
      void this.loaded.then(() => this.sync(new Map()));
      return;
    }
    this.sync(before);
  }

  private sync(before: Map<number, LayerView>): void {
    const map = this.map;
    const wanted = new Set(this.views.map((v) => v.id));
    for (const [id, old] of before) {
      if (wanted.has(id)) continue;
      for (const k of kindsFor(old)) if (map.getLayer(layerId(id, k))) map.removeLayer(layerId(id, k));
      if (map.getSource(sourceId(id))) map.removeSource(sourceId(id));
      this.data.delete(id);
      this.dataVersions.delete(id);
    }
    for (const view of this.views) {
      const old = before.get(view.id);
      if (!map.getSource(sourceId(view.id))) {
        map.addSource(sourceId(view.id), {
          type: 'geojson',
          data: (this.data.get(view.id) ?? { type: 'FeatureCollection', features: [] }) as FeatureCollection,
        });
      }
      const kinds = kindsFor(view);
      const oldKinds = old ? kindsFor(old) : [];
      for (const k of oldKinds) if (!kinds.includes(k) && map.getLayer(layerId(view.id, k))) map.removeLayer(layerId(view.id, k));
      for (const k of kinds) {
        const id = layerId(view.id, k);
        if (!map.getLayer(id)) {
          map.addLayer(layerSpec(k, view), map.getLayer(LABELS) ? LABELS : undefined);
          continue;
        }
        if (!old) continue;
        if (old.visible !== view.visible) map.setLayoutProperty(id, 'visibility', view.visible ? 'visible' : 'none');
        if (old.color !== view.color || old.opacity !== view.opacity) {
          for (const [prop, value] of Object.entries(paintFor(k, view))) map.setPaintProperty(id, prop as never, value as never);
        }
      }
    }
    // The panel lists the top layer first; MapLibre draws later layers on top. Walk from the
    // bottom and move each layer just below the town labels, which rebuilds the order.
    const current = map.getStyle().layers.filter((l) => isOurs(l.id)).map((l) => l.id);
    const desired = [...this.views].reverse().flatMap((v) => kindsFor(v).map((k) => layerId(v.id, k)));
    if (current.join() !== desired.join()) {
      for (const id of desired) map.moveLayer(id, map.getLayer(LABELS) ? LABELS : undefined);
    }
  }

  /** Sends a layer's features to MapLibre unless `version` says it already has them. */
  setLayerData(id: number, data: FeatureCollection<Geometry | null>, version: string): boolean {
    if (this.dataVersions.get(id) === version) return false;
    this.dataVersions.set(id, version);
    this.data.set(id, data);
    const apply = () => (this.map.getSource(sourceId(id)) as GeoJSONSource | undefined)?.setData(data as FeatureCollection);
    if (this.map.isStyleLoaded()) apply();
    else void this.loaded.then(apply);
    return true;
  }

  fitBounds(bbox: BBox): void {
    const [minX, minY, maxX, maxY] = bbox;
    if (minX === maxX && minY === maxY) {
      this.map.flyTo({ center: [minX, minY], zoom: 13 });
      return;
    }
    this.map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 40, maxZoom: 15, duration: 600 });
  }

  zoomToRegion(): void {
    this.map.fitBounds(REGION_BOUNDS, { padding: 20, duration: 600 });
  }

  destroy(): void {
    this.map.remove();
  }
}

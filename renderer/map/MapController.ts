/**
 * The map, owned by this class and not by React (as in Placemark): React pushes state in through
 * setLayers / setLayerData / setStyle, and the controller turns differences into the fewest
 * MapLibre calls — unchanged data is never re-sent to the workers, unchanged paint never reset.
 */
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type GeoJSONSource,
  type IControl,
  type StyleSpecification,
} from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { BBox } from '../../shared/model/feature.ts';
import { REGION_BOUNDS, basemapStyle } from './basemapStyle.ts';
import { LABELS, binsSourceId, isOurs, kindsFor, layerId, layerSpec, paintFor, sourceId, type LayerView } from './layerStyle.ts';

export type { LayerView } from './layerStyle.ts';

export interface MapControllerOptions {
  /** Absolute URL of the folder with the basemap GeoJSON files (trailing slash). */
  basemapBase: string;
  onCursor?: (lngLat: { lng: number; lat: number } | null) => void;
  /**
   * A click on one of our data layers' features: where, the properties MapLibre holds, and
   * whether Ctrl, ⌘ or Shift was held (add to or take out of the selection).
   */
  onFeatureClick?: (
    layerId: number,
    featureId: number,
    lngLat: { lng: number; lat: number },
    properties: Record<string, unknown>,
    geometry: Geometry | null,
    additive: boolean,
  ) => void;
}


/** A north arrow that turns with the map's bearing; a click resets the bearing to north. */
class NorthArrow implements IControl {
  private el: HTMLElement | null = null;
  private title = 'North (click to reset the rotation)';
  private label = 'North arrow';
  private map: MapLibreMap | null = null;
  private readonly update = () => {
    if (this.el && this.map) this.el.style.transform = `rotate(${-this.map.getBearing()}deg)`;
  };
  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    const wrap = document.createElement('div');
    wrap.className = 'maplibregl-ctrl maplibregl-ctrl-group north-arrow';
    wrap.title = this.title;
    wrap.innerHTML =
      '<svg viewBox="0 0 24 36" width="24" height="36" role="img"><polygon points="12,2 19,22 12,18 5,22" fill="#222"/><text x="12" y="34" text-anchor="middle" font-size="10" font-family="sans-serif" fill="#222">N</text></svg>';
    wrap.addEventListener('click', () => map.resetNorth());
    this.el = wrap;
    this.name(this.title, this.label);
    map.on('rotate', this.update);
    return wrap;
  }
  /** Its tooltip and accessible name, in the window's language (the tool bar sets them). */
  name(title: string, label: string): void {
    this.title = title;
    this.label = label;
    if (!this.el) return;
    this.el.title = title;
    this.el.querySelector('svg')?.setAttribute('aria-label', label);
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
  /** View bins of viewport layers (renderer/map/viewportLoader.ts), by layer id. */
  private readonly bins = new Map<number, FeatureCollection>();
  private readonly loaded: Promise<void>;
  /** Set while a map tool (measure, pick a polygon) takes the clicks: features are not picked. */
  interceptClicks = false;
  /** Named in the window's language by nameNorthArrow. */
  private readonly north = new NorthArrow();

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
    this.map.addControl(this.north, 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
    this.loaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.on('mousemove', (e) => options.onCursor?.(e.lngLat));
    this.map.on('mouseout', () => options.onCursor?.(null));
    this.map.on('click', (e) => {
      if (!options.onFeatureClick || this.interceptClicks) return;
      const ours = this.views.flatMap((v) => kindsFor(v).filter((k) => k !== 'heat' && k !== 'bins' && k !== 'label').map((k) => layerId(v.id, k)));
      const present = ours.filter((id) => this.map.getLayer(id));
      if (present.length === 0) return;
      const hit = this.map.queryRenderedFeatures(e.point, { layers: present })[0];
      const lid = hit ? Number(/^lyr-(\d+)-/.exec(hit.layer.id)?.[1]) : NaN;
      const o = e.originalEvent;
      const additive = o.ctrlKey || o.metaKey || o.shiftKey;
      if (hit && Number.isInteger(lid) && typeof hit.id === 'number') options.onFeatureClick(lid, hit.id, e.lngLat, hit.properties ?? {}, hit.geometry ?? null, additive);
    });
  }

  /** Resolves once the basemap style has loaded. */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** The north arrow's tooltip and accessible name in the window's language. */
  nameNorthArrow(title: string, label: string): void {
    this.north.name(title, label);
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
      if (map.getSource(binsSourceId(id))) map.removeSource(binsSourceId(id));
      this.data.delete(id);
      this.bins.delete(id);
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
      if (kinds.includes('bins') && !map.getSource(binsSourceId(view.id))) {
        map.addSource(binsSourceId(view.id), { type: 'geojson', data: this.bins.get(view.id) ?? { type: 'FeatureCollection', features: [] } });
      }
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
        if (old.color !== view.color || old.opacity !== view.opacity || JSON.stringify(old.symbology) !== JSON.stringify(view.symbology)) {
          for (const [prop, value] of Object.entries(paintFor(k, view))) map.setPaintProperty(id, prop as never, value as never);
        }
        if (k === 'label' && old.labels !== view.labels) {
          for (const [prop, value] of Object.entries(layerSpec(k, view).layout ?? {})) map.setLayoutProperty(id, prop as never, value as never);
        }
      }
    }
    // The panel lists the top layer first; MapLibre draws later layers on top. Walk from the
    // bottom and move each layer just below the town labels, which rebuilds the order.
    const current = map.getStyle().layers.filter((l) => isOurs(l.id)).map((l) => l.id);
    // Labels of every layer above all their geometries, so a fill never covers a name.
    const desired = (['geometry', 'label'] as const).flatMap((part) =>
      [...this.views].reverse().flatMap((v) => kindsFor(v).filter((k) => (k === 'label') === (part === 'label')).map((k) => layerId(v.id, k))),
    );
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

  /** Replaces a viewport layer's bins (cells as polygons with a `level` in 0..1 for the ramp). */
  setBins(id: number, cells: FeatureCollection): void {
    this.bins.set(id, cells);
    const apply = () => (this.map.getSource(binsSourceId(id)) as GeoJSONSource | undefined)?.setData(cells);
    if (this.map.isStyleLoaded()) apply();
    else void this.loaded.then(apply);
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

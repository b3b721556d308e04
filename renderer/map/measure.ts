/**
 * Measure distance, as in QGIS's and ArcGIS Pro's measure tools: click to add vertices, double
 * click or Enter to finish, Esc to cancel. Each segment and the running total are geodesic
 * (great-circle, turf's `distance` on the WGS84 mean radius: within 0.5 % of the ellipsoidal
 * distance at these latitudes), drawn as a line with a label per segment and the total at the end.
 */
import { distance } from '@turf/distance';
import { Marker, type GeoJSONSource, type Map as MapLibreMap, type MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { LOCALE, type Language } from '../../shared/i18n/languages.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';

export type LonLat = [number, number];

/** Geodesic length of each segment, metres. */
export function segmentLengths(vertices: LonLat[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < vertices.length; i++) out.push(distance(vertices[i - 1], vertices[i], { units: 'kilometers' }) * 1000);
  return out;
}

/**
 * "850 m", "12.35 km", "1,234.6 km": metres below 1 km, then km with 2 (or, past 100 km, 1)
 * decimals, the digits as the language writes them. Intl directly, not `num()`: a fixed number of
 * decimals keeps "1.00 km" from reading as a rounder figure than was measured.
 */
export function formatDistance(m: number, language: Language = 'en'): string {
  if (!Number.isFinite(m)) return '—';
  const locale = LOCALE[language];
  if (m < 1000) return `${Math.round(m).toLocaleString(locale)} m`;
  const km = m / 1000;
  const digits = km < 100 ? 2 : 1;
  return `${km.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} km`;
}

export interface MeasureState {
  active: boolean;
  vertices: LonLat[];
  segments: number[];
  /** Metres. */
  total: number;
  /** Double click / Enter ended the line; the next click starts a new one. */
  finished: boolean;
}

const SOURCE = 'measure';
const MEASURE_LAYERS = { line: 'measure-line', rubber: 'measure-rubber', points: 'measure-points' } as const;
const COLOR = '#e4572e';

/** The tool on a map. `onChange` gets every new state (for the panel that lists the segments). */
export class MeasureTool {
  private vertices: LonLat[] = [];
  private cursor: LonLat | null = null;
  private finished = false;
  private active = false;
  private labels: Marker[] = [];
  private lastClick: { x: number; y: number } | null = null;
  /** The language of the labels on the map; the tool bar sets it as the analyst switches. */
  words: Pick<Words, 'language' | 't'> = wordsFor('en');

  constructor(
    private readonly map: MapLibreMap,
    private readonly onChange: (s: MeasureState) => void,
    /** Told when the tool takes or gives back the map's clicks. */
    private readonly onActive: (active: boolean) => void = () => {},
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  state(): MeasureState {
    const segments = segmentLengths(this.vertices);
    return {
      active: this.active,
      vertices: this.vertices.map((v) => [v[0], v[1]]),
      segments,
      total: segments.reduce((a, b) => a + b, 0),
      finished: this.finished,
    };
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.ensureLayers();
    this.map.doubleClickZoom.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
    this.map.on('click', this.onClick);
    this.map.on('dblclick', this.onDblClick);
    this.map.on('mousemove', this.onMove);
    this.onActive(true);
    this.emit();
  }

  /** Leaves the tool; the last line stays on the map until cleared. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.map.off('click', this.onClick);
    this.map.off('dblclick', this.onDblClick);
    this.map.off('mousemove', this.onMove);
    this.map.doubleClickZoom.enable();
    this.map.getCanvas().style.cursor = '';
    this.cursor = null;
    if (this.vertices.length < 2) this.vertices = [];
    this.finished = true;
    this.onActive(false);
    this.redraw();
  }

  /** Enter / double click: ends the current line (kept on the map). */
  finish(): void {
    if (this.vertices.length < 2) return this.clear();
    this.finished = true;
    this.cursor = null;
    this.redraw();
  }

  /** Esc and the clear button: removes the line. */
  clear(): void {
    this.vertices = [];
    this.cursor = null;
    this.finished = false;
    this.redraw();
  }

  /** Adds a vertex at lon/lat (what a click does; also for tests and keyboard entry). */
  addVertex(v: LonLat): void {
    if (this.finished) {
      this.vertices = [];
      this.finished = false;
    }
    this.vertices.push(v);
    this.redraw();
  }

  destroy(): void {
    this.stop();
    this.clear();
    for (const id of Object.values(MEASURE_LAYERS)) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE);
  }

  private readonly onClick = (e: MapMouseEvent) => {
    // The second click of a double click lands on the same spot: not a new vertex.
    const last = this.lastClick;
    this.lastClick = { x: e.point.x, y: e.point.y };
    if (!this.finished && last && this.vertices.length && Math.hypot(last.x - e.point.x, last.y - e.point.y) < 4) return;
    this.addVertex([e.lngLat.lng, e.lngLat.lat]);
  };

  private readonly onDblClick = (e: MapMouseEvent) => {
    e.preventDefault();
    this.finish();
  };

  private readonly onMove = (e: MapMouseEvent) => {
    if (this.finished || this.vertices.length === 0) return;
    this.cursor = [e.lngLat.lng, e.lngLat.lat];
    this.redrawRubber();
  };

  private ensureLayers(): void {
    const map = this.map;
    if (!map.getSource(SOURCE)) map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    if (!map.getLayer(MEASURE_LAYERS.line)) {
      map.addLayer({
        id: MEASURE_LAYERS.line,
        type: 'line',
        source: SOURCE,
        filter: ['==', ['get', 'part'], 'line'],
        paint: { 'line-color': COLOR, 'line-width': 3 },
        layout: { 'line-cap': 'round', 'line-join': 'round' },
      });
      map.addLayer({
        id: MEASURE_LAYERS.rubber,
        type: 'line',
        source: SOURCE,
        filter: ['==', ['get', 'part'], 'rubber'],
        paint: { 'line-color': COLOR, 'line-width': 2, 'line-dasharray': [2, 2] },
      });
      map.addLayer({
        id: MEASURE_LAYERS.points,
        type: 'circle',
        source: SOURCE,
        filter: ['==', ['get', 'part'], 'vertex'],
        paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': COLOR, 'circle-stroke-width': 2 },
      });
    }
  }

  private geojson(): FeatureCollection {
    const features: FeatureCollection['features'] = this.vertices.map((v) => ({
      type: 'Feature',
      properties: { part: 'vertex' },
      geometry: { type: 'Point', coordinates: v },
    }));
    if (this.vertices.length >= 2) {
      features.push({ type: 'Feature', properties: { part: 'line' }, geometry: { type: 'LineString', coordinates: this.vertices } });
    }
    const last = this.vertices[this.vertices.length - 1];
    if (last && this.cursor && !this.finished) {
      features.push({ type: 'Feature', properties: { part: 'rubber' }, geometry: { type: 'LineString', coordinates: [last, this.cursor] } });
    }
    return { type: 'FeatureCollection', features };
  }

  private redrawRubber(): void {
    (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(this.geojson());
  }

  private redraw(): void {
    if (this.active) this.ensureLayers();
    this.redrawRubber();
    for (const m of this.labels) m.remove();
    this.labels = [];
    const segs = segmentLengths(this.vertices);
    segs.forEach((len, i) => {
      const a = this.vertices[i];
      const b = this.vertices[i + 1];
      this.labels.push(this.label([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], formatDistance(len, this.words.language), 'measure-label segment'));
    });
    if (segs.length > 1) {
      const total = segs.reduce((x, y) => x + y, 0);
      this.labels.push(this.label(this.vertices[this.vertices.length - 1], this.words.t('layerTools.measure.total', { distance: formatDistance(total, this.words.language) }), 'measure-label total'));
    }
    this.emit();
  }

  private label(at: LonLat, text: string, className: string): Marker {
    const el = document.createElement('div');
    el.className = className;
    el.textContent = text;
    return new Marker({ element: el, anchor: className.includes('total') ? 'bottom-left' : 'center' }).setLngLat(at).addTo(this.map);
  }

  private emit(): void {
    this.onChange(this.state());
  }
}

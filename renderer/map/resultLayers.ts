/**
 * Analysis results on the map: every stored analysis the analyst shows becomes one GeoJSON
 * source (plus an image source for a kernel density surface) and a few MapLibre layers, all
 * named `res-<analysis id>-…` so they never collide with the workspace layers (`lyr-…`).
 * The style of every result kind lives here, in one place, and the legend reads the same
 * classes — what the legend says is what the map draws.
 *
 * Palettes (Gi* bins, emerging hot spot patterns, KDE contour levels) come from
 * shared/report/resultStyle.ts, which the briefing uses too. Gi* cells are drawn half transparent
 * with an outline in their bin's colour, above the incidents (keepResultsOnTop), so a hot cell
 * at the default cell size reads as a cell and the points inside it still show, as QGIS users
 * expect of a hot spot grid. Emerging hot spots: "no pattern" not drawn.
 * Text (cluster labels) uses the basemap's own font stack, which MapLibre draws from the
 * system fonts because the offline style has no glyph server.
 */
import type {
  ExpressionSpecification,
  ImageSource,
  ImageSourceSpecification,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { AnalysisDetail } from '../../shared/api/contract.ts';
import type { DisplayRaster } from '../../shared/analysis/run/raster.ts';
import { legendBounds, type ValueClass } from '../../shared/analysis/classify.ts';
import { wordsFor, type Words } from '../i18n/language.tsx';
import { AREA_NO_DATA_COLOR, EMERGING_COLORS, GI_BIN_COLORS, POINT_CLUSTER_RADIUS_STOPS, areaClassColors, kdeContourColor } from '../../shared/report/resultStyle.ts';

export { EMERGING_COLORS, GI_BIN_COLORS };

export interface LegendClass {
  color: string;
  label: string;
  /** 'fill' swatch (default), 'line', a 'point' (circle), or a KDE 'ramp' drawn as a gradient. */
  shape?: 'fill' | 'line' | 'point' | 'ramp';
  count?: number;
}

// ---------- palettes ----------

/** The catalogue's key (params.legend.giBins) of each Gi* bin, hot 99 % (3) to cold 99 % (−3). */
const GI_BIN_KEYS: Record<number, string> = { [-3]: 'cold99', [-2]: 'cold95', [-1]: 'cold90', 0: 'none', 1: 'hot90', 2: 'hot95', 3: 'hot99' };

/** The colour of a Gi* bin; anything outside −3..3 (or not a number) counts as not significant. */
export function giBinColor(bin: unknown): string {
  const b = typeof bin === 'number' && Number.isInteger(bin) && bin >= -3 && bin <= 3 ? bin : 0;
  return GI_BIN_COLORS[b];
}

export const DBSCAN_HULL_COLOR = '#7b2cbf';

const CORRIDOR_COLOR = '#b3005e';
const NNI_AREA_COLOR = '#444444';

/** KDE ramp (ColorBrewer YlOrRd), by display byte 0..255; 0 is transparent. */
export const KDE_RAMP: [number, [number, number, number]][] = [
  [0, [255, 255, 204]],
  [64, [254, 217, 118]],
  [128, [253, 141, 60]],
  [192, [227, 26, 28]],
  [255, [128, 0, 38]],
];

/** RGBA of one display byte: the YlOrRd ramp, alpha rising so faint density does not veil the map. */
export function kdeColor(v: number): [number, number, number, number] {
  if (v <= 0) return [0, 0, 0, 0];
  let k = 1;
  while (k < KDE_RAMP.length - 1 && KDE_RAMP[k][0] < v) k++;
  const [v0, c0] = KDE_RAMP[k - 1];
  const [v1, c1] = KDE_RAMP[k];
  const t = v1 === v0 ? 0 : Math.min(1, Math.max(0, (v - v0) / (v1 - v0)));
  const mix = (i: number) => Math.round(c0[i] + (c1[i] - c0[i]) * t);
  return [mix(0), mix(1), mix(2), Math.round(60 + (195 * v) / 255)];
}

/** Decodes a display raster's base64 bytes (row-major from the north row). */
export function decodeRaster(raster: DisplayRaster): Uint8Array {
  const s = atob(raster.data);
  if (s.length !== raster.width * raster.height) {
    throw new Error(`density raster: ${s.length} bytes for ${raster.width}×${raster.height} cells`);
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** RGBA pixels of a display raster through the KDE ramp, ready for an ImageData. */
export function rasterToRgba(raster: DisplayRaster): Uint8ClampedArray {
  const bytes = decodeRaster(raster);
  const lut = Array.from({ length: 256 }, (_, v) => kdeColor(v));
  const out = new Uint8ClampedArray(bytes.length * 4);
  for (let i = 0; i < bytes.length; i++) out.set(lut[bytes[i]], i * 4);
  return out;
}

/**
 * The raster as ImageData for MapLibre's image source. Handed over decoded (`updateImage`):
 * a data: URL would be fetched, and the CSP's connect-src rightly allows only our origin.
 */
function rasterImageData(raster: DisplayRaster): ImageData {
  return new ImageData(rasterToRgba(raster) as Uint8ClampedArray<ArrayBuffer>, raster.width, raster.height);
}

// ---------- ids and specs ----------

export const resultSourceId = (id: number) => `res-${id}`;
export const resultRasterSourceId = (id: number) => `res-${id}-raster`;
export const isResultLayer = (id: string) => id.startsWith('res-');

const polygons: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const lines: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const points: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

/**
 * A DBSCAN cluster without an area (its incidents on one spot — a town-centre geocode — or on a
 * line) is a Point: a circle whose area grows with its incidents (POINT_CLUSTER_RADIUS_STOPS),
 * labelled at every zoom, never hidden by another label.
 */
export const POINT_CLUSTER_RADIUS = [
  'interpolate',
  ['linear'],
  ['sqrt', ['to-number', ['get', 'count'], 1]],
  ...POINT_CLUSTER_RADIUS_STOPS.flat(),
] as unknown as ExpressionSpecification;
const TEXT_FONT = ['Noto Sans Regular'];

function giBinExpression(): ExpressionSpecification {
  return ['match', ['to-number', ['get', 'gi_bin'], 0], -3, GI_BIN_COLORS[-3], -2, GI_BIN_COLORS[-2], -1, GI_BIN_COLORS[-1],
    1, GI_BIN_COLORS[1], 2, GI_BIN_COLORS[2], 3, GI_BIN_COLORS[3], GI_BIN_COLORS[0]] as ExpressionSpecification;
}

/** The result's contour percents, ascending (summary.contourLevels as runKde stores them). */
function kdePercents(summary: Record<string, unknown> | undefined): number[] {
  const c = summary?.contourLevels;
  return Array.isArray(c) ? [...new Set(c.map((l) => Number((l as { percent?: unknown }).percent)).filter(Number.isFinite))].sort((a, b) => a - b) : [];
}

/** Each contour level its own colour (kdeContourColor), as the legend and the briefing show it. */
function kdeContourExpression(summary: Record<string, unknown> | undefined): ExpressionSpecification | string {
  const percents = kdePercents(summary);
  if (percents.length === 0) return kdeContourColor([], null);
  const pairs = percents.flatMap((p) => [p, kdeContourColor(percents, p)]);
  return ['match', ['to-number', ['get', 'contour_percent'], -1], ...pairs, kdeContourColor(percents, null)] as unknown as ExpressionSpecification;
}

function emergingExpression(): ExpressionSpecification {
  const pairs = Object.entries(EMERGING_COLORS).flat();
  return ['match', ['get', 'pattern'], ...pairs, '#ffffff'] as unknown as ExpressionSpecification;
}

/** Counts per area: the classes stored with the run (summary.classes), lightest first. */
function areaClasses(summary: Record<string, unknown> | undefined): ValueClass[] {
  return Array.isArray(summary?.classes) ? (summary.classes as ValueClass[]) : [];
}

function areaClassExpression(classes: number): ExpressionSpecification {
  const pairs = areaClassColors(classes).flatMap((c, i) => [i, c]);
  return ['match', ['to-number', ['get', 'class'], -1], ...pairs, AREA_NO_DATA_COLOR] as unknown as ExpressionSpecification;
}

/** The MapLibre layers of one result (the raster layer of a KDE included). Pure: checked against the style spec in tests. */
export function resultLayerSpecs(detail: Pick<AnalysisDetail, 'id' | 'kind' | 'raster'> & { summary?: Record<string, unknown> }): LayerSpecification[] {
  const src = resultSourceId(detail.id);
  const id = (part: string) => `res-${detail.id}-${part}`;
  switch (detail.kind) {
    case 'dbscan':
      return [
        { id: id('fill'), type: 'fill', source: src, filter: polygons, paint: { 'fill-color': DBSCAN_HULL_COLOR, 'fill-opacity': 0.3 } },
        { id: id('line'), type: 'line', source: src, filter: polygons, paint: { 'line-color': DBSCAN_HULL_COLOR, 'line-width': 2.5 } },
        {
          id: id('label'),
          type: 'symbol',
          source: src,
          filter: polygons,
          layout: {
            'text-field': ['get', 'label'],
            'text-font': TEXT_FONT,
            'text-size': 12,
            'text-allow-overlap': false,
            'text-optional': true,
          },
          paint: { 'text-color': '#3c096c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
        },
        {
          id: id('point'),
          type: 'circle',
          source: src,
          filter: points,
          paint: {
            'circle-color': DBSCAN_HULL_COLOR,
            'circle-opacity': 0.35,
            'circle-radius': POINT_CLUSTER_RADIUS,
            'circle-stroke-color': DBSCAN_HULL_COLOR,
            'circle-stroke-width': 2.5,
          },
        },
        {
          id: id('point-label'),
          type: 'symbol',
          source: src,
          filter: points,
          layout: {
            'text-field': ['get', 'label'],
            'text-font': TEXT_FONT,
            'text-size': 12,
            'text-allow-overlap': true,
            'text-ignore-placement': true,
            // Above the circle: the town's own name is usually right there.
            'text-anchor': 'bottom',
            'text-offset': [0, -1.1],
          },
          paint: { 'text-color': '#3c096c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
        },
      ];
    case 'gistar':
      return [
        { id: id('fill'), type: 'fill', source: src, filter: polygons, paint: { 'fill-color': giBinExpression(), 'fill-opacity': 0.5 } },
        { id: id('line'), type: 'line', source: src, filter: polygons, paint: { 'line-color': giBinExpression(), 'line-width': 1, 'line-opacity': 0.9 } },
      ];
    case 'kde': {
      const out: LayerSpecification[] = [];
      if (detail.raster) out.push({ id: id('raster'), type: 'raster', source: resultRasterSourceId(detail.id), paint: { 'raster-opacity': 0.8, 'raster-resampling': 'linear' } });
      out.push({
        id: id('contour'),
        type: 'line',
        source: src,
        paint: {
          'line-color': kdeContourExpression(detail.summary),
          // The tightest contour (top 1 %) is drawn boldest.
          'line-width': ['interpolate', ['linear'], ['to-number', ['get', 'contour_percent'], 10], 1, 2.5, 10, 1],
        },
      });
      return out;
    }
    case 'corridors':
      return [
        {
          id: id('polygon'),
          type: 'fill',
          source: src,
          filter: ['all', polygons, ['==', ['get', 'part'], 'polygon']],
          paint: { 'fill-color': CORRIDOR_COLOR, 'fill-opacity': 0.12 },
        },
        {
          id: id('centerline'),
          type: 'line',
          source: src,
          filter: ['all', lines, ['==', ['get', 'part'], 'centerline']],
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: {
            'line-color': CORRIDOR_COLOR,
            'line-width': ['interpolate', ['linear'], ['to-number', ['get', 'perKm'], 0], 0, 2, 5, 4, 20, 8, 60, 12],
            'line-opacity': 0.9,
          },
        },
      ];
    case 'emerging':
      return [
        {
          id: id('fill'),
          type: 'fill',
          source: src,
          filter: ['all', polygons, ['!=', ['get', 'pattern'], 'no_pattern']],
          paint: { 'fill-color': emergingExpression(), 'fill-opacity': 0.75 },
        },
        {
          id: id('line'),
          type: 'line',
          source: src,
          filter: ['all', polygons, ['!=', ['get', 'pattern'], 'no_pattern']],
          paint: { 'line-color': '#555555', 'line-width': 0.3, 'line-opacity': 0.5 },
        },
      ];
    case 'nni':
      return [
        {
          id: id('line'),
          type: 'line',
          source: src,
          paint: { 'line-color': NNI_AREA_COLOR, 'line-width': 1.5, 'line-dasharray': [3, 2] },
        },
      ];
    case 'areas':
      return [
        {
          id: id('fill'),
          type: 'fill',
          source: src,
          filter: polygons,
          paint: { 'fill-color': areaClassExpression(Math.max(1, areaClasses(detail.summary).length)), 'fill-opacity': 0.78 },
        },
        { id: id('line'), type: 'line', source: src, filter: polygons, paint: { 'line-color': '#636363', 'line-width': 0.6, 'line-opacity': 0.8 } },
      ];
  }
}

/**
 * The legend classes of a result, with the number of features in each where that helps, in the
 * words and number format of `words` (the app's language; English by default).
 */
export function legendClasses(detail: Pick<AnalysisDetail, 'kind' | 'geojson' | 'summary' | 'raster'>, words: Pick<Words, 't' | 'num'> = wordsFor('en')): LegendClass[] {
  const { t, num } = words;
  const props = detail.geojson.features.map((f) => (f.properties ?? {}) as Record<string, unknown>);
  switch (detail.kind) {
    case 'dbscan': {
      const onePoint = props.filter((p) => p.locations !== undefined).length;
      const out: LegendClass[] = [{ color: DBSCAN_HULL_COLOR, label: t('params.legend.hull'), count: props.length - onePoint }];
      if (onePoint) out.push({ color: DBSCAN_HULL_COLOR, shape: 'point', label: t('params.legend.hullPoint'), count: onePoint });
      return out;
    }
    case 'gistar': {
      const counts = new Map<number, number>();
      for (const p of props) {
        const b = typeof p.gi_bin === 'number' ? p.gi_bin : 0;
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      return [3, 2, 1, 0, -1, -2, -3].map((b) => ({ color: GI_BIN_COLORS[b], label: t(`params.legend.giBins.${GI_BIN_KEYS[b]}`), count: counts.get(b) ?? 0 }));
    }
    case 'kde': {
      const out: LegendClass[] = [];
      if (detail.raster) {
        const max = detail.raster.max;
        out.push({ color: '', shape: 'ramp', label: t('params.legend.density', { max: formatNumber(max, num) }) });
      }
      const percents = [...new Set(props.map((p) => Number(p.contour_percent)))].sort((a, b) => a - b);
      for (const p of props) {
        out.push({ color: kdeContourColor(percents, Number(p.contour_percent)), shape: 'line', label: t('params.legend.contour', { percent: num(Number(p.contour_percent), 2), level: formatNumber(Number(p.density_level), num) }) });
      }
      return out;
    }
    case 'corridors': {
      const lines = props.filter((p) => p.part === 'centerline').length;
      return [
        { color: CORRIDOR_COLOR, shape: 'line', label: t('params.legend.corridorLine'), count: lines },
        { color: CORRIDOR_COLOR + '33', label: t('params.legend.corridorArea') },
      ];
    }
    case 'emerging': {
      const counts = new Map<string, { label: string; n: number }>();
      for (const p of props) {
        const k = String(p.pattern);
        // The pattern's name in the app's language; one the catalogue does not know, as the run stored it.
        const e = counts.get(k) ?? { label: t(`params.legend.patterns.${k}`, { defaultValue: String(p.pattern_label ?? k) }), n: 0 };
        e.n++;
        counts.set(k, e);
      }
      const out: LegendClass[] = [];
      for (const [k, color] of Object.entries(EMERGING_COLORS)) {
        const e = counts.get(k);
        if (e) out.push({ color, label: e.label, count: e.n });
      }
      const none = counts.get('no_pattern');
      if (none) out.push({ color: 'transparent', label: t('params.legend.notDrawn', { label: none.label }), count: none.n });
      return out;
    }
    case 'nni':
      return [{ color: NNI_AREA_COLOR, shape: 'line', label: t('params.legend.studyArea') }];
    case 'areas': {
      const classes = areaClasses(detail.summary);
      const colors = areaClassColors(classes.length);
      const whole = detail.summary.mapValue === 'count';
      const mapValue = String(detail.summary.mapValue);
      const value = t(`params.legend.areaValues.${mapValue}`, { defaultValue: mapValue });
      const fmt = (v: number) => num(v, whole ? 0 : 2);
      const out: LegendClass[] = legendBounds(classes, whole).map(([lo, hi], i) => ({
        color: colors[i],
        label: `${value} ${lo === hi ? fmt(lo) : `${fmt(lo)} – ${fmt(hi)}`}`,
        count: classes[i].count,
      }));
      const noData = Number(detail.summary.noData ?? 0);
      if (noData) out.push({ color: AREA_NO_DATA_COLOR, label: t('params.legend.noValue'), count: noData });
      return out;
    }
  }
}

/** A density for a legend: whole from 100, one decimal from 1, else two significant digits. */
function formatNumber(v: number, num: Words['num']): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 100) return num(v);
  if (Math.abs(v) >= 1) return num(v, 1);
  return v === 0 ? num(0) : num(Number(v.toPrecision(2)), Math.max(0, 1 - Math.floor(Math.log10(Math.abs(v)))));
}

// ---------- on the map ----------

/** Layer below which results go: under the town names, so place names stay readable. */
const BEFORE = 'town-labels';

/** Adds (or replaces) one result's sources and layers. */
export function addResultLayers(map: MapLibreMap, detail: AnalysisDetail): string[] {
  removeResultLayers(map, detail.id);
  map.addSource(resultSourceId(detail.id), { type: 'geojson', data: detail.geojson as FeatureCollection });
  if (detail.kind === 'kde' && detail.raster) {
    const coordinates = detail.raster.corners as [[number, number], [number, number], [number, number], [number, number]];
    // An image source without a url, fed the decoded pixels: no request at all.
    map.addSource(resultRasterSourceId(detail.id), { type: 'image', coordinates } as unknown as ImageSourceSpecification);
    (map.getSource(resultRasterSourceId(detail.id)) as ImageSource).updateImage({ image: rasterImageData(detail.raster), coordinates });
  }
  const specs = resultLayerSpecs(detail);
  for (const spec of specs) {
    // Labels go on top of everything; areas and lines under the town names.
    const before = spec.type !== 'symbol' && map.getLayer(BEFORE) ? BEFORE : undefined;
    map.addLayer(spec, before);
  }
  return specs.map((s) => s.id);
}

export function removeResultLayers(map: MapLibreMap, analysisId: number): void {
  const prefix = `res-${analysisId}-`;
  for (const l of map.getStyle().layers) if (l.id.startsWith(prefix)) map.removeLayer(l.id);
  for (const s of [resultSourceId(analysisId), resultRasterSourceId(analysisId)]) if (map.getSource(s)) map.removeSource(s);
}

export function setResultVisibility(map: MapLibreMap, analysisId: number, visible: boolean): void {
  const prefix = `res-${analysisId}-`;
  for (const l of map.getStyle().layers) {
    if (l.id.startsWith(prefix)) map.setLayoutProperty(l.id, 'visibility', visible ? 'visible' : 'none');
  }
}

/** Lon/lat bounds of a result's features (and its raster), or null when it has no geometry. */
export function resultBounds(detail: Pick<AnalysisDetail, 'geojson' | 'raster'>): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  const add = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
  };
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') add(c[0] as number, c[1] as number);
    else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of detail.geojson.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'GeometryCollection') g.geometries.forEach((x) => visit((x as { coordinates?: unknown }).coordinates));
    else visit(g.coordinates);
  }
  for (const [x, y] of detail.raster?.corners ?? []) add(x, y);
  return b;
}

/**
 * Keeps results over the workspace layers: the map controller re-stacks its own layers just
 * under the town names whenever the analyst reorders them, which would bury the results.
 * Idempotent (moves nothing when the order is already right), so it can run on every
 * `styledata` event without looping.
 */
export function keepResultsOnTop(map: MapLibreMap): void {
  const ids = map.getStyle()?.layers.map((l) => l.id) ?? [];
  const labels = ids.indexOf(BEFORE);
  const results = ids.filter((id) => isResultLayer(id) && map.getLayer(id)?.type !== 'symbol');
  const symbols = ids.filter((id) => isResultLayer(id) && map.getLayer(id)?.type === 'symbol');
  if (results.length === 0 && symbols.length === 0) return;
  const end = labels < 0 ? ids.length : labels;
  const expected = [...results];
  const actual = ids.slice(end - results.length, end);
  const symbolsLast = symbols.every((id, k) => ids[ids.length - symbols.length + k] === id);
  if (actual.join() === expected.join() && symbolsLast) return;
  for (const id of results) map.moveLayer(id, labels < 0 ? undefined : BEFORE);
  for (const id of symbols) map.moveLayer(id);
}

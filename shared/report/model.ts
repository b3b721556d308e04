/**
 * The briefing model: everything a printed briefing map shows, as plain JSON, built from facts
 * the back end read out of the workspace. The page only lays it out; every number and word on
 * paper comes from here (the page adds its fixed labels), so a unit test can check the content
 * without a browser, and the provenance block can name the exact inputs of every figure. The
 * words are in the briefing's language (shared/i18n/briefing.<language>.ts); data values — layer
 * and category names as stored, the analyst's title, subtitle and banner — are never translated.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { TFunction } from 'i18next';
import type { AnalysisDetail, CompareResult, LayerInfo } from '../api/contract.ts';
import type { Timeline } from '../analysis/timeline.ts';
import { LAYER_REF_PARAMS, type CompareRequest } from '../api/analysisInputs.ts';
import type { BBox } from '../model/feature.ts';
import type { PointColumns } from '../model/points.ts';
import { categoryLabel, categoriesPhrase, ownCategoryLabel } from '../analysis/categoryLabels.ts';
import { layerCategoryLabels, type CategoryLabels } from '../api/categoryLabels.ts';
import { comparisonSentence, formatP } from '../analysis/compare.ts';
import { emergingSummary, type EmergingCategory } from '../analysis/emerging.ts';
import { nniSentence, type NniPattern } from '../analysis/nni.ts';
import { SYNTHETIC_NOTE } from '../demo/layers.ts';
import { capitalise, formatCount, formatDateText, formatDayOf, formatMonthOf, formatNumber } from '../i18n/format.ts';
import { DATE_STYLE, DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';
import { localDateOf } from '../time/zone.ts';
import { dateTimeGroup } from './dtg.ts';
import { pageInches, PRINT_MARGIN_IN, type BriefingOptions, type Orientation, type PageSize } from './options.ts';
import { legendBounds, type ValueClass } from '../analysis/classify.ts';
import { splitWithinDistance } from '../api/bufferInput.ts';
import type { LayerStyling } from '../api/symbology.ts';
import { styledLayer } from './styledLayer.ts';
import {
  AREA_NO_DATA_COLOR,
  areaClassColor,
  areaClassColors,
  CLUSTER_COLOR,
  CORRIDOR_COLOR,
  GI_BIN_COLORS,
  HEAT_RAMP,
  kdeContourColor,
  pointClusterRadius,
  REFERENCE_LINE_COLOR,
  REFERENCE_POLYGON_COLOR,
  UNCATEGORIZED_COLOR,
  categoryColor,
} from './resultStyle.ts';

/**
 * Above this many incidents the map shows a density surface instead of one dot each. Higher
 * than the app's on-screen threshold: on paper the map is one raster, so tens of thousands of
 * small dots cost little and stay truthful; only beyond that do they merge into a blot.
 */
export const POINT_LIMIT = 20_000;
/** At most this many cells a side in the grid a large incident layer is binned to before it reaches the page. */
const HEAT_GRID = 160;
const MAX_CLUSTER_LABELS = 8;
/** What the map shows when there is nothing to fit: the Mexicali Valley and San Luis Río Colorado. */
const DEFAULT_EXTENT: BBox = [-115.9, 31.9, -114.3, 32.8];

// ---------- input ----------

interface IncidentFacts {
  layer: LayerInfo;
  /** The incidents of the briefing's own selection (time window, categories, polygon). */
  points: PointColumns;
  selection: { from: string | null; to: string | null; categories: string[] | null; within: string | null; withinDistance?: string; where?: string | null };
  /** Its style by attribute and labels, as the map shows them. */
  styling?: LayerStyling;
  /** The fields the styling reads, for each of `points` in order; present when styled and at most POINT_LIMIT points. */
  properties?: Record<string, unknown>[];
}

export interface BriefingFacts {
  workspace: { file: string; fingerprint: string; timezone: string };
  /** ISO instant the briefing is dated. */
  generatedAt: string;
  appVersion: string;
  /** Layers to draw, bottom first; reference (line/polygon) layers carry their features (with the fields their styling reads). */
  layers: { info: LayerInfo; features?: FeatureCollection<Geometry | null>; styling?: LayerStyling }[];
  /** Every layer's name by its id: the parameters that refer to a layer by id (a network, a border) are printed by name. */
  layerNames: Record<number, string>;
  incidents: IncidentFacts | null;
  analyses: AnalysisDetail[];
  comparison: { request: CompareRequest; result: CompareResult } | null;
  timeline: { timeline: Timeline; total: number } | null;
}

// ---------- output ----------

type LegendSwatch = 'point' | 'fill' | 'line' | 'heat';

export interface LegendEntry {
  label: string;
  swatch: LegendSwatch;
  color: string;
  /** Legend line count, e.g. incidents of that category in the selection. */
  count?: number;
  /** A point swatch's circle radius in px (a class of a style graduated by size). */
  radius?: number;
}

interface LegendGroup {
  title: string;
  /** A line under the title, e.g. the field a layer is labelled by. */
  note?: string;
  entries: LegendEntry[];
}

/** A text label placed on the map (drawn as vector text over the map image). */
interface MapLabel {
  lon: number;
  lat: number;
  text: string;
  color: string;
  /** CSS px to lift the label by: a cluster drawn as a circle is labelled above it, as on screen. */
  above?: number;
}

type BriefingLayerKind = 'incidents' | 'heatmap' | 'polygons' | 'lines' | 'dbscan' | 'gistar' | 'kde' | 'corridors' | 'areas';

export interface BriefingLayer {
  /** Unique within the model: "layer-3", "analysis-12". */
  id: string;
  kind: BriefingLayerKind;
  title: string;
  /** Features carry `_color` (and heatmaps `_weight` 0..1), so the page needs no style logic. */
  data: FeatureCollection<Geometry | null>;
  labels: MapLabel[];
  /** Heatmap colour ramp, when kind is 'heatmap'. */
  ramp?: [number, string][];
  /** 'context': drawn light and small, because analysis results on the same map are the message. */
  emphasis?: 'context';
  /** Styled by attribute: polygons filled opaque enough to tell the classes apart, points sized by `_radius` when they carry one. */
  styled?: boolean;
}

interface KeyFigureRow {
  label: string;
  value: string;
  detail?: string;
}

interface KeyFigureSection {
  title: string;
  rows: KeyFigureRow[];
}

interface BriefingComparison {
  sentence: string;
  pValue: number | null;
  pText: string;
  significant: boolean;
  before: { count: number; days: number; from: string; to: string };
  after: { count: number; days: number; from: string; to: string };
}

interface ProvenanceAnalysis {
  id: number;
  kind: string;
  method: string;
  layer: string;
  /** Resolved parameters as run (selection apart), compact JSON. */
  params: string;
  /** The incidents it ran on, in words. */
  selection: string;
  inputFingerprint: string;
  createdAt: string;
}

export interface BriefingModel {
  version: 1;
  /** Of every word printed that is not data; the page's `html lang`. */
  language: Language;
  title: string;
  subtitle: string | null;
  banner: { text: string; color: string; textColor: string } | null;
  dtg: string;
  generatedAt: string;
  analyst: string | null;
  unit: string | null;
  page: { size: PageSize; orientation: Orientation; widthIn: number; heightIn: number; marginIn: number };
  /** "SYNTHETIC — demonstration data" (in the briefing's language) when any drawn layer is synthetic. */
  synthetic: string | null;
  notice: string | null;
  extent: BBox;
  incidentCount: number;
  layers: BriefingLayer[];
  legend: LegendGroup[];
  keyFigures: KeyFigureSection[];
  comparison: BriefingComparison | null;
  timeline: { bin: string; tz: string; bins: { label: string; start: number; total: number }[]; total: number } | null;
  sources: string[];
  provenance: {
    workspace: { file: string; fingerprint: string; timezone: string };
    selection: {
      layer: string | null;
      layerFingerprint: string | null;
      from: string | null;
      to: string | null;
      categories: string[] | null;
      within: string | null;
      /** --within-distance as LAYER:METRES; absent when none. */
      withinDistance?: string;
      /** The attribute filter (--where), canonical text; absent when none. */
      where?: string;
      count: number;
    };
    analyses: ProvenanceAnalysis[];
    comparison: { request: string; test: string } | null;
    timeline: { bin: string; tz: string } | null;
    generator: string;
    /** A `frontera brief` command line that prints this briefing again. */
    reproduce: string;
  };
}

// ---------- building ----------

/** The briefing's language and its words, for every part that writes text. */
interface Words {
  language: Language;
  t: TFunction;
}

const incidentsText = (w: Words, n: number) => w.t('incidents', { count: n, n: formatCount(n) });
const methodName = (w: Words, kind: string) => w.t(`methods.${kind}`, { defaultValue: kind });
const analysisTitle = (w: Words, a: AnalysisDetail) => `${methodName(w, a.kind)} #${a.id}`;

/** Classification banners in English or Spanish (the text itself is the analyst's, never translated). */
const BANNER_COLORS: [RegExp, string][] = [
  [/^(TOP SECRET|ULTRA ?SECRETO)/i, '#ff8c00'],
  [/^SECRET/i, '#c8102e'],
  [/^CONFIDEN[TC]IAL/i, '#0033a0'],
  [/^(UNCLASSIFIED|SIN CLASIFICAR|NO CLASIFICAD[OA])/i, '#007a33'],
];

/** Gi* confidence bins (resultStyle.ts) to their legend keys; 0, not significant, is never drawn. */
const GI_BIN_KEYS: Record<number, string> = { 3: 'hot99', 2: 'hot95', 1: 'hot90', [-1]: 'cold90', [-2]: 'cold95', [-3]: 'cold99' };

function bannerOf(text: string | undefined, color: string | undefined): BriefingModel['banner'] {
  if (!text) return null;
  const c = color ?? BANNER_COLORS.find(([re]) => re.test(text))?.[1] ?? '#007a33';
  return { text, color: c, textColor: readableTextOn(c) };
}

/** Black on light bars (yellow, orange), white on dark ones. */
export function readableTextOn(color: string): string {
  const named: Record<string, string> = { yellow: '#ffff00', orange: '#ffa500', white: '#ffffff', gold: '#ffd700' };
  let hex = named[color.toLowerCase()] ?? color;
  if (!hex.startsWith('#')) return '#ffffff';
  if (hex.length === 4) hex = `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}`;
  const n = parseInt(hex.slice(1), 16);
  const lum = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return lum > 0.6 ? '#000000' : '#ffffff';
}

function extendBBox(b: BBox | null, lon: number, lat: number): BBox {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return b as BBox;
  if (!b) return [lon, lat, lon, lat];
  return [Math.min(b[0], lon), Math.min(b[1], lat), Math.max(b[2], lon), Math.max(b[3], lat)];
}

function geometryBBox(g: Geometry | null, b: BBox | null): BBox | null {
  if (!g) return b;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') b = extendBBox(b, c[0] as number, c[1] as number);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  if (g.type === 'GeometryCollection') for (const x of g.geometries) b = geometryBBox(x, b);
  else walk(g.coordinates);
  return b;
}

/** Pads a bbox by a share of its size (at least ~1 km) so nothing sits on the map's edge. */
function pad(b: BBox, share = 0.06): BBox {
  const dx = Math.max((b[2] - b[0]) * share, 0.01);
  const dy = Math.max((b[3] - b[1]) * share, 0.01);
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

function inBBox(b: BBox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** A run's parameters with the layers they refer to by id named instead (a network, a border). */
function namedLayerRefs(params: Props, names: Record<number, string>): Props {
  const out: Props = { ...params };
  for (const key of LAYER_REF_PARAMS) {
    const v = out[key];
    if (typeof v === 'number' && names[v] !== undefined) out[key] = names[v];
  }
  return out;
}

function compact(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v));
}

function periodText(from: string | null, to: string | null, layer: LayerInfo | null, tz: string, w: Words): string | null {
  // An asked-for window is shown as asked (an open end stays open); otherwise the data's own span.
  const range = from || to ? null : layer?.timeRange;
  const start = from ?? (range ? localDateOf(range[0], tz) : null);
  const end = to ?? (range ? localDateOf(range[1], tz) : null);
  if (!start && !end) return null;
  const when = (text: string | null) => (text ? formatDateText(text, tz, w.language) : '…');
  return w.t('period', { from: when(start), to: when(end), tz });
}

/**
 * A timeline bin's axis label. English keeps the timeline's ISO labels (2023-07-14, 2023-W28,
 * 2023-07); languages that name months write a day or week as its first day (10 jul 2023) and a
 * month as "jul 2023".
 */
function binLabel(b: { label: string; start: number }, bin: string, tz: string, language: Language): string {
  if (DATE_STYLE[language] === 'iso') return b.label;
  return bin === 'month' ? formatMonthOf(b.start, tz, language) : formatDayOf(b.start, tz, language);
}

function incidentLayer(inc: IncidentFacts, extentHint: BBox | null, mapWidthIn: number, w: Words): { layer: BriefingLayer; legend: LegendGroup } {
  const p = inc.points;
  const counts = new Map<number, number>();
  for (let i = 0; i < p.count; i++) counts.set(p.category[i], (counts.get(p.category[i]) ?? 0) + 1);
  // Colours follow the layer's own category order (by frequency), so one category keeps its
  // colour whatever the selection.
  const order = inc.layer.categories.map((c) => c.category);
  const colorOf = (k: number): string => {
    if (k < 0 || k >= p.categories.length) return UNCATEGORIZED_COLOR;
    const at = order.indexOf(p.categories[k]);
    return categoryColor(at < 0 ? order.length + k : at);
  };
  const title = `${inc.layer.name} (${incidentsText(w, p.count)})`;
  const id = `layer-${inc.layer.id}`;
  if (p.count > POINT_LIMIT) {
    const layer: BriefingLayer = { id, kind: 'heatmap', title, data: heatPoints(p, extentHint, mapWidthIn), labels: [], ramp: HEAT_RAMP };
    return {
      layer,
      legend: {
        title: inc.layer.name,
        entries: [{ label: w.t('legend.heat', { incidents: incidentsText(w, p.count) }), swatch: 'heat', color: HEAT_RAMP[3][1], count: p.count }],
      },
    };
  }
  const features: Feature<Point>[] = [];
  for (let i = 0; i < p.count; i++) {
    const k = p.category[i];
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon[i], p.lat[i]] },
      properties: { _color: colorOf(k), category: k >= 0 ? p.categories[k] : null },
    });
  }
  const entries: LegendEntry[] = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([k, n]) => ({
      label: k >= 0 && k < p.categories.length ? categoryLabel(p.categories[k], w.language, layerCategoryLabels(inc.layer)) : w.t('legend.noCategory'),
      swatch: 'point' as const,
      color: colorOf(k),
      count: n,
    }));
  const plain: LegendGroup = { title: inc.layer.name, entries };
  if (inc.styling && inc.properties) {
    // Styled or labelled by attribute in the app: drawn, labelled and keyed as the map shows the layer.
    const r = styledLayer(
      features.map((f, i) => ({ geometry: f.geometry, properties: inc.properties![i] })),
      inc.styling,
      { layer: inc.layer.name, swatch: 'point', plainColor: (i) => colorOf(p.category[i]), categoryLabels: styleCategoryLabels(inc.layer, inc.styling), language: w.language, t: w.t },
    );
    return {
      layer: { id, kind: 'incidents', title, data: { type: 'FeatureCollection', features: r.features }, labels: r.labels, ...(r.legend ? { styled: true } : {}) },
      legend: r.legend ?? { ...plain, ...(inc.styling.labels ? { note: w.t('legend.labels', { field: inc.styling.labels }) } : {}) },
    };
  }
  return {
    layer: { id, kind: 'incidents', title, data: { type: 'FeatureCollection', features }, labels: [] },
    legend: plain,
  };
}

/** The layer's labels of its category codes, when the style reads the category field (as the app's style legend names them). */
const styleCategoryLabels = (layer: LayerInfo, styling: LayerStyling): CategoryLabels | undefined =>
  styling.symbology?.field === layer.mapping.category ? layerCategoryLabels(layer) : undefined;

/**
 * Heat cells are about this many CSS pixels across on paper: half the heatmap kernel's 14 px
 * radius, so the drawn surface stays smooth, while the page gets a few thousand weighted points
 * to draw in software WebGL instead of tens of thousands.
 */
const HEAT_CELL_PX = 7;
const CSS_PX_PER_IN = 96;

/** The heat grid for a map `mapWidthIn` wide over `b`: square cells on the (Mercator) map, ≤ HEAT_GRID a side. */
export function heatGrid(b: BBox, mapWidthIn: number): { nx: number; ny: number } {
  const dx = Math.max(b[2] - b[0], 1e-9);
  const dy = Math.max(b[3] - b[1], 1e-9);
  // A cell's height in degrees of latitude is its width times cos(latitude) to look square.
  const cos = Math.max(Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180), 0.01);
  let nx = Math.min(HEAT_GRID, Math.max(16, Math.round((mapWidthIn * CSS_PX_PER_IN) / HEAT_CELL_PX)));
  let ny = Math.ceil(dy / ((dx / nx) * cos));
  if (ny > HEAT_GRID) {
    // Taller than wide: the height sets the cell size.
    nx = Math.max(1, Math.ceil((nx * HEAT_GRID) / ny));
    ny = HEAT_GRID;
  }
  return { nx, ny: Math.max(1, ny) };
}

/** The extent of the points, or null when there is none; one pass, no per-point allocation. */
function pointsBBox(p: PointColumns): BBox | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < p.count; i++) {
    const lon = p.lon[i];
    const lat = p.lat[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (lon < x0) x0 = lon;
    if (lon > x1) x1 = lon;
    if (lat < y0) y0 = lat;
    if (lat > y1) y1 = lat;
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : null;
}

/** Bins a large layer to a grid of weighted points: a million incidents reach the page as ≤ 25 600. */
function heatPoints(p: PointColumns, extent: BBox | null, mapWidthIn: number): FeatureCollection<Point> {
  const [x0, y0, x1, y1] = extent ?? pointsBBox(p) ?? DEFAULT_EXTENT;
  const { nx, ny } = heatGrid([x0, y0, x1, y1], mapWidthIn);
  const sx = nx / Math.max(x1 - x0, 1e-9);
  const sy = ny / Math.max(y1 - y0, 1e-9);
  const cells = new Float64Array(nx * ny);
  for (let i = 0; i < p.count; i++) {
    const lon = p.lon[i];
    const lat = p.lat[i];
    if (!(lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1)) continue;
    // The east and north edges belong to the last cell, not to one past it.
    const cx = Math.min(nx - 1, Math.floor((lon - x0) * sx));
    const cy = Math.min(ny - 1, Math.floor((lat - y0) * sy));
    cells[cy * nx + cx]++;
  }
  let max = 0;
  for (const v of cells) if (v > max) max = v;
  const features: Feature<Point>[] = [];
  // Rounded: 1e-5° is about a metre, far below a cell; the page's JSON stays small.
  const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
  for (let k = 0; k < cells.length; k++) {
    if (!cells[k]) continue;
    const lon = x0 + ((k % nx) + 0.5) / sx;
    const lat = y0 + (Math.floor(k / nx) + 0.5) / sy;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r5(lon), r5(lat)] },
      properties: { _weight: Math.round(Math.sqrt(cells[k] / max) * 1000) / 1000, n: cells[k] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * A line or polygon layer drawn under the results: in the reference colour, keyed under
 * "Reference"; styled by attribute in the app, in that style with its own legend group
 * (`styled`); labelled, with its labels.
 */
function referenceLayer(
  info: LayerInfo,
  fc: FeatureCollection<Geometry | null>,
  w: Words,
  styling: LayerStyling | undefined,
): { layer: BriefingLayer; legend: LegendGroup; styled: LegendGroup | null } {
  const polygons = info.geometryType.includes('Polygon');
  const color = polygons ? REFERENCE_POLYGON_COLOR : REFERENCE_LINE_COLOR;
  const kind = polygons ? 'polygons' : 'lines';
  const id = `layer-${info.id}`;
  const legend: LegendGroup = { title: w.t('legend.reference'), entries: [{ label: info.name, swatch: polygons ? 'fill' : 'line', color }] };
  if (styling) {
    const swatch = polygons ? 'fill' : 'line';
    const r = styledLayer(fc.features, styling, { layer: info.name, swatch, plainColor: () => color, categoryLabels: styleCategoryLabels(info, styling), language: w.language, t: w.t });
    const data: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: r.features };
    return { layer: { id, kind, title: info.name, data, labels: r.labels, ...(r.legend ? { styled: true } : {}) }, legend, styled: r.legend };
  }
  const data: FeatureCollection<Geometry | null> = {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { _color: color } })),
  };
  return { layer: { id, kind, title: info.name, data, labels: [] }, legend, styled: null };
}

type Props = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function analysisLayer(a: AnalysisDetail, w: Words): { layer: BriefingLayer | null; legend: LegendGroup | null } {
  const id = `analysis-${a.id}`;
  const features = a.geojson.features;
  const titled = analysisTitle(w, a);
  switch (a.kind) {
    case 'dbscan': {
      const labels: MapLabel[] = [];
      const out = features.map((f) => {
        const p = (f.properties ?? {}) as Props;
        const lon = num(p.centroid_lon);
        const lat = num(p.centroid_lat);
        // Labels for the largest clusters only: a page of overlapping numbers informs nobody.
        if (lon !== null && lat !== null && (num(p.rank) ?? Infinity) <= MAX_CLUSTER_LABELS) {
          // A circle (no area): the label's middle a radius and half a line above its centre.
          const above = f.geometry?.type === 'Point' ? Math.round(pointClusterRadius(num(p.count) ?? 1) + 9) : undefined;
          labels.push({ lon, lat, text: `#${String(p.rank)}: ${String(p.count)}`, color: CLUSTER_COLOR, ...(above ? { above } : {}) });
        }
        return { type: 'Feature' as const, geometry: f.geometry, properties: { _color: CLUSTER_COLOR, rank: p.rank, count: p.count } };
      });
      // Rank order: the page places labels greedily, so the largest clusters win any overlap.
      const byRank = (t: string) => Number(/^#(\d+)/.exec(t)?.[1] ?? Infinity);
      labels.sort((x, y) => byRank(x.text) - byRank(y.text));
      const onePoint = features.filter((f) => f.geometry?.type === 'Point').length;
      return {
        layer: { id, kind: 'dbscan', title: titled, data: { type: 'FeatureCollection', features: out }, labels },
        legend: {
          title: titled,
          entries: [
            { label: w.t('legend.cluster'), swatch: 'fill', color: CLUSTER_COLOR, count: features.length - onePoint },
            // A cluster without an area (its incidents geocoded to one spot) is drawn as a circle.
            ...(onePoint ? [{ label: w.t('legend.clusterPoint'), swatch: 'point' as const, color: CLUSTER_COLOR, count: onePoint }] : []),
          ],
        },
      };
    }
    case 'gistar': {
      const counts = new Map<number, number>();
      const out: Feature<Geometry | null>[] = [];
      for (const f of features) {
        const p = (f.properties ?? {}) as Props;
        const bin = num(p.gi_bin) ?? 0;
        // Insignificant cells would grey out the whole map; the legend says they are omitted.
        if (bin === 0) continue;
        counts.set(bin, (counts.get(bin) ?? 0) + 1);
        out.push({ type: 'Feature', geometry: f.geometry, properties: { _color: GI_BIN_COLORS[bin], bin, count: p.count ?? null } });
      }
      const entries: LegendEntry[] = [3, 2, 1, -1, -2, -3]
        .filter((b) => counts.has(b))
        .map((b) => ({ label: w.t(`legend.giBin.${GI_BIN_KEYS[b]}`), swatch: 'fill' as const, color: GI_BIN_COLORS[b], count: counts.get(b) }));
      if (!entries.length) entries.push({ label: w.t('legend.noSignificantCell'), swatch: 'fill', color: GI_BIN_COLORS[0] });
      return {
        layer: { id, kind: 'gistar', title: titled, data: { type: 'FeatureCollection', features: out }, labels: [] },
        legend: { title: titled, entries },
      };
    }
    case 'kde': {
      const percents = [...new Set(features.map((f) => num((f.properties as Props | null)?.contour_percent)).filter((v): v is number => v !== null))].sort(
        (x, y) => x - y,
      );
      const colorOf = (pc: number | null) => kdeContourColor(percents, pc);
      const out = features.map((f) => {
        const pc = num((f.properties as Props | null)?.contour_percent);
        return { type: 'Feature' as const, geometry: f.geometry, properties: { _color: colorOf(pc), percent: pc } };
      });
      return {
        layer: { id, kind: 'kde', title: titled, data: { type: 'FeatureCollection', features: out }, labels: [] },
        legend: {
          title: titled,
          entries: percents.map((pc) => ({ label: w.t('legend.densest', { percent: pc }), swatch: 'line' as const, color: colorOf(pc) })),
        },
      };
    }
    case 'corridors': {
      const labels: MapLabel[] = [];
      const out: Feature<Geometry | null>[] = [];
      for (const f of features) {
        const g = f.geometry;
        if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) continue;
        const p = (f.properties ?? {}) as Props;
        out.push({ type: 'Feature', geometry: g, properties: { _color: CORRIDOR_COLOR } });
        const mid = g.type === 'LineString' ? g.coordinates[Math.floor(g.coordinates.length / 2)] : g.coordinates[0]?.[0];
        const n = num(p.count) ?? num(p.incidents);
        if (mid && p.corridor_id !== undefined) labels.push({ lon: mid[0], lat: mid[1], text: `C${String(p.corridor_id)}${n !== null ? `: ${n}` : ''}`, color: CORRIDOR_COLOR });
      }
      return {
        layer: { id, kind: 'corridors', title: titled, data: { type: 'FeatureCollection', features: out }, labels },
        legend: { title: titled, entries: [{ label: w.t('legend.corridor'), swatch: 'line', color: CORRIDOR_COLOR, count: out.length }] },
      };
    }
    case 'areas': {
      // The choropleth's classes as the run stored them: the app's legend reads the same.
      const classes = (Array.isArray(a.summary.classes) ? a.summary.classes : []) as ValueClass[];
      const out = features.map((f) => {
        const p = (f.properties ?? {}) as Props;
        return { type: 'Feature' as const, geometry: f.geometry, properties: { _color: areaClassColor(p.class, classes.length), count: p.count ?? null } };
      });
      const value = String(a.summary.mapValue ?? 'count');
      const colors = areaClassColors(classes.length);
      const entries: LegendEntry[] = legendBounds(classes, value === 'count').map(([lo, hi], i) => ({
        label: lo === hi ? formatNumber(lo, w.language, 2) : w.t('legend.areaClass', { from: formatNumber(lo, w.language, 2), to: formatNumber(hi, w.language, 2) }),
        swatch: 'fill' as const,
        color: colors[i],
        count: classes[i].count,
      }));
      const noData = num(a.summary.noData) ?? 0;
      if (noData) entries.push({ label: w.t('legend.noValue'), swatch: 'fill', color: AREA_NO_DATA_COLOR, count: noData });
      return {
        layer: { id, kind: 'areas', title: titled, data: { type: 'FeatureCollection', features: out }, labels: [] },
        legend: { title: `${titled}: ${w.t(`legend.areaValue.${value}`, { defaultValue: value })}`, entries },
      };
    }
    default:
      return { layer: null, legend: null };
  }
}

function quantityText(q: unknown, w: Words): string | undefined {
  if (!q || typeof q !== 'object') return undefined;
  const parts = Object.entries(q as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number' && v > 0)
    .map(([unit, v]) => `${formatNumber(v as number, w.language)} ${unit}`);
  return parts.length ? parts.join(', ') : undefined;
}

function topCategories(c: unknown, w: Words, n: number, labels: CategoryLabels | undefined): string | undefined {
  if (!c || typeof c !== 'object') return undefined;
  // The analyst's label is data, never re-cased; a generated phrase reads in lower case mid-sentence.
  const parts = Object.entries(c as Record<string, number>)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${ownCategoryLabel(k, w.language, labels) ?? categoryLabel(k, w.language).toLowerCase()} ${v}`);
  return parts.length ? parts.join(', ') : undefined;
}

const coordText = (c: unknown, w: Words): string =>
  Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number'
    ? `${Math.abs(c[1]).toFixed(3)}°${w.t(c[1] >= 0 ? 'compass.N' : 'compass.S')} ${Math.abs(c[0]).toFixed(3)}°${w.t(c[0] >= 0 ? 'compass.E' : 'compass.W')}`
    : '';

function analysisFigures(a: AnalysisDetail, w: Words, labels: CategoryLabels | undefined): KeyFigureSection | null {
  const { t, language } = w;
  const s = a.summary;
  const title = analysisTitle(w, a);
  switch (a.kind) {
    case 'dbscan': {
      const top = (Array.isArray(s.top) ? s.top : []) as Props[];
      const clustered = t('figures.clustered', { incidents: incidentsText(w, num(s.incidents) ?? 0), percent: Math.round((num(s.clusteredShare) ?? 0) * 100) });
      const rows: KeyFigureRow[] = [{ label: t('figures.clusters'), value: formatCount(num(s.clusters) ?? 0), detail: clustered }];
      for (const c of top.slice(0, 3)) {
        const detail = [coordText(c.centroid, w), quantityText(c.quantityByUnit, w) ?? topCategories(c.countsByCategory, w, 2, labels)].filter(Boolean).join('; ');
        rows.push({ label: t('figures.hotspot', { rank: String(c.rank) }), value: incidentsText(w, num(c.count) ?? 0), detail });
      }
      return { title, rows };
    }
    case 'gistar': {
      const rows: KeyFigureRow[] = [
        { label: t('figures.hotCells'), value: `${s.hot99 ?? 0} / ${s.hot95 ?? 0} / ${s.hot90 ?? 0}` },
        { label: t('figures.coldCells'), value: `${s.cold99 ?? 0} / ${s.cold95 ?? 0} / ${s.cold90 ?? 0}` },
      ];
      const cells = a.geojson.features
        .map((f) => (f.properties ?? {}) as Props)
        .filter((p) => (num(p.gi_bin) ?? 0) > 0)
        .sort((x, y) => (num(y.gi_z) ?? 0) - (num(x.gi_z) ?? 0))
        .slice(0, 2);
      for (const p of cells) {
        rows.push({
          label: t('figures.hottestCell', { id: String(p.cell_id ?? p.feature_id ?? '') }),
          value: p.count !== undefined ? incidentsText(w, num(p.count) ?? 0) : formatNumber(num(p.value) ?? 0, language),
          detail: `z = ${(num(p.gi_z) ?? 0).toFixed(2)}, ${formatP(num(p.gi_p) ?? 1)}`,
        });
      }
      return { title, rows };
    }
    case 'kde':
      return {
        title,
        rows: [
          { label: t('figures.bandwidth'), value: `${formatCount(num(s.bandwidthM) ?? 0)} m`, detail: t('figures.cellSize', { size: `${formatCount(num(s.cellSizeM) ?? 0)} m` }) },
          { label: t('figures.peakDensity'), value: t('figures.perKm2', { value: formatNumber(num(s.peakDensityPerKm2) ?? 0, language, 2) }) },
        ],
      };
    // The stored sentences are English: these two are said again from the run's numbers.
    case 'nni': {
      if (typeof s.pattern !== 'string') return null;
      const sentence = nniSentence({ pattern: s.pattern as NniPattern, ratio: num(s.ratio) ?? NaN, z: num(s.z) ?? NaN, p: num(s.p) ?? NaN }, language);
      return { title, rows: [{ label: t('figures.pattern'), value: sentence }] };
    }
    case 'areas': {
      const rows: KeyFigureRow[] = [
        { label: t('figures.inAreas'), value: formatCount(num(s.inAreas) ?? 0), detail: t('figures.ofAll', { n: formatCount(num(s.incidents) ?? 0) }) },
      ];
      for (const r of ((Array.isArray(s.topAreas) ? s.topAreas : []) as Props[]).slice(0, 3)) {
        if (!num(r.count)) continue;
        const density = num(r.density);
        rows.push({
          label: String(r.name ?? `#${String(r.source_index)}`),
          value: incidentsText(w, num(r.count) ?? 0),
          ...(density !== null ? { detail: t('figures.per100Km2', { value: formatNumber(density, language, 2) }) } : {}),
        });
      }
      return { title, rows };
    }
    case 'emerging':
      return s.patterns && typeof s.patterns === 'object'
        ? { title, rows: [{ label: t('figures.summary'), value: emergingSummary(s.patterns as Record<EmergingCategory, number>, language) }] }
        : null;
    default:
      return null;
  }
}

function selectionText(sel: unknown, w: Words): string {
  if (!sel || typeof sel !== 'object') return w.t('selection.all');
  const s = sel as Props;
  const parts = [`${String(s.layer ?? '?')}`];
  if (s.from || s.to) parts.push(w.t('selection.period', { from: String(s.from ?? '…'), to: String(s.to ?? '…') }));
  if (Array.isArray(s.categories) && s.categories.length) parts.push(w.t('selection.categories', { list: s.categories.join(', ') }));
  if (s.within) parts.push(w.t('selection.within', { area: String(s.within) }));
  if (typeof s.where === 'string') parts.push(w.t('selection.where', { filter: s.where }));
  if (typeof s.withinDistance === 'string') {
    const d = splitWithinDistance(s.withinDistance);
    parts.push(w.t('selection.withinDistance', { metres: formatNumber(d.metres, w.language), layer: d.layer }));
  }
  const leftOut = (s.leftOut ?? {}) as Props;
  const records = (v: unknown) => formatCount(typeof v === 'number' ? v : 0);
  if (typeof s.precisionMax === 'number') {
    parts.push(w.t('selection.precisionMax', { max: s.precisionMax, records: records((num(leftOut.precision) ?? 0) + (num(leftOut.noPrecision) ?? 0)) }));
  }
  if (s.excludeStacked) parts.push(w.t('selection.excludeStacked', { records: records(leftOut.stacked) }));
  if (typeof s.count === 'number') parts.push(incidentsText(w, s.count));
  return parts.join('; ');
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:,=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function reproduceCommand(o: BriefingOptions, facts: BriefingFacts, extent: BBox, page: PageSize, orientation: Orientation): string {
  const a = ['frontera', 'brief', shellQuote(facts.workspace.file)];
  for (const id of o.analyses ?? []) a.push('--analysis', String(id));
  if (o.layers?.length) a.push('--layers', shellQuote(o.layers.join(',')));
  a.push('--bbox', extent.map((v) => Number(v.toFixed(5))).join(','));
  if (o.title) a.push('--title', shellQuote(o.title));
  if (o.subtitle) a.push('--subtitle', shellQuote(o.subtitle));
  if (o.banner) a.push('--banner', shellQuote(o.banner));
  if (o.bannerColor) a.push('--banner-color', shellQuote(o.bannerColor));
  a.push('--page', page);
  if (orientation === 'landscape') a.push('--landscape');
  if (o.from) a.push('--from', shellQuote(o.from));
  if (o.to) a.push('--to', shellQuote(o.to));
  for (const c of o.categories ?? []) a.push('--category', shellQuote(c));
  if (o.within) a.push('--within', shellQuote(o.within));
  if (o.withinDistance) a.push('--within-distance', shellQuote(`${o.withinDistance.layer}:${o.withinDistance.metres}`));
  if (o.where) a.push('--where', shellQuote(o.where));
  if (o.compare) a.push('--compare-split', o.compare.split, '--compare-days', String(o.compare.days));
  if (o.language) a.push('--lang', o.language);
  a.push('--at', facts.generatedAt, '--out', 'FILE.pdf');
  return a.join(' ');
}

export function buildBriefingModel(facts: BriefingFacts, options: BriefingOptions = {}): BriefingModel {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const w: Words = { language, t: translator(language, 'briefing') };
  const { t } = w;
  const tz = facts.workspace.timezone;
  const size: PageSize = options.page ?? 'letter';
  const orientation: Orientation = options.orientation ?? 'portrait';
  const inches = pageInches(size, orientation);
  const inc = facts.incidents;
  const incidentCount = inc?.points.count ?? 0;

  // Extent: asked for, else what is drawn (selected incidents and analysis results), else the layers.
  let fit: BBox | null = null;
  if (inc) fit = pointsBBox(inc.points);
  for (const a of facts.analyses) for (const f of a.geojson.features) if (a.kind !== 'nni') fit = geometryBBox(f.geometry, fit);
  if (!fit) for (const l of facts.layers) if (l.info.bbox) fit = geometryBBox({ type: 'MultiPoint', coordinates: [[l.info.bbox[0], l.info.bbox[1]], [l.info.bbox[2], l.info.bbox[3]]] }, fit);
  const extent: BBox = options.bbox ?? (fit ? pad(fit) : DEFAULT_EXTENT);

  const layers: BriefingLayer[] = [];
  const legend: LegendGroup[] = [];
  const references: LegendGroup = { title: t('legend.reference'), entries: [] };
  const styledGroups: LegendGroup[] = [];
  for (const l of facts.layers) {
    if (inc && l.info.id === inc.layer.id) continue;
    if (!l.features) continue;
    const r = referenceLayer(l.info, l.features, w, l.styling);
    layers.push(r.layer);
    if (r.styled) styledGroups.push(r.styled);
    else references.entries.push(...r.legend.entries.map((e) => (l.styling?.labels ? { ...e, label: `${e.label} (${t('legend.labels', { field: l.styling.labels })})` } : e)));
  }
  const analysisLayers = facts.analyses.map((a) => analysisLayer(a, w));
  // With results on the map the incidents are context, drawn first and light; the results
  // (areas, then outlines and lines) go over them, because they are what the briefing says.
  if (inc && incidentCount > 0) {
    const r = incidentLayer(inc, options.bbox ?? null, inches.width - 2 * PRINT_MARGIN_IN, w);
    if (analysisLayers.some((a) => a.layer)) r.layer.emphasis = 'context';
    layers.push(r.layer);
    legend.push(r.legend);
  }
  const underneath = (k: BriefingLayerKind) => k === 'areas' || k === 'gistar' || k === 'kde';
  for (const r of analysisLayers) if (r.layer && underneath(r.layer.kind)) layers.push(r.layer);
  for (const r of analysisLayers) if (r.layer && !underneath(r.layer.kind)) layers.push(r.layer);
  for (const r of analysisLayers) if (r.legend) legend.push(r.legend);
  legend.push(...styledGroups);
  if (references.entries.length) legend.push(references);

  const keyFigures: KeyFigureSection[] = [];
  /** The incident layer's own labels of its category codes (shared/api/categoryLabels.ts). */
  const incLabels = layerCategoryLabels(inc?.layer);
  if (inc) {
    const rows: KeyFigureRow[] = [{ label: t('figures.inSelection'), value: formatCount(incidentCount) }];
    const inView = (() => {
      let n = 0;
      for (let i = 0; i < inc.points.count; i++) if (inBBox(extent, inc.points.lon[i], inc.points.lat[i])) n++;
      return n;
    })();
    if (inView !== incidentCount) rows.push({ label: t('figures.insideMap'), value: formatCount(inView) });
    const byCat = new Map<number, { n: number; q: Map<number, number> }>();
    for (let i = 0; i < inc.points.count; i++) {
      const k = inc.points.category[i];
      const e = byCat.get(k) ?? { n: 0, q: new Map<number, number>() };
      e.n++;
      const q = inc.points.quantity[i];
      const u = inc.points.unit[i];
      if (Number.isFinite(q) && u >= 0) e.q.set(u, (e.q.get(u) ?? 0) + q);
      byCat.set(k, e);
    }
    for (const [k, e] of [...byCat.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 4)) {
      const q = [...e.q.entries()].map(([u, v]) => `${formatNumber(Math.round(v * 10) / 10, language)} ${inc.points.units[u]}`).join(', ');
      const label = k >= 0 ? categoryLabel(inc.points.categories[k], language, incLabels) : t('legend.noCategory');
      rows.push({ label, value: formatCount(e.n), ...(q ? { detail: q } : {}) });
    }
    keyFigures.push({ title: categoriesPhrase(inc.selection.categories ?? undefined, language, incLabels).text, rows });
  }
  for (const a of facts.analyses) {
    // A run on the briefing's incident layer names its categories by that layer's labels.
    const s = analysisFigures(a, w, a.layerId === inc?.layer.id ? incLabels : undefined);
    if (s) keyFigures.push(s);
  }

  const cmp = facts.comparison?.result;
  const comparison: BriefingComparison | null = cmp
    ? {
        sentence: comparisonSentence(cmp, cmp.categories ?? undefined, language, incLabels),
        pValue: cmp.pValue,
        pText: cmp.pValue === null ? t('figures.noTest') : formatP(cmp.pValue),
        significant: cmp.significant,
        before: { ...cmp.before },
        after: { ...cmp.after },
      }
    : null;

  const tl = options.timeline === false ? null : facts.timeline;
  const timeline = tl
    ? {
        bin: tl.timeline.bin,
        tz: tl.timeline.tz,
        bins: tl.timeline.bins.map((b) => ({ label: binLabel(b, tl.timeline.bin, tl.timeline.tz, language), start: b.start, total: b.total })),
        total: tl.total,
      }
    : null;

  const drawnLayers = [...facts.layers.map((l) => l.info), ...(inc ? [inc.layer] : [])];
  const synthetic = drawnLayers.find((l) => l.metadata?.synthetic === true);
  // The demo's own note is ours to translate; a note that came with the user's data is data.
  const note = synthetic?.metadata.note;
  const syntheticNote = synthetic ? (typeof note === 'string' && note !== SYNTHETIC_NOTE ? note : t('synthetic')) : null;

  const seen = new Set<number>();
  const sources: string[] = [];
  for (const l of drawnLayers) {
    if (seen.has(l.id)) continue;
    seen.add(l.id);
    const features = t('sources.features', { count: l.featureCount, n: formatCount(l.featureCount) });
    const source = `${l.name}: ${l.sourceFile} (${l.sourceFormat}, ${l.sourceCrs}), ${features}, sha256 ${l.fingerprint.slice(0, 12)}`;
    sources.push(l.metadata?.synthetic === true ? t('sources.synthetic', { source }) : source);
  }
  sources.push(t('sources.basemap'));

  const generatedAt = new Date(facts.generatedAt);
  const layerForPeriod = inc?.layer ?? null;
  const period = periodText(inc?.selection.from ?? null, inc?.selection.to ?? null, layerForPeriod, tz, w);
  const title = options.title ?? `${categoriesPhrase(inc?.selection.categories ?? undefined, language, incLabels).text}: ${inc?.layer.name ?? t('workspace')}`;

  let notice: string | null = null;
  if (incidentCount === 0) {
    notice = !inc ? t('notice.noLayer') : period ? t('notice.inPeriod', { period }) : `${t('notice.noIncidents')}.`;
  }

  const analyses: ProvenanceAnalysis[] = facts.analyses.map((a) => {
    const { selection, layer, kind: _kind, ...rest } = a.params as Props;
    return {
      id: a.id,
      kind: a.kind,
      method: methodName(w, a.kind),
      // By name: the selection records it; the panel sends the layer's id.
      layer: String((selection as Props | undefined)?.layer ?? layer ?? a.layerId ?? ''),
      params: compact(namedLayerRefs(rest, facts.layerNames)),
      selection: selectionText(selection, w),
      inputFingerprint: a.inputFingerprint,
      createdAt: a.createdAt,
    };
  });

  return {
    version: 1,
    language,
    title,
    subtitle: options.subtitle ?? (period && capitalise(period)),
    banner: bannerOf(options.banner, options.bannerColor),
    dtg: dateTimeGroup(generatedAt, language),
    generatedAt: facts.generatedAt,
    analyst: options.analyst ?? null,
    unit: options.unit ?? null,
    page: { size, orientation, widthIn: inches.width, heightIn: inches.height, marginIn: PRINT_MARGIN_IN },
    synthetic: syntheticNote,
    notice,
    extent,
    incidentCount,
    layers,
    legend,
    keyFigures,
    comparison,
    timeline,
    sources,
    provenance: {
      workspace: { ...facts.workspace },
      selection: {
        layer: inc?.layer.name ?? null,
        layerFingerprint: inc?.layer.fingerprint ?? null,
        from: inc?.selection.from ?? null,
        to: inc?.selection.to ?? null,
        categories: inc?.selection.categories ?? null,
        within: inc?.selection.within ?? null,
        ...(inc?.selection.withinDistance ? { withinDistance: inc.selection.withinDistance } : {}),
        ...(inc?.selection.where ? { where: inc.selection.where } : {}),
        count: incidentCount,
      },
      analyses,
      comparison: facts.comparison ? { request: compact(facts.comparison.request), test: translator(language, 'analysis')('compare.testName') } : null,
      timeline: timeline ? { bin: timeline.bin, tz: timeline.tz } : null,
      generator: `Frontera ${facts.appVersion}`,
      reproduce: reproduceCommand(options, facts, extent, size, orientation),
    },
  };
}

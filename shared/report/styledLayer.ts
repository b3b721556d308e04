/**
 * A layer styled and labelled by attribute on the printed briefing, as the map draws it
 * (renderer/map/symbology.ts): each feature's colour (and, graduated by size, its circle radius)
 * from the saved style's categories or classes, its label from the labels field, and the
 * legend's classes counted over the features printed. The rules are the map's: a value matches a
 * category as MapLibre's to-string writes it; class i > 0 holds lower < v ≤ upper; a feature
 * without a number is in the no-data grey (by colour) or the smallest circle (by size).
 */
import type { Feature, Geometry, Position } from 'geojson';
import polylabel from 'polylabel';
import type { TFunction } from 'i18next';
import type { LayerStyling, Symbology } from '../api/symbology.ts';
import type { CategoryLabels } from '../api/categoryLabels.ts';
import { legendBounds } from '../analysis/classify.ts';
import { ownCategoryLabel } from '../analysis/categoryLabels.ts';
import { formatNumber } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';
import { AREA_NO_DATA_COLOR } from './resultStyle.ts';

/** The map's label colour (renderer/map/symbology.ts LABEL_PAINT); the page draws a white halo round it. */
const LABEL_COLOR = '#222222';
/** A point's label sits this many CSS px above it, clear of its circle. */
const POINT_LABEL_ABOVE = 9;
/** Pole of inaccessibility to about 100 m: finer moves no label on paper. */
const POLE_PRECISION_DEG = 0.001;

type Swatch = 'point' | 'fill' | 'line';

interface StyledEntry {
  label: string;
  swatch: Swatch;
  color: string;
  count: number;
  /** A graduated-size class's circle radius (px). */
  radius?: number;
}

interface StyledLabel {
  lon: number;
  lat: number;
  text: string;
  color: string;
  above?: number;
}

interface StyledLayerResult {
  features: Feature<Geometry | null>[];
  labels: StyledLabel[];
  /** Null when the layer is labelled only (its plain colour stays in the reference legend). */
  legend: { title: string; note?: string; entries: StyledEntry[] } | null;
}

/** A value as MapLibre's ['to-string', ['get', field]] writes it: a missing value is the empty text. */
function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean);
}

/** Index of the class a value falls in (lower exclusive but for the first, upper inclusive), or −1 without a number. */
function classOf(s: Extract<Symbology, { mode: 'graduated' }>, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return -1;
  let c = 0;
  while (c < s.classes.length - 1 && v > s.classes[c].upper) c++;
  return c;
}

/** Index of the category a value matches, or −1 for the "other" colour. */
const categoryOf = (s: Extract<Symbology, { mode: 'categorized' }>, v: unknown): number => s.categories.findIndex((c) => c.value === asText(v));

function paint(s: Symbology, v: unknown): { color: string; radius?: number; bin: number } {
  if (s.mode === 'categorized') {
    const k = categoryOf(s, v);
    return { color: k < 0 ? s.other : s.categories[k].color, bin: k };
  }
  const k = classOf(s, v);
  // By size the classes keep the layer's colour; missing values take the smallest circle, as on the map.
  if (s.by === 'size') return { color: s.classes[Math.max(k, 0)].color, radius: s.classes[Math.max(k, 0)].radius, bin: k };
  return { color: k < 0 ? AREA_NO_DATA_COLOR : s.classes[k].color, bin: k };
}

/** Area of a ring in square degrees (shoelace): picks a multipolygon's largest part to label. */
function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

/** Where the map would put a feature's label: a point itself, a line's middle vertex, a polygon's pole of inaccessibility. */
function labelPoint(g: Geometry | null): { at: Position; point: boolean; area: number } | null {
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return { at: g.coordinates, point: true, area: 0 };
    case 'MultiPoint':
      return g.coordinates[0] ? { at: g.coordinates[0], point: true, area: 0 } : null;
    case 'LineString':
      return g.coordinates.length ? { at: g.coordinates[Math.floor(g.coordinates.length / 2)], point: false, area: 0 } : null;
    case 'MultiLineString': {
      const longest = [...g.coordinates].sort((a, b) => b.length - a.length)[0];
      return longest?.length ? { at: longest[Math.floor(longest.length / 2)], point: false, area: 0 } : null;
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const largest = parts.filter((p) => p[0]?.length).sort((a, b) => ringArea(b[0]) - ringArea(a[0]))[0];
      if (!largest) return null;
      return { at: polylabel(largest as [number, number][][], POLE_PRECISION_DEG), point: false, area: ringArea(largest[0]) };
    }
    default:
      return null;
  }
}

/**
 * The printed features with `_color` (and `_radius`), the labels and the legend of a layer
 * styled by `styling`. `swatch` is how the legend draws a class; `plainColor`, a feature's colour
 * when the layer is labelled only; `categoryLabels`, the layer's labels of its category codes
 * when the style's field is the category.
 */
export function styledLayer(
  features: readonly { geometry: Geometry | null; properties: Record<string, unknown> | null }[],
  styling: LayerStyling,
  opts: { layer: string; swatch: Swatch; plainColor: (i: number) => string; categoryLabels?: CategoryLabels; language: Language; t: TFunction },
): StyledLayerResult {
  const s = styling.symbology;
  const counts = new Map<number, number>();
  const out: Feature<Geometry | null>[] = [];
  const labels: (StyledLabel & { area: number })[] = [];
  for (const [i, f] of features.entries()) {
    const props = f.properties ?? {};
    const p = s ? paint(s, props[s.field]) : { color: opts.plainColor(i), bin: 0 };
    counts.set(p.bin, (counts.get(p.bin) ?? 0) + 1);
    out.push({ type: 'Feature', geometry: f.geometry, properties: { _color: p.color, ...(p.radius !== undefined ? { _radius: p.radius } : {}) } });
    const text = styling.labels ? asText(props[styling.labels]) : '';
    const at = text ? labelPoint(f.geometry) : null;
    if (at) labels.push({ lon: at.at[0], lat: at.at[1], text, color: LABEL_COLOR, area: at.area, ...(at.point ? { above: POINT_LABEL_ABOVE } : {}) });
  }
  // The page places labels greedily in this order: the largest areas first keep their names.
  labels.sort((a, b) => b.area - a.area);
  const note = styling.labels ? opts.t('legend.labels', { field: styling.labels }) : undefined;
  return {
    features: out,
    labels: labels.map(({ area: _area, ...l }) => l),
    legend: s ? { title: opts.t('legend.styledBy', { layer: opts.layer, field: s.field }), ...(note ? { note } : {}), entries: legendEntries(s, counts, opts) } : null,
  };
}

function legendEntries(s: Symbology, counts: Map<number, number>, opts: { swatch: Swatch; categoryLabels?: CategoryLabels; language: Language; t: TFunction }): StyledEntry[] {
  const n = (k: number) => counts.get(k) ?? 0;
  if (s.mode === 'categorized') {
    const entries: StyledEntry[] = s.categories.map((c, k) => ({
      label: ownCategoryLabel(c.value, opts.language, opts.categoryLabels) ?? c.value,
      swatch: opts.swatch,
      color: c.color,
      count: n(k),
    }));
    if (n(-1)) entries.push({ label: opts.t('legend.otherValues'), swatch: opts.swatch, color: s.other, count: n(-1) });
    return entries;
  }
  // Whole-number classes (counts, victims) print "0 – 3", "4 – 10", as the app's legend does.
  const whole = s.classes.every((c) => Number.isInteger(c.lower) && Number.isInteger(c.upper));
  const digits = whole ? 0 : 2;
  const entries: StyledEntry[] = legendBounds(s.classes, whole).map(([lo, hi], k) => ({
    label: lo === hi ? formatNumber(lo, opts.language, digits) : opts.t('legend.areaClass', { from: formatNumber(lo, opts.language, digits), to: formatNumber(hi, opts.language, digits) }),
    swatch: s.by === 'size' ? 'point' : opts.swatch,
    color: s.classes[k].color,
    count: n(k),
    ...(s.by === 'size' ? { radius: s.classes[k].radius } : {}),
  }));
  if (n(-1) && s.by === 'color') entries.push({ label: opts.t('legend.noFieldValue'), swatch: opts.swatch, color: AREA_NO_DATA_COLOR, count: n(-1) });
  return entries;
}

/**
 * Colours of analysis results and incident categories, in one place for the briefing (and for
 * the app's map, which may import them: renderer → shared). Gi* bins use the red/blue palette
 * analysts know from ArcGIS hot spot maps; categories use Okabe–Ito first, which stays
 * distinguishable for the common colour blindnesses and in greyscale print.
 */

/**
 * Gi* confidence bins −3 … 3 (cold 99 % … hot 99 %); 0 = not significant: ArcGIS Pro's Hot Spot
 * Analysis renderer, the palette analysts already read — on the map, in its legend, the briefing
 * and styled exports alike.
 */
export const GI_BIN_COLORS: Record<number, string> = {
  3: '#d62f27',
  2: '#ed7551',
  1: '#fab984',
  0: '#ffffbf',
  [-1]: '#c0ccbe',
  [-2]: '#849eba',
  [-3]: '#4575b5',
};

/**
 * Emerging hot spot patterns read at a glance, as in ArcGIS's Emerging Hot Spot Analysis: hot
 * patterns in reds, cold ones in the matching blues (ColorBrewer Reds/Blues), graded by kind —
 * the strongest trend darkest (intensifying, persistent, consecutive, new), the waning and
 * intermittent ones lighter (oscillating, sporadic, diminishing, historical). "No pattern" has no
 * colour: it is not drawn.
 */
export const EMERGING_COLORS: Record<string, string> = {
  intensifying_hot: '#67000d',
  persistent_hot: '#a50f15',
  consecutive_hot: '#cb181d',
  new_hot: '#ef3b2c',
  oscillating_hot: '#fb6a4a',
  sporadic_hot: '#fc9272',
  diminishing_hot: '#fcbba1',
  historical_hot: '#fee0d2',
  intensifying_cold: '#08306b',
  persistent_cold: '#08519c',
  consecutive_cold: '#2171b5',
  new_cold: '#4292c6',
  oscillating_cold: '#6baed6',
  sporadic_cold: '#9ecae1',
  diminishing_cold: '#c6dbef',
  historical_cold: '#deebf7',
};

/** DBSCAN hulls: a purple no incident category uses, so clusters never read as a category. */
export const CLUSTER_COLOR = '#6a3d9a';

/**
 * A DBSCAN cluster without an area (its incidents on one spot) is a circle whose area grows with
 * its incidents: [√count, radius px] stops, linear between them (1 → 5 px, 100 → 12 px, 2,500 →
 * 28 px), on the map (a MapLibre interpolate expression) and in the briefing alike.
 */
export const POINT_CLUSTER_RADIUS_STOPS: readonly (readonly [number, number])[] = [
  [1, 5],
  [10, 12],
  [50, 28],
];

/** The circle's radius in px for a cluster of `count` incidents, as MapLibre interpolates the stops (clamped at both ends). */
export function pointClusterRadius(count: number): number {
  const s = Math.sqrt(count);
  const stops = POINT_CLUSTER_RADIUS_STOPS;
  if (s <= stops[0][0]) return stops[0][1];
  for (let i = 1; i < stops.length; i++) {
    const [x1, y1] = stops[i];
    if (s <= x1) {
      const [x0, y0] = stops[i - 1];
      return y0 + ((s - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return stops[stops.length - 1][1];
}

/** KDE contours, innermost (densest, smallest percent) darkest. */
const KDE_RAMP = ['#7a0177', '#c51b8a', '#f768a1', '#fbb4b9'];

export const CORRIDOR_COLOR = '#1b7837';

/**
 * The colour of a KDE contour among the result's percents (sorted ascending): the densest darkest,
 * the others spread along KDE_RAMP (blended between its stops), so up to 10 levels each get a
 * colour of their own in the map's legend.
 */
export function kdeContourColor(percents: number[], percent: number | null): string {
  const i = Math.max(percents.indexOf(percent ?? -1), 0);
  const t = percents.length > 1 ? (i / (percents.length - 1)) * (KDE_RAMP.length - 1) : 0;
  const k = Math.min(Math.floor(t), KDE_RAMP.length - 2);
  return mixHex(KDE_RAMP[k], KDE_RAMP[k + 1], t - k);
}

/** The colour a fraction f of the way from hex colour a to b. */
function mixHex(a: string, b: string, f: number): string {
  const ch = (c: string, j: number) => parseInt(c.slice(1 + 2 * j, 3 + 2 * j), 16);
  return '#' + [0, 1, 2].map((j) => Math.round(ch(a, j) + (ch(b, j) - ch(a, j)) * f).toString(16).padStart(2, '0')).join('');
}

/**
 * A stored result's features coloured as the map and the briefing draw them, as a style by one
 * property (for the export formats that style features: KML); undefined for kinds without a map style.
 */
export function resultColors(
  kind: string,
  properties: Record<string, unknown>[],
): { field: string; colors: Record<string, string>; fallback: string } | undefined {
  switch (kind) {
    case 'dbscan':
      return { field: 'cluster_id', colors: {}, fallback: CLUSTER_COLOR };
    case 'gistar':
      return { field: 'gi_bin', colors: Object.fromEntries(Object.entries(GI_BIN_COLORS)), fallback: GI_BIN_COLORS[0] };
    case 'kde': {
      const percents = [...new Set(properties.map((p) => p.contour_percent).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
      return { field: 'contour_percent', colors: Object.fromEntries(percents.map((pc) => [String(pc), kdeContourColor(percents, pc)])), fallback: KDE_RAMP[KDE_RAMP.length - 1] };
    }
    case 'corridors':
      return { field: 'corridor_id', colors: {}, fallback: CORRIDOR_COLOR };
    case 'areas': {
      // The top class always holds the largest value (but for manual limits above it).
      const k = Math.max(0, ...properties.map((p) => (typeof p.class === 'number' ? p.class + 1 : 0)));
      return { field: 'class', colors: Object.fromEntries(areaClassColors(k).map((c, i) => [String(i), c])), fallback: AREA_NO_DATA_COLOR };
    }
    default:
      return undefined;
  }
}

/**
 * Counts per area: ColorBrewer's sequential OrRd for 1 … 9 classes (Brewer, colorbrewer2.org),
 * light to dark as the values rise; it prints in greyscale in the same order. Areas without a
 * value (no population for a rate) in a pale grey.
 */
const AREA_RAMPS: string[][] = [
  ['#fc8d59'],
  ['#fdbb84', '#d7301f'],
  ['#fee8c8', '#fdbb84', '#e34a33'],
  ['#fef0d9', '#fdcc8a', '#fc8d59', '#d7301f'],
  ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'],
  ['#fef0d9', '#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'],
  ['#fef0d9', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'],
  ['#fff7ec', '#fee8c8', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'],
  ['#fff7ec', '#fee8c8', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#b30000', '#7f0000'],
];
export const AREA_NO_DATA_COLOR = '#d9d9d9';

/** The colours of `classes` classes, lightest first. */
export function areaClassColors(classes: number): string[] {
  return AREA_RAMPS[Math.min(Math.max(classes, 1), AREA_RAMPS.length) - 1];
}

/** The colour of class `cls` (0-based) of `classes`; null or out of range: no data. */
export function areaClassColor(cls: unknown, classes: number): string {
  return typeof cls === 'number' && cls >= 0 && cls < classes ? areaClassColors(classes)[cls] : AREA_NO_DATA_COLOR;
}

export const REFERENCE_LINE_COLOR = '#555555';
export const REFERENCE_POLYGON_COLOR = '#7f7f7f';

const CATEGORY_COLORS = [
  '#d55e00',
  '#0072b2',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#b8a400',
  '#8c510a',
  '#35978f',
  '#762a83',
  '#999999',
];

export function categoryColor(index: number): string {
  return CATEGORY_COLORS[((index % CATEGORY_COLORS.length) + CATEGORY_COLORS.length) % CATEGORY_COLORS.length];
}

/** Incidents without a category. */
export const UNCATEGORIZED_COLOR = '#666666';

/** Heatmap ramp for layers too large to draw point by point (same as the app's). */
export const HEAT_RAMP: [number, string][] = [
  [0, 'rgba(255,255,178,0)'],
  [0.2, '#fecc5c'],
  [0.5, '#fd8d3c'],
  [0.8, '#f03b20'],
  [1, '#bd0026'],
];

/**
 * Style and labels by attribute as MapLibre expressions (QGIS's "Categorized", "Graduated" and
 * Labels): a `match` on a text field's value, a `step` over a number field's class limits, and a
 * symbol layer's layout for labels. The classes come from the back end (layers.fieldValues:
 * distinct values and counts, or classify.ts classes), never from a loop over the layer here.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Symbology } from '../../shared/api/mapState.ts';
import type { FieldValues } from '../../shared/api/fieldValues.ts';
import type { ClassMethod } from '../../shared/analysis/classify.ts';
import { AREA_NO_DATA_COLOR, areaClassColors, categoryColor } from '../../shared/report/resultStyle.ts';

/** Named categories at most; the rest share OTHER_COLOR, as QGIS's "all other values". */
export const MAX_CATEGORIES = 12;
export const OTHER_COLOR = '#bbbbbb';
/** Radii (px) of the smallest and largest class of a graduated-size point layer. */
const MIN_RADIUS = 3;
const MAX_RADIUS = 14;

/** The smallest double above x: a `step` stop there makes "x < v" out of step's "v ≥ stop". */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const i = new BigInt64Array(f.buffer);
  i[0] += x > 0 ? 1n : -1n;
  return f[0];
}

/** Categorized style from a text field's most frequent values (FieldValues lists them by count, most first). */
export function categorized(values: FieldValues): Extract<Symbology, { mode: 'categorized' }> {
  const named = values.values.slice(0, MAX_CATEGORIES - (values.values.length > MAX_CATEGORIES ? 1 : 0));
  const rest = values.values.slice(named.length).reduce((n, v) => n + v.count, 0);
  return {
    mode: 'categorized',
    field: values.field,
    categories: named.map((v, i) => ({ value: v.value, color: categoryColor(i), count: v.count })),
    other: OTHER_COLOR,
    otherCount: rest + values.nulls,
  };
}

/** Graduated style from classify.ts classes: the choropleth ramp by colour, or radii from MIN_RADIUS to MAX_RADIUS; manual `limits` kept to classify again. */
export function graduated(
  field: string,
  method: ClassMethod,
  by: 'color' | 'size',
  classes: readonly { lower: number; upper: number; count: number }[],
  color: string,
  limits?: readonly number[],
  noValueCount?: number,
): Extract<Symbology, { mode: 'graduated' }> {
  const ramp = areaClassColors(classes.length);
  const step = classes.length > 1 ? (MAX_RADIUS - MIN_RADIUS) / (classes.length - 1) : 0;
  return {
    mode: 'graduated',
    field,
    by,
    method,
    ...(method === 'manual' && limits ? { limits: [...limits] } : {}),
    classes: classes.map((c, i) => ({ ...c, color: by === 'color' ? ramp[i] : color, radius: Math.round((MIN_RADIUS + i * step) * 10) / 10 })),
    ...(noValueCount !== undefined ? { noValueCount } : {}),
  };
}

/**
 * The colour of a feature under the symbology: categorized → `match` on the value as text (a
 * number field's 3 matches the category "3"); graduated → `step` over the classes, features
 * without a number in the no-data grey.
 */
export function colorExpression(s: Symbology): ExpressionSpecification {
  if (s.mode === 'categorized') {
    const arms = s.categories.flatMap((c) => [c.value, c.color]);
    return ['match', ['to-string', ['get', s.field]], ...arms, s.other] as ExpressionSpecification;
  }
  return classExpression(
    s,
    s.classes.map((c) => c.color),
    AREA_NO_DATA_COLOR,
  );
}

/** A graduated-size layer's circle radius by class; missing values at the smallest radius. */
export function radiusExpression(s: Extract<Symbology, { mode: 'graduated' }>): ExpressionSpecification {
  return classExpression(
    s,
    s.classes.map((c) => c.radius),
    MIN_RADIUS,
  );
}

function classExpression<T extends string | number>(s: Extract<Symbology, { mode: 'graduated' }>, outputs: T[], missing: T): ExpressionSpecification {
  // Class i > 0 holds lower < v ≤ upper: its stop is the double just above the class's lower limit.
  const stops = s.classes.slice(1).flatMap((c, i) => [nextUp(c.lower), outputs[i + 1]]);
  const step = stops.length ? ['step', ['number', ['get', s.field]], outputs[0], ...stops] : outputs[0];
  return ['case', ['==', ['typeof', ['get', s.field]], 'number'], step, missing] as ExpressionSpecification;
}

/**
 * Labels by a field, as the basemap draws its place names (basemapStyle.ts): the offline style has
 * no glyph server, so 'Noto Sans Regular' is drawn from the system's fonts. MapLibre's collision
 * detection drops a label that would overlap another (text-allow-overlap false), after trying the
 * anchors of text-variable-anchor around the point; polygons are labelled at their pole of
 * inaccessibility, lines along the line.
 */
export function labelLayout(field: string, geometry: 'point' | 'line' | 'polygon'): Record<string, unknown> {
  return {
    'text-field': ['to-string', ['get', field]],
    'text-font': ['Noto Sans Regular'],
    'text-size': 11,
    'text-max-width': 8,
    'text-allow-overlap': false,
    'text-ignore-placement': false,
    'text-optional': true,
    ...(geometry === 'line'
      ? { 'symbol-placement': 'line', 'symbol-spacing': 300 }
      : geometry === 'point'
        ? { 'text-variable-anchor': ['top', 'bottom', 'left', 'right'], 'text-radial-offset': 0.7, 'text-justify': 'auto' }
        : { 'text-variable-anchor': ['center', 'top', 'bottom'], 'text-radial-offset': 0 }),
  };
}

export const LABEL_PAINT = { 'text-color': '#222222', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 };

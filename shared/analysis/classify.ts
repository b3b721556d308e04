/**
 * Classes of a choropleth: the class limits of a set of values and how many values fall in each.
 *
 * Classes are closed above, as ArcGIS and QGIS print them: with limits [b0, b1, …, bk], class 0 is
 * b0 ≤ v ≤ b1 and class i is b(i) < v ≤ b(i+1). b0 is the smallest value and bk the largest.
 * - natural breaks: the grouping that minimises the squared deviations from the class means
 *   (Jenks's goodness of variance fit), computed exactly by Ckmeans.1d.dp (simple-statistics'
 *   ckmeans): each class ends at its largest value;
 * - quantiles: limits at the k-quantiles, linearly interpolated (numpy's and R's default, type 7);
 * - equal interval: k classes of equal width from the smallest value to the largest;
 * - manual: the analyst's limits between classes, ascending.
 * Fewer classes than asked come back when the values do not allow as many (fewer distinct
 * values, or quantiles that coincide, e.g. many areas with no incident).
 */
import { ckmeans, quantileSorted } from 'simple-statistics';
import { UserError } from '../errors.ts';

export type ClassMethod = 'natural-breaks' | 'quantiles' | 'equal-interval' | 'manual';

export interface ValueClass {
  /** Class limits: lower (exclusive but for the first class) and upper (inclusive). */
  lower: number;
  upper: number;
  /** Values in the class. */
  count: number;
}

export interface Classification {
  method: ClassMethod;
  /** b0 … bk: the smallest value, the limits between classes, the largest value. */
  breaks: number[];
  classes: ValueClass[];
  /** Class of each value in input order; −1 for a missing value. */
  classOf: Int32Array;
  /** Values that were missing (null or not finite). */
  noData: number;
}

/** The limits b0 … bk for the sorted finite values. */
function limits(sorted: number[], method: ClassMethod, k: number, manual: readonly number[] | undefined): number[] {
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  switch (method) {
    case 'natural-breaks': {
      const distinct = new Set(sorted).size;
      const groups = ckmeans(sorted, Math.min(k, distinct));
      return [min, ...groups.map((g) => g[g.length - 1])];
    }
    case 'quantiles':
      return [min, ...Array.from({ length: k - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / k)), max];
    case 'equal-interval':
      return [min, ...Array.from({ length: k - 1 }, (_, i) => min + ((max - min) * (i + 1)) / k), max];
    case 'manual': {
      const inner = manual ?? [];
      if (!inner.length) throw new UserError('manual classes need at least one class limit');
      for (let i = 1; i < inner.length; i++) {
        if (!(inner[i] > inner[i - 1])) throw new UserError(`manual class limits must rise: ${inner[i - 1]} then ${inner[i]}`);
      }
      return [Math.min(min, inner[0]), ...inner, Math.max(max, inner[inner.length - 1])];
    }
  }
}

/**
 * Classes of `values` (null or non-finite = no data). `classes` is the number asked for (ignored
 * by 'manual', whose count is its limits plus one).
 */
export function classify(values: readonly (number | null)[], method: ClassMethod, classes: number, manual?: readonly number[]): Classification {
  if (method !== 'manual' && !(Number.isInteger(classes) && classes >= 1)) throw new UserError(`the number of classes must be a whole number ≥ 1, got ${classes}`);
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const classOf = new Int32Array(values.length).fill(-1);
  const noData = values.length - finite.length;
  if (!finite.length) return { method, breaks: [], classes: [], classOf, noData };
  const sorted = [...finite].sort((a, b) => a - b);
  const asked = limits(sorted, method, classes, manual);
  // A limit equal to the one before it would make an empty class nobody can tell apart (the first
  // class may end at the smallest value: e.g. the areas without incidents); manual ones are the analyst's.
  const breaks = method === 'manual' ? asked : asked.filter((b, i) => i <= 1 || b > asked[i - 1]);
  const k = breaks.length - 1;
  const counts = new Array<number>(k).fill(0);
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    let c = 0;
    while (c < k - 1 && v > breaks[c + 1]) c++;
    classOf[i] = c;
    counts[c]++;
  });
  return { method, breaks, classes: counts.map((count, c) => ({ lower: breaks[c], upper: breaks[c + 1], count })), classOf, noData };
}

/** At most this many manual limits: twelve classes, as a style or a choropleth draws. */
const MAX_LIMITS = 11;

/** Why typed class limits were refused: the words are the interface's (its catalogue keys by `problem`). */
type ClassLimitsProblem = { problem: 'notNumbers'; text: string } | { problem: 'notRising'; before: number; after: number } | { problem: 'tooMany'; max: number };

/**
 * The analyst's manual class limits as typed: numbers with a decimal point, between commas,
 * semicolons or spaces ("5, 20, 50"), rising — the one way the choropleth and the style editor
 * read them.
 */
export function parseClassLimits(text: string): { limits: number[] } | ClassLimitsProblem {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  const limits = parts.map(Number);
  if (!parts.length || limits.some((b) => !Number.isFinite(b))) return { problem: 'notNumbers', text };
  if (limits.length > MAX_LIMITS) return { problem: 'tooMany', max: MAX_LIMITS };
  for (let i = 1; i < limits.length; i++) if (!(limits[i] > limits[i - 1])) return { problem: 'notRising', before: limits[i - 1], after: limits[i] };
  return { limits };
}

/**
 * The bounds a legend prints for each class: as computed, except that for whole-number values
 * (counts) a class after the first starts at the next whole number above the limit before it
 * ("0 – 3", "4 – 10" rather than "3 – 10" for 3 < v ≤ 10).
 */
export function legendBounds(classes: readonly ValueClass[], wholeNumbers: boolean): [number, number][] {
  return classes.map((c, i) => [wholeNumbers && i > 0 ? Math.floor(c.lower) + 1 : c.lower, wholeNumbers ? Math.floor(c.upper) : c.upper]);
}

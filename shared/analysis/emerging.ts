/**
 * Emerging hot spot analysis, after ArcGIS Pro's Emerging Hot Spot Analysis: Getis-Ord Gi* for
 * every location in every time step, the Mann-Kendall test on each location's series of Gi*
 * z-scores, and one pattern per location (new, consecutive, intensifying, persistent,
 * diminishing, sporadic, oscillating, historical — hot and cold — or no pattern).
 *
 * `buildCube(x, y, times, { cellSize, step, tz, shape?, neighbourhood?, from?, to? })`
 *   x, y    planar coordinates in metres (project first, e.g. localProjection.ts); NaN = skip
 *   times   epoch ms; NaN = skip
 *   ends    (option) aoristic: each point's window end (aoristic.ts windowEnds); its weight is
 *           spread over the steps its window covers, so a step's value is a sum of shares
 *   → SpaceTimeCube: the locations are the hot spot map's cells (aggregateGrid.ts, hex by
 *     default, or square) with at least one incident in any step (ArcGIS's rule without a mask),
 *     and with `area` only the cells inside the study area, by aggregateGrid's rule (its centre,
 *     or an incident of its own, lies in the area; an incident in a cell outside is skipped, as
 *     one without a time);
 *     steps are local calendar days / ISO weeks / months in `tz` from the first to the last
 *     incident (or [from, to)); values[step · cells + cell] = count. adjacency: CSR, each
 *     location's row lists itself and every location whose centre is within `neighbourhood`
 *     metres (distanceBand.ts; default the adjacent ring of cells) — the Gi* neighbourhood.
 *
 * `emergingHotSpots(cube, { alpha?, fdr? })`
 *   → per location: category, the counts of hot/cold steps, the trend (Mann-Kendall S, z, p,
 *     tau on its Gi* z series); per bin: Gi* z, p and the significance sign (+1 hot, −1 cold);
 *     a tally per category.
 *   A bin is hot (cold) when its Gi* z > 0 (< 0) and its p passes α (default 0.05); with `fdr`
 *   (default true, as ArcGIS corrects with FDR) the p must pass the Benjamini–Hochberg threshold
 *   of its time step. The trend is significant when the Mann-Kendall p < α.
 *
 * The neighbourhood, where we differ from ArcGIS: ArcGIS's Gi* is a space-time statistic — a
 * bin's neighbours are the bins within the neighbourhood distance in the same step and in the
 * previous N steps (neighbourhood time step, default 1), with mean and deviation over the whole
 * cube. By default ours takes spatial neighbours within the same step only, with each step's own
 * mean and deviation: a step stands on its own, so a burst in one week does not leak into the
 * next week's pattern, and the statistic is exactly the hot spot map's Gi* for that step.
 * `timeLag: N` gives ArcGIS's space-time neighbourhood instead (FDR then over the whole cube).
 */
import { UserError } from '../errors.ts';
import { joinList } from '../i18n/format.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';
import { aggregateGrid, type CellShape } from './aggregateGrid.ts';
import type { PlanarArea } from './planarArea.ts';
import type { Extent } from './pointsExtent.ts';
import { distanceBand } from './distanceBand.ts';
import { fdr as benjaminiHochberg } from './fdr.ts';
import { gistar, type Adjacency } from './gistar.ts';
import { mannKendall } from './mannKendall.ts';
import { binIndexOf, calendarBins, type TimeBinUnit } from './timeline.ts';
import { WiderCounter, spreadOverBins, type WiderWindows } from './aoristic.ts';
import { paramsEn } from '../i18n/app/params.en.ts';

export interface SpaceTimeCube {
  /** Number of locations. */
  cells: number;
  /** Number of time steps, oldest first. */
  steps: number;
  /** values[step · cells + cell]. */
  values: Float64Array;
  /** Gi* neighbourhood per location, self included. */
  adjacency: Adjacency;
}

export interface GridCube extends SpaceTimeCube {
  cellSize: number;
  shape: CellShape;
  /** Neighbourhood distance used for the Gi* adjacency, metres. */
  neighbourhood: number;
  /** Cell centres in the input's planar coordinates. */
  cellX: Float64Array;
  cellY: Float64Array;
  /** Step bounds: step k is [stepEdges[k], stepEdges[k+1]). */
  stepEdges: Float64Array;
  stepLabels: string[];
  /** Per input point: its location, or −1 when it was skipped (no time, no position, outside). */
  pointCell: Int32Array;
  skipped: number;
  /** Of the skipped, those in cells outside the study area. */
  outsideArea: number;
  /** Cautions, e.g. a first or last step that the data covers only in part. */
  warnings: string[];
  /** Aoristic: the points whose window is longer than the step they start in, by width. */
  wider?: WiderWindows;
}

export interface BuildCubeOptions {
  /** Cells as the hot spot map's (aggregateGrid.ts): square side, or hexagon centre spacing, m. */
  cellSize: number;
  step: TimeBinUnit;
  tz: string;
  /** 'hex' (default, as the hot spot map) or 'square'. */
  shape?: CellShape;
  /**
   * Neighbourhood distance in metres between cell centres (ArcGIS's "neighborhood distance").
   * Default: the ring of adjacent cells — cellSize for hexagons (6 neighbours), cellSize·√2 for
   * squares (8 neighbours, queen).
   */
  neighbourhood?: number;
  from?: number;
  to?: number;
  /** Aoristic counting: each point's window end (aoristic.ts windowEnds). */
  ends?: ArrayLike<number>;
  /** The study area (studyArea.ts) and the extent to lay the lattice over, as the hot spot map's. */
  area?: PlanarArea;
  extent?: Extent;
  /** The language of the warnings; English when absent. */
  language?: Language;
}

export function buildCube(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  times: ArrayLike<number>,
  options: BuildCubeOptions,
): GridCube {
  const { cellSize, step, tz } = options;
  const shape = options.shape ?? 'hex';
  if (shape !== 'hex' && shape !== 'square') {
    throw new UserError(`cell shape "${String(shape)}" is not available; use hex or square`);
  }
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) {
    throw new UserError(`cell size must be a positive number of metres, got ${String(cellSize)}`);
  }
  const neighbourhood = options.neighbourhood ?? (shape === 'hex' ? cellSize : cellSize * Math.SQRT2);
  if (!(neighbourhood > 0) || !Number.isFinite(neighbourhood)) {
    throw new UserError(`neighbourhood must be a positive distance in metres, got ${String(neighbourhood)}`);
  }
  const n = times.length;
  if (x.length !== n || y.length !== n) {
    throw new UserError(`space-time cube: ${x.length} x, ${y.length} y and ${n} times do not match`);
  }
  const ends = options.ends;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]) || !Number.isFinite(times[i])) continue;
    if (times[i] < min) min = times[i];
    if (times[i] > max) max = times[i];
    // Aoristic: the steps run to the last window's end.
    if (ends && ends[i] - 1 > max) max = ends[i] - 1;
  }
  const from = options.from ?? min;
  const to = options.to ?? max + 1;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new UserError('space-time cube: no incident has both a position and a time in the period');
  }
  const { edges, labels } = calendarBins(from, to, step, tz);
  const steps = labels.length;

  // Points that take part, with their step.
  const keep: number[] = [];
  const stepOf: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const s = binIndexOf(edges, ends ? Math.max(times[i], from) : times[i]);
    if (s < 0) continue;
    if (ends && !(ends[i] > from || times[i] >= from)) continue;
    keep.push(i);
    stepOf.push(s);
  }
  if (keep.length === 0) throw new UserError('space-time cube: no incident has both a position and a time in the period');
  const kx = Float64Array.from(keep, (i) => x[i]);
  const ky = Float64Array.from(keep, (i) => y[i]);
  // The same cells as the hot spot map, so a location here is a cell there.
  const grid = aggregateGrid(kx, ky, null, { cellSize, shape, area: options.area, extent: options.extent });
  const cells = grid.cx.length;

  const values = new Float64Array(steps * cells);
  const pointCell = new Int32Array(n).fill(-1);
  const wider = ends ? new WiderCounter() : null;
  for (let j = 0; j < keep.length; j++) {
    const c = grid.cellOfPoint[j];
    if (c < 0) continue;
    pointCell[keep[j]] = c;
    if (!ends) {
      values[stepOf[j] * cells + c]++;
      continue;
    }
    const i = keep[j];
    spreadOverBins(edges, stepOf[j], times[i], ends[i], from, to, (k, w) => (values[k * cells + c] += w));
    if (ends[i] - times[i] > edges[stepOf[j] + 1] - edges[stepOf[j]]) wider!.add(ends[i] - times[i]);
  }
  const adjacency: Adjacency =
    cells >= 2
      ? distanceBand(grid.cx, grid.cy, neighbourhood)
      : { offsets: Int32Array.from([0, 1]), indices: Int32Array.from([0]) };
  // Calendar steps rarely line up with the data: a last week with two days of data has low
  // counts everywhere, which weighs on a location's final step — the one every pattern reads.
  const warnings: string[] = [];
  const dataFrom = Math.max(from, edges[0]);
  const dataTo = Math.min(to, edges[steps]);
  const firstShare = (edges[1] - dataFrom) / (edges[1] - edges[0]);
  const lastShare = (dataTo - edges[steps - 1]) / (edges[steps] - edges[steps - 1]);
  const t = translator(options.language ?? DEFAULT_LANGUAGE, 'analysis');
  if (steps > 1 && lastShare < 0.5) {
    warnings.push(t('steps.lastCovered', { context: step, label: labels[steps - 1], percent: Math.round(lastShare * 100), previous: labels[steps - 2] }));
  }
  if (steps > 1 && firstShare < 0.5) {
    warnings.push(t('steps.firstCovered', { context: step, label: labels[0], percent: Math.round(firstShare * 100) }));
  }
  return {
    warnings,
    cells,
    steps,
    values,
    adjacency: { offsets: adjacency.offsets, indices: adjacency.indices },
    cellSize,
    shape,
    neighbourhood,
    cellX: grid.cx,
    cellY: grid.cy,
    stepEdges: edges,
    stepLabels: labels,
    pointCell,
    ...(wider ? { wider: wider.result() } : {}),
    skipped: n - keep.length + grid.pointsOutside,
    outsideArea: grid.pointsOutside,
  };
}

// ---------- classification ----------

const EMERGING_CATEGORIES = [
  'new_hot',
  'consecutive_hot',
  'intensifying_hot',
  'persistent_hot',
  'diminishing_hot',
  'sporadic_hot',
  'oscillating_hot',
  'historical_hot',
  'new_cold',
  'consecutive_cold',
  'intensifying_cold',
  'persistent_cold',
  'diminishing_cold',
  'sporadic_cold',
  'oscillating_cold',
  'historical_cold',
  'no_pattern',
] as const;
export type EmergingCategory = (typeof EMERGING_CATEGORIES)[number];

/**
 * The patterns' English names (ArcGIS's), as a run stores them in `pattern_label`: the app
 * catalogue's, so the legend and the stored result never name a pattern two ways.
 */
export const EMERGING_LABELS: Record<EmergingCategory, string> = paramsEn.legend.patterns;

const NINETY_PERCENT = 0.9;

/**
 * The pattern of one location from its significance per step (+1 hot, −1 cold, 0 neither, oldest
 * first) and the direction of its significant Gi* trend (+1 up, −1 down, 0 none).
 *
 * ArcGIS Pro's definitions ("How Emerging Hot Spot Analysis works"), for hot spots — cold spots
 * are the mirror image (hot ↔ cold, increasing ↔ decreasing clustering of low values):
 *  New: a statistically significant hot spot for the final time step that has never been a
 *    statistically significant hot spot before.
 *  Consecutive: a single uninterrupted run of at least two statistically significant hot spot
 *    bins in the final time-step intervals; never a significant hot spot before the final run,
 *    and less than 90 % of all bins are significant hot spots.
 *  Intensifying: a significant hot spot for 90 % of the time-step intervals, including the final
 *    one; the intensity of clustering of high counts is increasing overall, significantly.
 *  Persistent: a significant hot spot for 90 % of the time-step intervals with no discernible
 *    trend in the intensity of clustering.
 *  Diminishing: a significant hot spot for 90 % of the intervals, including the final one; the
 *    intensity of clustering is decreasing overall, significantly.
 *  Sporadic: a significant hot spot for the final time-step interval with a history of also
 *    being an on-again and off-again hot spot; less than 90 % of the intervals have been
 *    significant hot spots and none has been a significant cold spot.
 *  Oscillating: a significant hot spot for the final interval that has a history of also being
 *    a significant cold spot during a prior step; less than 90 % of the intervals have been
 *    significant hot spots.
 *  Historical: the most recent time period is not hot, but at least 90 % of the time-step
 *    intervals have been statistically significant hot spots.
 *  No pattern: none of the above.
 * "90 % of the intervals" reads as at least 90 %. Where two definitions fit, the one with the
 * more specific history wins: a location that was ever a significant cold spot is Oscillating
 * even when its hot history alone would make it New or Consecutive (sfdep decides the same way).
 * Persistent needs the final step hot, since with it not hot the location is Historical.
 */
export function classifyEmerging(sig: ArrayLike<number>, trend: -1 | 0 | 1): EmergingCategory {
  const n = sig.length;
  if (n === 0) return 'no_pattern';
  let hot = 0;
  let cold = 0;
  for (let i = 0; i < n; i++) {
    if (sig[i] > 0) hot++;
    else if (sig[i] < 0) cold++;
  }
  const last = sig[n - 1];
  if (last === 0 || Number.isNaN(last)) {
    if (hot / n >= NINETY_PERCENT) return 'historical_hot';
    if (cold / n >= NINETY_PERCENT) return 'historical_cold';
    return 'no_pattern';
  }
  const side = last > 0 ? 1 : -1;
  const suffix = side > 0 ? 'hot' : 'cold';
  const same = side > 0 ? hot : cold;
  const opposite = side > 0 ? cold : hot;
  if (same / n >= NINETY_PERCENT) {
    // For cold spots "intensifying" means z falling further below zero.
    if (trend === side) return `intensifying_${suffix}`;
    if (trend === -side) return `diminishing_${suffix}`;
    return `persistent_${suffix}`;
  }
  if (opposite > 0) return `oscillating_${suffix}`;
  if (same === 1) return `new_${suffix}`;
  let run = 0;
  for (let i = n - 1; i >= 0 && Math.sign(sig[i]) === side; i--) run++;
  if (run >= 2 && run === same) return `consecutive_${suffix}`;
  return `sporadic_${suffix}`;
}

// ---------- the analysis ----------

/** Bin (s, c) neighbours (s', d) for d a spatial neighbour of c (or c) and s − lag ≤ s' ≤ s. */
function spaceTimeAdjacency(adj: Adjacency, cells: number, steps: number, lag: number): Adjacency {
  const offsets = new Int32Array(cells * steps + 1);
  let total = 0;
  for (let s = 0; s < steps; s++) {
    const span = Math.min(lag, s) + 1;
    for (let c = 0; c < cells; c++) {
      total += span * (adj.offsets[c + 1] - adj.offsets[c]);
      offsets[s * cells + c + 1] = total;
    }
  }
  if (total > 100_000_000) {
    throw new UserError('the space-time neighbourhood is too large; use a shorter time lag or larger cells');
  }
  const indices = new Int32Array(total);
  let k = 0;
  for (let s = 0; s < steps; s++) {
    for (let c = 0; c < cells; c++) {
      for (let s2 = Math.max(0, s - lag); s2 <= s; s2++) {
        for (let e = adj.offsets[c]; e < adj.offsets[c + 1]; e++) indices[k++] = s2 * cells + adj.indices[e];
      }
    }
  }
  return { offsets, indices };
}

export interface EmergingOptions {
  /** Significance level for hot/cold bins and for the trend (default 0.05). */
  alpha?: number;
  /** Benjamini–Hochberg for the bins, per time step (over the whole cube with a time lag); default true. */
  fdr?: boolean;
  /**
   * 0 (default): Gi* per step, spatial neighbours only. N > 0: ArcGIS's space-time neighbourhood —
   * a bin's neighbours are its spatial neighbours in the same step and in the N previous steps,
   * and Gi* (mean, deviation, FDR) runs over the whole cube at once.
   */
  timeLag?: number;
  /** The language of the warnings; English when absent. */
  language?: Language;
}

export interface EmergingResult {
  cells: number;
  steps: number;
  /** Gi* per bin, [step · cells + cell]. */
  z: Float64Array;
  p: Float64Array;
  /** +1 significant hot, −1 significant cold, 0 neither, per bin. */
  significance: Int8Array;
  /** Per location. */
  category: EmergingCategory[];
  hotSteps: Int32Array;
  coldSteps: Int32Array;
  trendS: Float64Array;
  trendZ: Float64Array;
  trendP: Float64Array;
  trendTau: Float64Array;
  /** Locations per category (every category present, zeros included). */
  tally: Record<EmergingCategory, number>;
  alpha: number;
  fdr: boolean;
  timeLag: number;
  /** Plain-language cautions, e.g. too few time steps for the trend test to mean much. */
  warnings: string[];
}

export function emergingHotSpots(cube: SpaceTimeCube, options: EmergingOptions = {}): EmergingResult {
  const alpha = options.alpha ?? 0.05;
  const useFdr = options.fdr ?? true;
  if (!(alpha > 0 && alpha < 1)) throw new UserError(`significance level must be between 0 and 1, got ${alpha}`);
  const { cells, steps, values, adjacency } = cube;
  if (steps < 2) throw new UserError(`emerging hot spots need at least 2 time steps, the cube has ${steps}`);
  if (cells < 3) throw new UserError(`emerging hot spots need at least 3 locations, the cube has ${cells}`);
  if (values.length !== cells * steps) {
    throw new UserError(`space-time cube: ${values.length} values for ${cells} locations × ${steps} steps`);
  }
  const timeLag = options.timeLag ?? 0;
  if (!Number.isInteger(timeLag) || timeLag < 0 || timeLag >= steps) {
    throw new UserError(`time lag must be a whole number of steps from 0 to ${steps - 1}, got ${String(timeLag)}`);
  }
  const z = new Float64Array(cells * steps);
  const p = new Float64Array(cells * steps);
  const significance = new Int8Array(cells * steps);
  const mark = (from: number, gz: Float64Array, gp: Float64Array) => {
    const critical = useFdr ? (benjaminiHochberg(gp, { alpha }).pCritical ?? -1) : alpha;
    for (let k = 0; k < gz.length; k++) {
      const passes = useFdr ? gp[k] <= critical : gp[k] < alpha;
      if (passes && gz[k] !== 0) significance[from + k] = gz[k] > 0 ? 1 : -1;
    }
  };
  if (timeLag === 0) {
    for (let s = 0; s < steps; s++) {
      const g = gistar(values.subarray(s * cells, (s + 1) * cells), adjacency);
      z.set(g.z, s * cells);
      p.set(g.p, s * cells);
      mark(s * cells, g.z, g.p);
    }
  } else {
    const g = gistar(values, spaceTimeAdjacency(adjacency, cells, steps, timeLag));
    z.set(g.z);
    p.set(g.p);
    mark(0, g.z, g.p);
  }

  const category: EmergingCategory[] = new Array(cells);
  const hotSteps = new Int32Array(cells);
  const coldSteps = new Int32Array(cells);
  const trendS = new Float64Array(cells);
  const trendZ = new Float64Array(cells);
  const trendP = new Float64Array(cells);
  const trendTau = new Float64Array(cells);
  const tally = Object.fromEntries(EMERGING_CATEGORIES.map((c) => [c, 0])) as Record<EmergingCategory, number>;
  const series = new Float64Array(steps);
  const sig = new Int8Array(steps);
  for (let c = 0; c < cells; c++) {
    for (let s = 0; s < steps; s++) {
      series[s] = z[s * cells + c];
      sig[s] = significance[s * cells + c];
      if (sig[s] > 0) hotSteps[c]++;
      else if (sig[s] < 0) coldSteps[c]++;
    }
    const mk = mannKendall(series, alpha);
    trendS[c] = mk.s;
    trendZ[c] = mk.z;
    trendP[c] = mk.p;
    trendTau[c] = mk.tau;
    const trend = mk.trend === 'up' ? 1 : mk.trend === 'down' ? -1 : 0;
    category[c] = classifyEmerging(sig, trend);
    tally[category[c]]++;
  }
  const warnings: string[] = [];
  if (steps < 10) warnings.push(translator(options.language ?? DEFAULT_LANGUAGE, 'analysis')('steps.few', { n: steps }));
  return {
    cells,
    steps,
    z,
    p,
    significance,
    category,
    hotSteps,
    coldSteps,
    trendS,
    trendZ,
    trendP,
    trendTau,
    tally,
    alpha,
    fdr: useFdr,
    timeLag,
    warnings,
  };
}

/**
 * One briefing sentence from the tally: "Of 120 locations, 3 are intensifying hot spots, 1 is a
 * new hot spot and 2 are persistent cold spots; 114 show no pattern." Patterns in the order of
 * EMERGING_CATEGORIES (hot before cold); English unless another language is asked for.
 */
export function emergingSummary(tally: Record<EmergingCategory, number>, language: Language = DEFAULT_LANGUAGE): string {
  const t = translator(language, 'analysis');
  const total = EMERGING_CATEGORIES.reduce((s, c) => s + (tally[c] ?? 0), 0);
  const parts: string[] = [];
  for (const c of EMERGING_CATEGORIES) {
    const k = tally[c] ?? 0;
    if (c === 'no_pattern' || k === 0) continue;
    parts.push(t('emerging.part', { count: k, n: k, what: t(`emerging.patterns.${c}`, { count: k }) }));
  }
  const none = tally.no_pattern ?? 0;
  const where = t('emerging.of', { count: total, n: total });
  if (parts.length === 0) return t('emerging.none', { where });
  const rest = none === 0 ? '' : t('emerging.rest', { count: none, n: none });
  return `${where}, ${joinList(parts, language)}${rest}.`;
}

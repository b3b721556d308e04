/**
 * Kernel density of incidents, as ArcGIS's Kernel Density tool (planar).
 *
 * Inputs: x, y in metres; weights per point (≥ 0, e.g. quantity) or null (each point 1);
 * options: bandwidth (search radius, metres), cellSize (metres), extent (metres) — all optional.
 * Kernel: quartic (Silverman 1986, eq. 4.5), K(d) = 3/(π h²) · (1 − d²/h²)² for d < h, which
 * integrates to 1, so the surface integrates to the total weight.
 * Default bandwidth: ArcGIS's spatial variant of Silverman's rule of thumb,
 *   h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2),
 * SD the standard distance, Dm the median distance to the mean centre, n the point count — or,
 * with weights, the weighted mean centre, weighted SD and weighted median, n = Σ weights.
 * Default extent: the points' bounding box grown by the bandwidth on every side (so the whole
 * of every kernel is on the grid and contours close); default cellSize: min(width, height)/250.
 *
 * Output: values (Float64Array, row-major, row 0 = the SOUTHERN row, column 0 = western),
 * cols, rows, originX/originY (lower-left corner of the grid, metres), cellSize, bandwidth,
 * totalWeight. Values are densities per square kilometre (ArcGIS's default area unit for
 * metre data), evaluated at cell centres.
 * Exact at every cell centre (no binning of points), in O(n · 2h/cellSize + cells): see the
 * row-polynomial sweep below. Progress is reported in grid rows.
 */
import { UserError } from '../errors.ts';
import { type LongRunOptions, throwIfAborted } from './cancel.ts';
import { checkPoints } from './dbscan.ts';
import { pointsExtent, type Extent } from './pointsExtent.ts';

export type { Extent };

export interface KdeOptions extends LongRunOptions {
  bandwidth?: number;
  cellSize?: number;
  extent?: Extent;
}

export interface DensityGrid {
  values: Float64Array;
  cols: number;
  rows: number;
  originX: number;
  originY: number;
  cellSize: number;
  bandwidth: number;
  totalWeight: number;
}

const MAX_CELLS = 25_000_000;

/** ArcGIS's spatial Silverman bandwidth (metres) for the points; throws when it would be 0. */
export function silvermanBandwidth(x: Float64Array, y: Float64Array, weights: Float64Array | null): number {
  const n = x.length;
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    sw += w;
    mx += w * x[i];
    my += w * y[i];
  }
  if (!(sw > 0)) throw new UserError('kernel density: the weights add up to 0; nothing to map');
  mx /= sw;
  my /= sw;
  // Distances to the mean centre, of the points that carry weight (zero weights carry none).
  const dist = new Float64Array(n);
  const wts = weights ? new Float64Array(n) : null;
  let m = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (!(w > 0)) continue;
    const dx = x[i] - mx;
    const dy = y[i] - my;
    const d2 = dx * dx + dy * dy;
    ss += w * d2;
    dist[m] = Math.sqrt(d2);
    if (wts) wts[m] = w;
    m++;
  }
  const sd = Math.sqrt(ss / sw);
  const dm = wts ? weightedMedian(dist.subarray(0, m), wts.subarray(0, m), sw) : median(dist);
  const h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * Math.pow(sw, -0.2);
  if (!(h > 0)) {
    throw new UserError('kernel density: the points are too concentrated to derive a bandwidth (half or more at one place); give a bandwidth');
  }
  return h;
}

/** The median of d (reordered in place): quickselect, O(n) expected, instead of a sort. */
export function median(d: Float64Array): number {
  const n = d.length;
  const mid = n >> 1;
  const v = selectRank(d, null, mid);
  if (n % 2) return v;
  // Elements before mid are now all ≤ d[mid]: the lower middle is their maximum.
  let below = -Infinity;
  for (let i = 0; i < mid; i++) if (d[i] > below) below = d[i];
  return (below + v) / 2;
}

/**
 * The weighted median of d (weights w > 0, total sw; both reordered in place): the smallest value
 * whose cumulative weight reaches half the total — or, when exactly half the weight lies at or
 * below a value, the midpoint between it and the next larger value, as the unweighted median of
 * an even count. Weighted quickselect, O(n) expected.
 */
export function weightedMedian(d: Float64Array, w: Float64Array, sw: number): number {
  const half = sw / 2;
  const tol = 1e-12 * sw;
  let lo = 0;
  let hi = d.length - 1;
  let before = 0;
  let seed = 0x9e3779b9;
  while (lo <= hi) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const [lt, gt] = partition3(d, w, lo, hi, d[lo + (seed % (hi - lo + 1))]);
    let wl = 0;
    for (let i = lo; i < lt; i++) wl += w[i];
    if (before + wl >= half - tol) {
      hi = lt - 1;
      continue;
    }
    let we = 0;
    for (let i = lt; i <= gt; i++) we += w[i];
    const through = before + wl + we;
    if (through >= half - tol) {
      const pivot = d[lt];
      if (Math.abs(through - half) > tol || gt === d.length - 1) return pivot;
      let next = Infinity;
      for (let i = gt + 1; i < d.length; i++) if (d[i] < next) next = d[i];
      return (pivot + next) / 2;
    }
    before = through;
    lo = gt + 1;
  }
  // Only reached through rounding in the weight sums: the largest value.
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i];
  return max;
}

/** Reorders d (and w alongside) so that d[rank] is the value of that rank in sorted order; returns it. */
function selectRank(d: Float64Array, w: Float64Array | null, rank: number): number {
  let lo = 0;
  let hi = d.length - 1;
  let seed = 0x2545f491;
  while (lo < hi) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const [lt, gt] = partition3(d, w, lo, hi, d[lo + (seed % (hi - lo + 1))]);
    if (rank < lt) hi = lt - 1;
    else if (rank > gt) lo = gt + 1;
    else return d[rank];
  }
  return d[rank];
}

/** Three-way partition of d[lo..hi] around pivot (w moved alongside): < pivot, = pivot (lt..gt), > pivot. */
function partition3(d: Float64Array, w: Float64Array | null, lo: number, hi: number, pivot: number): [number, number] {
  let lt = lo;
  let gt = hi;
  let i = lo;
  while (i <= gt) {
    const v = d[i];
    if (v < pivot) {
      d[i] = d[lt];
      d[lt] = v;
      if (w) {
        const t = w[i];
        w[i] = w[lt];
        w[lt] = t;
      }
      lt++;
      i++;
    } else if (v > pivot) {
      d[i] = d[gt];
      d[gt] = v;
      if (w) {
        const t = w[i];
        w[i] = w[gt];
        w[gt] = t;
      }
      gt--;
    } else {
      i++;
    }
  }
  return [lt, gt];
}

export function kde(x: Float64Array, y: Float64Array, weights: Float64Array | null, options: KdeOptions = {}): DensityGrid {
  checkPoints(x, y, 'kernel density');
  const n = x.length;
  if (n < 1) throw new UserError('kernel density: no points');
  if (weights) {
    if (weights.length !== n) throw new UserError(`kernel density: ${n} points but ${weights.length} weights`);
    for (let i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
        throw new UserError(`kernel density: point ${i} has an invalid weight (${weights[i]}); weights must be ≥ 0`);
      }
    }
  }
  const { bandwidth, cellSize, extent, onProgress, signal } = options;
  if (bandwidth !== undefined && !(bandwidth > 0 && Number.isFinite(bandwidth))) {
    throw new UserError(`kernel density: bandwidth must be a distance in metres greater than 0, got ${bandwidth}`);
  }
  if (cellSize !== undefined && !(cellSize > 0 && Number.isFinite(cellSize))) {
    throw new UserError(`kernel density: cell size must be a distance in metres greater than 0, got ${cellSize}`);
  }
  if (bandwidth === undefined && n < 2) throw new UserError('kernel density: a single point needs an explicit bandwidth');
  const h = bandwidth ?? silvermanBandwidth(x, y, weights);

  let ext: Extent;
  if (extent) {
    if (!(extent.maxX > extent.minX && extent.maxY > extent.minY)) throw new UserError('kernel density: the extent is empty');
    ext = extent;
  } else {
    const { minX, minY, maxX, maxY } = pointsExtent(x, y);
    ext = { minX: minX - h, minY: minY - h, maxX: maxX + h, maxY: maxY + h };
  }
  const width = ext.maxX - ext.minX;
  const height = ext.maxY - ext.minY;
  const cs = cellSize ?? Math.min(width, height) / 250;
  const cols = Math.max(1, Math.ceil(width / cs - 1e-9));
  const rows = Math.max(1, Math.ceil(height / cs - 1e-9));
  if (cols * rows > MAX_CELLS) {
    throw new UserError(`kernel density: a ${cs.toFixed(1)} m cell gives ${cols} × ${rows} cells (limit ${MAX_CELLS}); use a larger cell size`);
  }
  const ox = ext.minX;
  const oy = ext.minY;
  const values = new Float64Array(cols * rows);
  const h2 = h * h;
  // Per km²: 3/(π h²) per m² × 1e6.
  const scale = (3 / (Math.PI * h2)) * 1e6;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? weights[i] : 1;

  // Points bucketed by grid row; rows reach R rows beyond the grid on either side.
  const R = Math.ceil(h / cs) + 1;
  const buckets = rows + 2 * R;
  const bucketOf = new Int32Array(n);
  const bStart = new Int32Array(buckets + 1);
  const hc = h / cs;
  const invCs = 1 / cs;
  for (let i = 0; i < n; i++) {
    const rb = Math.floor((y[i] - oy) * invCs) + R;
    const u = (x[i] - ox) * invCs;
    // Points whose kernel misses the grid (only with a given extent) are left out.
    const ok = rb >= 0 && rb < buckets && u > -hc && u < cols + hc && (!weights || weights[i] > 0);
    bucketOf[i] = ok ? rb : -1;
    if (ok) bStart[rb + 1]++;
  }
  for (let b = 0; b < buckets; b++) bStart[b + 1] += bStart[b];
  const fillAt = bStart.slice(0, buckets);
  // Positions in cell units (cell (c, r) has its centre at (c, r)) and weights, copied in bucket
  // order: each row then streams through memory.
  const m = bStart[buckets];
  const px = new Float64Array(m);
  const py = new Float64Array(m);
  const pw = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if (bucketOf[i] < 0) continue;
    const k = fillAt[bucketOf[i]]++;
    px[k] = (x[i] - ox) * invCs - 0.5;
    py[k] = (y[i] - oy) * invCs - 0.5;
    pw[k] = (weights ? weights[i] : 1) * scale;
  }

  // Along a row, one point's kernel is a quartic polynomial in the column over an interval:
  // W·(a − g(u − v)²)², a = 1 − dy²/hc², g = 1/hc² (hc = h in cells), u the column, v the
  // point's column. Each point adds its 5 coefficients where its interval starts and removes
  // them where it ends (difference arrays); one sweep per row evaluates the running polynomial.
  // Cost n·(2h/cs) instead of n·π(h/cs)². Columns run in blocks (blockFor) with block-local u and a
  // fresh sum, so the expansion stays well conditioned; a count of covering intervals makes
  // uncovered cells exactly 0. The 5 coefficients and the count of a column share a 64-byte slot.
  const acc = new Float64Array((cols + 1) * STRIDE);
  const block = blockFor(hc);
  for (let r = 0; r < rows; r++) {
    if ((r & 15) === 0) {
      throwIfAborted(signal);
      onProgress?.(r, rows);
    }
    const bTo = Math.min(buckets - 1, r + 2 * R);
    // Small hot functions: V8 optimises them after a few rows instead of after one long loop.
    if (addRowIntervals(px, py, pw, bStart[r], bStart[bTo + 1], r, hc, cols, block, acc)) {
      sweepRow(values, r * cols, cols, block, acc);
    }
  }
  onProgress?.(rows, rows);
  return { values, cols, rows, originX: ox, originY: oy, cellSize: cs, bandwidth: h, totalWeight: total };
}

/**
 * Columns per block: the power of two at or above 4·hc (4 ≤ block ≤ 1024). Within a block the
 * polynomial's terms stay below ~((block + hc)/hc)⁴ ≤ 9⁴ times the kernel's peak, whatever the
 * bandwidth in cells, and an interval crosses into a second block a fraction of the time.
 */
function blockFor(hc: number): number {
  let b = 4;
  while (b < 4 * hc && b < 1024) b *= 2;
  return b;
}
/** Float64 slots per column in the row accumulator: k0..k4, the cover count, 2 spare (64 bytes). */
const STRIDE = 8;

/**
 * Adds the kernel intervals of the (bucket-ordered) points from..to on row r; false if none.
 * x, y in cell units, w the weights times the kernel's scale, hc the bandwidth in cells.
 */
function addRowIntervals(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  from: number,
  to: number,
  r: number,
  hc: number,
  cols: number,
  block: number,
  acc: Float64Array,
): boolean {
  const mask = block - 1;
  const hc2 = hc * hc;
  const g = 1 / hc2;
  const twoG = 2 * g;
  const g2 = g * g;
  const last = cols - 1;
  // floor(t) + 1 and ceil(t) − 1 by truncation of a positive number: the bounds are clamped
  // to [−1, cols] first, so t + 2 and cols + 2 − t are positive and small.
  const top = cols + 2;
  let touched = false;
  for (let i = from; i < to; i++) {
    const dy = r - y[i];
    const a = 1 - (dy * dy) / hc2;
    if (a <= 0) continue;
    const v0 = x[i];
    const span = hc * Math.sqrt(a);
    // Cells strictly inside the kernel (on its rim the kernel is 0 anyway), clamped to the grid.
    let t0 = v0 - span;
    let t1 = v0 + span;
    t0 = t0 > -1 ? t0 : -1;
    t1 = t1 < cols ? t1 : cols;
    const f0 = ((t0 + 2) | 0) - 1;
    const f1 = top - 1 - ((top - t1) | 0);
    const c0 = f0 > 0 ? f0 : 0;
    const c1 = f1 < last ? f1 : last;
    if (c0 > c1) continue;
    touched = true;
    const W = w[i];
    const Wg2 = W * g2;
    let lo = c0 & ~mask;
    let s0 = c0;
    for (;;) {
      // On this block: W·(p + s·u − g·u²)², u block-local, p = a − g·v², s = 2g·v.
      const v = v0 - lo;
      const p = a - g * v * v;
      const s = twoG * v;
      const Wp = W * p;
      const Ws = W * s;
      const q0 = Wp * p;
      const q1 = 2 * Wp * s;
      const q2 = Ws * s - twoG * Wp;
      const q3 = -twoG * Ws;
      let k = s0 * STRIDE;
      acc[k] += q0;
      acc[k + 1] += q1;
      acc[k + 2] += q2;
      acc[k + 3] += q3;
      acc[k + 4] += Wg2;
      acc[k + 5] += 1;
      const e1 = lo + mask;
      if (c1 < e1) {
        k += (c1 + 1 - s0) * STRIDE;
        acc[k] -= q0;
        acc[k + 1] -= q1;
        acc[k + 2] -= q2;
        acc[k + 3] -= q3;
        acc[k + 4] -= Wg2;
        acc[k + 5] -= 1;
        break;
      }
      if (c1 === e1) break;
      lo += block;
      s0 = lo;
    }
  }
  return touched;
}

/** Evaluates the running polynomials along one row into values[base..base+cols), then clears. */
function sweepRow(values: Float64Array, base: number, cols: number, block: number, acc: Float64Array): void {
  for (let lo = 0; lo < cols; lo += block) {
    const hi = lo + block < cols ? lo + block : cols;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let covered = 0;
    for (let c = lo, k = lo * STRIDE; c < hi; c++, k += STRIDE) {
      const u = c - lo;
      covered += acc[k + 5];
      a0 += acc[k];
      a1 += acc[k + 1];
      a2 += acc[k + 2];
      a3 += acc[k + 3];
      a4 += acc[k + 4];
      if (covered > 0) {
        const val = (((a4 * u + a3) * u + a2) * u + a1) * u + a0;
        values[base + c] = val > 0 ? val : 0;
      }
    }
  }
  acc.fill(0);
}

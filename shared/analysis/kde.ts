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
 * row-polynomial sweep below. Progress is reported in grid rows. Rows are independent, so a
 * host may lend a second thread (KdeRowHelper) that claims chunks of rows alongside the caller:
 * on two cores the sweep, most of the time at a million points, takes half as long.
 */
import { UserError } from '../errors.ts';
import { type LongRunOptions, throwIfAborted } from './cancel.ts';
import { checkPoints } from './dbscan.ts';
import { pointsExtent, type Extent } from './pointsExtent.ts';
import { KDE_SWEEP_WASM_BASE64 } from './wasm/kdeSweepWasm.ts';


export interface KdeOptions extends LongRunOptions {
  bandwidth?: number;
  cellSize?: number;
  extent?: Extent;
  /** A second thread to share the row sweep with (the host's; the core starts no threads). */
  rowHelper?: KdeRowHelper;
  /** Tests only: how long to wait on a helper's chunk before taking it over. */
  helperTimeoutMs?: number;
  /**
   * The row sweep's engine: WebAssembly (default, where the runtime has it) or the same
   * arithmetic in JavaScript — the same grid bit for bit; tests and the bench compare the two.
   */
  engine?: KdeEngine;
}

type KdeEngine = 'wasm' | 'js';

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
export function selectRank(d: Float64Array, w: Float64Array | null, rank: number): number {
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
  const { bandwidth, cellSize, extent, onProgress, signal, rowHelper } = options;
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
  // Per km²: 3/(π h²) per m² × 1e6.
  const scale = (3 / (Math.PI * h * h)) * 1e6;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? weights[i] : 1;

  // Points bucketed by grid row; rows reach R rows beyond the grid on either side.
  const R = Math.ceil(h / cs) + 1;
  const buckets = rows + 2 * R;
  const bucketOf = new Int32Array(n);
  const hc = h / cs;
  const invCs = 1 / cs;
  // With a helper thread, the arrays it reads and the grid it writes live in shared memory.
  const alloc = rowHelper ? (bytes: number) => new SharedArrayBuffer(bytes) : (bytes: number) => new ArrayBuffer(bytes);
  const bStart = new Int32Array(alloc(4 * (buckets + 1)));
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
  // Positions in cell units (cell (c, r) has its centre at (c, r)) and weights, interleaved and
  // copied in bucket order: each row then streams through one array.
  const m = bStart[buckets];
  const pts = new Float64Array(alloc(8 * 3 * m));
  for (let i = 0; i < n; i++) {
    if (bucketOf[i] < 0) continue;
    const k = 3 * fillAt[bucketOf[i]]++;
    pts[k] = (x[i] - ox) * invCs - 0.5;
    pts[k + 1] = (y[i] - oy) * invCs - 0.5;
    pts[k + 2] = (weights ? weights[i] : 1) * scale;
  }

  const job: KdeRowJob = {
    pts,
    bStart,
    values: new Float64Array(alloc(8 * cols * rows)),
    claims: new Int32Array(alloc(4 * JOB_HEADER + 4 * Math.ceil(rows / ROWS_PER_CHUNK))),
    cols,
    rows,
    hc,
    R,
    engine: options.engine ?? (typeof WebAssembly === 'object' ? 'wasm' : 'js'),
  };
  sweepRows(job, rowHelper, options.helperTimeoutMs ?? HELPER_TIMEOUT_MS, signal, onProgress);
  onProgress?.(rows, rows);
  // A plain copy: the result outlives the job and may be transferred; shared memory cannot be.
  const values = rowHelper ? job.values.slice() : job.values;
  return { values, cols, rows, originX: ox, originY: oy, cellSize: cs, bandwidth: h, totalWeight: total };
}

/**
 * The row sweep of one grid, as data another thread can take part in: every row is computed
 * from the bucketed points alone, so rows go in chunks to whichever thread claims them first.
 * claims: [next chunk to hand out, chunks done, then one state per chunk (0 free, 1 claimed,
 * 2 done)].
 */
export interface KdeRowJob {
  pts: Float64Array;
  bStart: Int32Array;
  values: Float64Array;
  claims: Int32Array;
  cols: number;
  rows: number;
  hc: number;
  R: number;
  engine: KdeEngine;
}

/** Another thread that sweeps rows of a job (in shared memory) alongside the caller. */
export interface KdeRowHelper {
  /** Hands the job over and returns at once; the helper claims chunks until none are left. */
  start(job: KdeRowJob): void;
}

const ROWS_PER_CHUNK = 8;
const JOB_HEADER = 2;
const NEXT = 0;
const DONE = 1;
const CLAIMED = 1;
const FINISHED = 2;
/**
 * How long the caller waits for a chunk its helper claimed before computing it itself: far above
 * a chunk's few milliseconds, so it only fires when the helper died (a chunk is recomputed to the
 * same values, so a late helper does no harm).
 */
const HELPER_TIMEOUT_MS = 10_000;

function sweepRows(
  job: KdeRowJob,
  helper: KdeRowHelper | undefined,
  helperTimeoutMs: number,
  signal: AbortSignal | undefined,
  onProgress: ((done: number, total: number) => void) | undefined,
): void {
  const chunks = job.claims.length - JOB_HEADER;
  if (!helper) {
    const sweep = chunkSweeper(job);
    for (let c = 0; c < chunks; c++) {
      throwIfAborted(signal);
      onProgress?.(c * ROWS_PER_CHUNK, job.rows);
      sweep(c);
    }
    return;
  }
  helper.start(job);
  try {
    sweepClaimedChunks(job, () => {
      throwIfAborted(signal);
      onProgress?.(Atomics.load(job.claims, DONE) * ROWS_PER_CHUNK, job.rows);
    });
  } catch (e) {
    // Cancelled: hand out no more chunks.
    Atomics.store(job.claims, NEXT, chunks);
    throw e;
  }
  // Wait for the chunks the helper is still on; take over any it does not finish in time.
  const claims = job.claims;
  for (;;) {
    const done = Atomics.load(claims, DONE);
    if (done >= chunks) return;
    if (Atomics.wait(claims, DONE, done, helperTimeoutMs) === 'timed-out' && Atomics.load(claims, DONE) === done) {
      const sweep = chunkSweeper(job);
      for (let c = 0; c < chunks; c++) {
        if (Atomics.load(claims, JOB_HEADER + c) === FINISHED) continue;
        sweep(c);
        finishChunk(claims, c);
      }
      return;
    }
  }
}

/**
 * Claims chunks of the job one at a time and sweeps them until none are left: the loop both the
 * caller and a helper thread run. `beforeChunk` may throw to stop.
 */
export function sweepClaimedChunks(job: KdeRowJob, beforeChunk?: () => void): void {
  const claims = job.claims;
  const chunks = claims.length - JOB_HEADER;
  let sweep: ChunkSweep | null = null;
  for (;;) {
    const c = Atomics.add(claims, NEXT, 1);
    if (c >= chunks) return;
    Atomics.store(claims, JOB_HEADER + c, CLAIMED);
    beforeChunk?.();
    sweep ??= chunkSweeper(job);
    sweep(c);
    finishChunk(claims, c);
  }
}

type ChunkSweep = (chunk: number) => void;

/** One thread's sweep over chunks of a job, in the job's engine. */
function chunkSweeper(job: KdeRowJob): ChunkSweep {
  if (job.engine === 'wasm') return wasmChunkSweeper(job);
  const acc = new Float64Array((job.cols + 1) * STRIDE);
  return (chunk) => sweepChunk(job, chunk, acc);
}

let sweepModule: WebAssembly.Module | null = null;

/**
 * The WebAssembly sweep (wasm/kdeSweep.as.ts) on this thread: its own memory holding a copy of
 * the points and buckets (tens of milliseconds at a million points), a row accumulator and one
 * chunk's rows, which are copied into the job's grid after each chunk.
 */
function wasmChunkSweeper(job: KdeRowJob): ChunkSweep {
  sweepModule ??= new WebAssembly.Module(Uint8Array.from(atob(KDE_SWEEP_WASM_BASE64), (ch) => ch.charCodeAt(0)));
  const { pts, bStart, cols, rows, hc, R } = job;
  const ptsAt = 0;
  const bStartAt = pts.byteLength;
  const accAt = Math.ceil((bStartAt + bStart.byteLength) / 8) * 8;
  const outAt = accAt + (cols + 1) * STRIDE * 8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((outAt + ROWS_PER_CHUNK * cols * 8) / 65_536) });
  const sweepRowsWasm = new WebAssembly.Instance(sweepModule, { env: { memory } }).exports.sweepRows as (
    pts: number,
    bStart: number,
    buckets: number,
    acc: number,
    out: number,
    cols: number,
    r0: number,
    r1: number,
    hc: number,
    R: number,
    block: number,
  ) => void;
  new Float64Array(memory.buffer, ptsAt, pts.length).set(pts);
  new Int32Array(memory.buffer, bStartAt, bStart.length).set(bStart);
  const out = new Float64Array(memory.buffer, outAt, ROWS_PER_CHUNK * cols);
  const block = blockFor(hc);
  const buckets = bStart.length - 1;
  return (chunk) => {
    const r0 = chunk * ROWS_PER_CHUNK;
    const r1 = Math.min(rows, r0 + ROWS_PER_CHUNK);
    sweepRowsWasm(ptsAt, bStartAt, buckets, accAt, outAt, cols, r0, r1, hc, R, block);
    job.values.set(out.subarray(0, (r1 - r0) * cols), r0 * cols);
  };
}

function finishChunk(claims: Int32Array, c: number): void {
  // A chunk taken over from a slow helper may finish twice: count it once.
  if (Atomics.exchange(claims, JOB_HEADER + c, FINISHED) === FINISHED) return;
  Atomics.add(claims, DONE, 1);
  Atomics.notify(claims, DONE);
}

/**
 * Rows of one chunk into job.values; acc is a cleared row accumulator of (cols + 1)·STRIDE.
 *
 * Along a row, one point's kernel is a quartic polynomial in the column over an interval:
 * W·(a − g(u − v)²)², a = 1 − dy²/hc², g = 1/hc² (hc = h in cells), u the column, v the
 * point's column. Each point adds its 5 coefficients where its interval starts and removes
 * them where it ends (difference arrays); one sweep per row evaluates the running polynomial.
 * Cost n·(2h/cs) instead of n·π(h/cs)². Columns run in blocks (blockFor), u measured from the
 * block's middle and a fresh sum per block, so the expansion stays well conditioned; a count of covering intervals makes
 * uncovered cells exactly 0. The 5 coefficients and the count of a column share a 64-byte slot.
 */
function sweepChunk(job: KdeRowJob, chunk: number, acc: Float64Array): void {
  const { pts, bStart, values, cols, rows, hc, R } = job;
  const buckets = bStart.length - 1;
  const block = blockFor(hc);
  const to = Math.min(rows, (chunk + 1) * ROWS_PER_CHUNK);
  for (let r = chunk * ROWS_PER_CHUNK; r < to; r++) {
    // Bucket b holds points with y in [b − R − 0.5, b − R + 0.5) cell units; those within hc of
    // row r (one bucket of slack on either side against rounding).
    const bFrom = Math.max(0, Math.floor(r + R - hc - 0.5));
    const bTo = Math.min(buckets - 1, Math.floor(r + R + hc + 0.5));
    // Small hot functions: V8 optimises them after a few rows instead of after one long loop.
    if (addRowIntervals(pts, bStart[bFrom], bStart[bTo + 1], r, hc, cols, block, acc)) {
      sweepRow(values, r * cols, cols, block, acc);
    }
  }
}

/**
 * Columns per block: the power of two at or above 8·hc (8 ≤ block ≤ 2048), with u measured from
 * the block's middle. Within a block the polynomial's terms stay below ~((block/2 + hc)/hc)⁴ ≤ 9⁴
 * times the kernel's peak, whatever the bandwidth in cells, and an interval crosses into a second
 * block a fraction of the time (centring halves |u|, so blocks are twice as long for the same
 * conditioning, and intervals cross half as often).
 */
function blockFor(hc: number): number {
  let b = 8;
  while (b < 8 * hc && b < 2048) b *= 2;
  return b;
}
/** Float64 slots per column in the row accumulator: k0..k4, the cover count, 2 spare (64 bytes). */
const STRIDE = 8;

/**
 * Adds the kernel intervals of the (bucket-ordered) points from..to on row r; false if none.
 * pts: x, y in cell units and the weight times the kernel's scale, per point; hc the bandwidth in cells.
 */
function addRowIntervals(
  pts: Float64Array,
  from: number,
  to: number,
  r: number,
  hc: number,
  cols: number,
  block: number,
  acc: Float64Array,
): boolean {
  const mask = block - 1;
  const half = block >> 1;
  const hc2 = hc * hc;
  const g = 1 / hc2;
  const twoG = 2 * g;
  const g2 = g * g;
  const last = cols - 1;
  // floor(t) + 1 and ceil(t) − 1 by truncation of a positive number: the bounds are clamped
  // to [−1, cols] first, so t + 2 and cols + 2 − t are positive and small.
  const top = cols + 2;
  let touched = false;
  for (let i = 3 * from, end = 3 * to; i < end; i += 3) {
    const dy = r - pts[i + 1];
    const a = 1 - (dy * dy) / hc2;
    if (a <= 0) continue;
    const v0 = pts[i];
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
    const W = pts[i + 2];
    const Wg2 = W * g2;
    let lo = c0 & ~mask;
    let s0 = c0;
    for (;;) {
      // On this block: W·(p + s·u − g·u²)², u from the block's middle, p = a − g·v², s = 2g·v.
      const v = v0 - lo - half;
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
    const mid = lo + (block >> 1);
    for (let c = lo, k = lo * STRIDE; c < hi; c++, k += STRIDE) {
      const u = c - mid;
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

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
 * Each point is stamped into the cells its kernel covers (exact per cell centre; row spans from
 * √(h² − dy²)), so the cost is n · π(h/cellSize)², independent of the grid size otherwise.
 */
import { UserError } from '../errors.ts';
import { type LongRunOptions, throwIfAborted } from './cancel.ts';
import { checkPoints } from './dbscan.ts';

export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

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
  const dist = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    const d2 = dx * dx + dy * dy;
    ss += (weights ? weights[i] : 1) * d2;
    dist[i] = Math.sqrt(d2);
  }
  const sd = Math.sqrt(ss / sw);
  let dm: number;
  if (!weights) {
    dist.sort();
    const mid = n >> 1;
    dm = n % 2 ? dist[mid] : (dist[mid - 1] + dist[mid]) / 2;
  } else {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => dist[a] - dist[b]);
    let acc = 0;
    dm = dist[order[n - 1]];
    for (let k = 0; k < n; k++) {
      acc += weights[order[k]];
      if (acc >= sw / 2 - 1e-12 * sw) {
        // Exactly half the weight below: the midpoint, as the unweighted median of an even count.
        const tie = Math.abs(acc - sw / 2) <= 1e-12 * sw && k + 1 < n;
        dm = tie ? (dist[order[k]] + dist[order[k + 1]]) / 2 : dist[order[k]];
        break;
      }
    }
  }
  const h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * Math.pow(sw, -0.2);
  if (!(h > 0)) {
    throw new UserError('kernel density: the points are too concentrated to derive a bandwidth (half or more at one place); give a bandwidth');
  }
  return h;
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
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < minX) minX = x[i];
      if (x[i] > maxX) maxX = x[i];
      if (y[i] < minY) minY = y[i];
      if (y[i] > maxY) maxY = y[i];
    }
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
  const invH2 = 1 / h2;
  // Per km²: 3/(π h²) per m² × 1e6.
  const scale = (3 / (Math.PI * h2)) * 1e6;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0) {
      throwIfAborted(signal);
      onProgress?.(i, n);
    }
    const w = weights ? weights[i] : 1;
    total += w;
    if (w === 0) continue;
    const px = x[i];
    const py = y[i];
    const ws = w * scale;
    // Cell centres (ox + (c + 0.5)·cs) strictly within h of the point.
    const r0 = Math.max(0, Math.ceil((py - h - oy) / cs - 0.5));
    const r1 = Math.min(rows - 1, Math.floor((py + h - oy) / cs - 0.5));
    for (let r = r0; r <= r1; r++) {
      const dy = oy + (r + 0.5) * cs - py;
      const rem = h2 - dy * dy;
      if (rem <= 0) continue;
      const span = Math.sqrt(rem);
      const c0 = Math.max(0, Math.ceil((px - span - ox) / cs - 0.5));
      const c1 = Math.min(cols - 1, Math.floor((px + span - ox) / cs - 0.5));
      const base = r * cols;
      for (let c = c0; c <= c1; c++) {
        const dx = ox + (c + 0.5) * cs - px;
        const t = 1 - (dx * dx + dy * dy) * invH2;
        if (t > 0) values[base + c] += ws * t * t;
      }
    }
  }
  onProgress?.(n, n);
  return { values, cols, rows, originX: ox, originY: oy, cellSize: cs, bandwidth: h, totalWeight: total };
}

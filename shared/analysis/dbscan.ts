/**
 * DBSCAN (Ester, Kriegel, Sander & Xu 1996) on projected points.
 *
 * Inputs: x, y in metres (see localProjection), equal length; eps in metres; minPoints ≥ 1.
 * Semantics (the same as Turf's clustersDbscan and scikit-learn): a point is its own neighbour;
 * q is a neighbour of p iff dist(p, q) ≤ eps; p is core iff it has ≥ minPoints neighbours.
 * Clusters are the connected components of core points (core–core within eps), numbered
 * 0..k−1 in the order their first core point appears in the input. A non-core point within eps
 * of a core point is a border point and joins the lowest-numbered such cluster — the cluster a
 * classic input-order DBSCAN expands first, so the result does not depend on search order.
 * Everything else is noise (−1).
 *
 * Method, never O(n²): points are bucketed in a grid of eps/√2 cells, whose diagonal is eps, so
 * all points of one cell are mutual neighbours: a cell holding ≥ minPoints points is all core
 * without a distance test, and all core points of one cell are in one cluster. Neighbours lie
 * within ±2 cells. Core cells are joined with union-find when any pair of their core points is
 * within eps. Typed arrays throughout, no per-point objects. (Two points of one cell count as
 * neighbours without a distance test; only a pair within rounding error of eps, ~1e-15
 * relative, could be judged differently by an explicit test.)
 *
 * Outputs: labels (Int32Array, input order, −1 noise), core (Uint8Array, 1 = core), clusterCount.
 * Inputs are never modified. Progress is reported in cells over three passes (3 × cells).
 */
import { UserError } from '../errors.ts';
import { type LongRunOptions, throwIfAborted } from './cancel.ts';
import { buildCellGrid } from './cellGrid.ts';

export interface DbscanOptions extends LongRunOptions {
  /** Neighbourhood radius in metres (> 0). */
  eps: number;
  /** Points (the point itself included) needed within eps for a core point (integer ≥ 1). */
  minPoints: number;
}

export interface DbscanResult {
  labels: Int32Array;
  core: Uint8Array;
  clusterCount: number;
}

export function checkPoints(x: Float64Array, y: Float64Array, what: string): void {
  if (x.length !== y.length) throw new UserError(`${what}: ${x.length} x values but ${y.length} y values`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new UserError(`${what}: point ${i} has no valid coordinates (${x[i]}, ${y[i]})`);
    }
  }
}

export function dbscan(x: Float64Array, y: Float64Array, options: DbscanOptions): DbscanResult {
  const { eps, minPoints, onProgress, signal } = options;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new UserError(`DBSCAN: eps must be a distance in metres greater than 0, got ${eps}`);
  if (!Number.isInteger(minPoints) || minPoints < 1) {
    throw new UserError(`DBSCAN: minPoints must be a whole number of at least 1, got ${minPoints}`);
  }
  checkPoints(x, y, 'DBSCAN');
  const n = x.length;
  const labels = new Int32Array(n).fill(-1);
  const core = new Uint8Array(n);
  if (n === 0) return { labels, core, clusterCount: 0 };

  const grid = buildCellGrid(x, y, eps / Math.SQRT2);
  const { order, cellStart, cellX, cellY, cellCount, find } = grid;
  const eps2 = eps * eps;
  // Coordinates in cell order: the inner loops then read memory sequentially.
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    sx[k] = x[order[k]];
    sy[k] = y[order[k]];
  }
  const coreS = new Uint8Array(n);
  const total = 3 * cellCount;
  const tick = (done: number) => {
    throwIfAborted(signal);
    onProgress?.(done, total);
  };
  const nbr = new Int32Array(25);
  const neighbourCells = (c: number): number => {
    let m = 0;
    const cx = cellX[c];
    const cy = cellY[c];
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const id = find(cx + dx, cy + dy);
        if (id >= 0) nbr[m++] = id;
      }
    }
    return m;
  };

  // 1. Core points.
  for (let c = 0; c < cellCount; c++) {
    if ((c & 4095) === 0) tick(c);
    const a = cellStart[c];
    const b = cellStart[c + 1];
    if (b - a >= minPoints) {
      coreS.fill(1, a, b);
      continue;
    }
    const m = neighbourCells(c);
    for (let k = a; k < b; k++) {
      const px = sx[k];
      const py = sy[k];
      let count = b - a;
      for (let t = 0; t < m && count < minPoints; t++) {
        const c2 = nbr[t];
        if (c2 === c) continue;
        const e = cellStart[c2 + 1];
        for (let j = cellStart[c2]; j < e; j++) {
          const dx = sx[j] - px;
          const dy = sy[j] - py;
          if (dx * dx + dy * dy <= eps2 && ++count >= minPoints) break;
        }
      }
      if (count >= minPoints) coreS[k] = 1;
    }
  }

  // 2. Union-find over cells holding core points, with each cell's core bounding box for pruning.
  const parent = new Int32Array(cellCount).fill(-1);
  const bx0 = new Float64Array(cellCount);
  const bx1 = new Float64Array(cellCount);
  const by0 = new Float64Array(cellCount);
  const by1 = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let k = cellStart[c]; k < cellStart[c + 1]; k++) {
      if (!coreS[k]) continue;
      if (sx[k] < x0) x0 = sx[k];
      if (sx[k] > x1) x1 = sx[k];
      if (sy[k] < y0) y0 = sy[k];
      if (sy[k] > y1) y1 = sy[k];
    }
    if (x0 <= x1) {
      parent[c] = c;
      bx0[c] = x0;
      bx1[c] = x1;
      by0[c] = y0;
      by1[c] = y1;
    }
  }
  const findRoot = (c: number): number => {
    let r = c;
    while (parent[r] !== r) r = parent[r];
    while (parent[c] !== r) {
      const next = parent[c];
      parent[c] = r;
      c = next;
    }
    return r;
  };
  const coreLinked = (c1: number, c2: number): boolean => {
    const gx = Math.max(0, bx0[c2] - bx1[c1], bx0[c1] - bx1[c2]);
    const gy = Math.max(0, by0[c2] - by1[c1], by0[c1] - by1[c2]);
    if (gx * gx + gy * gy > eps2) return false;
    const e1 = cellStart[c1 + 1];
    const e2 = cellStart[c2 + 1];
    const ax0 = bx0[c2];
    const ax1 = bx1[c2];
    const ay0 = by0[c2];
    const ay1 = by1[c2];
    for (let k = cellStart[c1]; k < e1; k++) {
      if (!coreS[k]) continue;
      const px = sx[k];
      const py = sy[k];
      // Only points near the other cell's core box can link: skips most of a dense cell.
      const qx = px < ax0 ? ax0 - px : px > ax1 ? px - ax1 : 0;
      const qy = py < ay0 ? ay0 - py : py > ay1 ? py - ay1 : 0;
      if (qx * qx + qy * qy > eps2) continue;
      for (let j = cellStart[c2]; j < e2; j++) {
        if (!coreS[j]) continue;
        const dx = sx[j] - px;
        const dy = sy[j] - py;
        if (dx * dx + dy * dy <= eps2) return true;
      }
    }
    return false;
  };
  for (let c = 0; c < cellCount; c++) {
    if ((c & 4095) === 0) tick(cellCount + c);
    if (parent[c] < 0) continue;
    const m = neighbourCells(c);
    for (let t = 0; t < m; t++) {
      const c2 = nbr[t];
      if (c2 <= c || parent[c2] < 0) continue;
      const r1 = findRoot(c);
      const r2 = findRoot(c2);
      if (r1 === r2) continue;
      if (coreLinked(c, c2)) {
        if (r1 < r2) parent[r2] = r1;
        else parent[r1] = r2;
      }
    }
  }

  // 3. Number clusters by first core point in input order.
  const posOf = new Int32Array(n);
  for (let k = 0; k < n; k++) posOf[order[k]] = k;
  const cellOfPos = new Int32Array(n);
  for (let c = 0; c < cellCount; c++) cellOfPos.fill(c, cellStart[c], cellStart[c + 1]);
  const rootLabel = new Int32Array(cellCount).fill(-1);
  let clusterCount = 0;
  for (let i = 0; i < n; i++) {
    const k = posOf[i];
    if (!coreS[k]) continue;
    core[i] = 1;
    const r = findRoot(cellOfPos[k]);
    if (rootLabel[r] < 0) rootLabel[r] = clusterCount++;
    labels[i] = rootLabel[r];
  }
  const cellLabel = new Int32Array(cellCount).fill(-1);
  for (let c = 0; c < cellCount; c++) if (parent[c] >= 0) cellLabel[c] = rootLabel[findRoot(c)];

  // 4. Border points: the lowest-numbered cluster with a core point within eps.
  for (let c = 0; c < cellCount; c++) {
    if ((c & 4095) === 0) tick(2 * cellCount + c);
    const a = cellStart[c];
    const b = cellStart[c + 1];
    let hasBorderCandidate = false;
    for (let k = a; k < b; k++) {
      if (!coreS[k]) {
        hasBorderCandidate = true;
        break;
      }
    }
    if (!hasBorderCandidate) continue;
    const m = neighbourCells(c);
    for (let k = a; k < b; k++) {
      if (coreS[k]) continue;
      const px = sx[k];
      const py = sy[k];
      let best = 0x7fffffff;
      for (let t = 0; t < m; t++) {
        const c2 = nbr[t];
        const l = cellLabel[c2];
        if (l < 0 || l >= best) continue;
        const e = cellStart[c2 + 1];
        for (let j = cellStart[c2]; j < e; j++) {
          if (!coreS[j]) continue;
          const dx = sx[j] - px;
          const dy = sy[j] - py;
          if (dx * dx + dy * dy <= eps2) {
            best = l;
            break;
          }
        }
      }
      if (best !== 0x7fffffff) labels[order[k]] = best;
    }
  }
  onProgress?.(total, total);
  return { labels, core, clusterCount };
}

/**
 * k-nearest-neighbour distances in the plane over a kdbush KD-tree (the search walks kdbush's
 * implicit tree: median split per node, alternating axes). Internal helper for suggestEps, nni,
 * aggregateGrid's default cell size and distanceBand's default band.
 *
 * Input: x, y in metres; k ≥ 1 counts *other* points (duplicates at distance 0 count).
 * Output: distance to the k-th nearest other point, per query (Float64Array).
 */
import KDBush from 'kdbush';
import { UserError } from '../errors.ts';
import { type LongRunOptions, throwIfAborted } from './cancel.ts';

export interface KnnOptions extends LongRunOptions {
  /** Query only these point indices (default: every point); results follow this order. */
  queries?: Int32Array;
}

export function kthNeighbourDistances(x: Float64Array, y: Float64Array, k: number, options: KnnOptions = {}): Float64Array {
  const n = x.length;
  if (!Number.isInteger(k) || k < 1) throw new UserError(`nearest neighbours: k must be a whole number ≥ 1, got ${k}`);
  if (n <= k) throw new UserError(`nearest neighbours: need more than ${k} points, got ${n}`);
  const index = new KDBush(n, 16);
  for (let i = 0; i < n; i++) index.add(x[i], y[i]);
  index.finish();
  const ids = index.ids;
  const coords = index.coords as Float64Array;
  const nodeSize = index.nodeSize;
  const best = new Float64Array(k);
  let count = 0;
  let qx = 0;
  let qy = 0;
  let self = -1;

  const offer = (d2: number) => {
    if (count < k) {
      let j = count++;
      while (j > 0 && best[j - 1] > d2) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = d2;
    } else if (d2 < best[k - 1]) {
      let j = k - 1;
      while (j > 0 && best[j - 1] > d2) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = d2;
    }
  };
  const search = (left: number, right: number, axis: number): void => {
    if (right - left <= nodeSize) {
      for (let i = left; i <= right; i++) {
        if (ids[i] === self) continue;
        const dx = coords[2 * i] - qx;
        const dy = coords[2 * i + 1] - qy;
        offer(dx * dx + dy * dy);
      }
      return;
    }
    const m = (left + right) >> 1;
    if (ids[m] !== self) {
      const dx = coords[2 * m] - qx;
      const dy = coords[2 * m + 1] - qy;
      offer(dx * dx + dy * dy);
    }
    const diff = (axis === 0 ? qx : qy) - coords[2 * m + axis];
    const nextAxis = 1 - axis;
    if (diff <= 0) {
      search(left, m - 1, nextAxis);
      if (count < k || diff * diff <= best[k - 1]) search(m + 1, right, nextAxis);
    } else {
      search(m + 1, right, nextAxis);
      if (count < k || diff * diff <= best[k - 1]) search(left, m - 1, nextAxis);
    }
  };

  const queries = options.queries;
  const q = queries ? queries.length : n;
  const out = new Float64Array(q);
  for (let t = 0; t < q; t++) {
    if ((t & 8191) === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(t, q);
    }
    // All points: walk them in tree order, so consecutive queries touch the same nodes.
    const i = queries ? queries[t] : ids[t];
    qx = queries ? x[i] : coords[2 * t];
    qy = queries ? y[i] : coords[2 * t + 1];
    self = i;
    count = 0;
    search(0, n - 1, 0);
    out[queries ? t : i] = Math.sqrt(best[k - 1]);
  }
  options.onProgress?.(q, q);
  return out;
}

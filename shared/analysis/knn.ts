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
  const ids = index.ids as Uint32Array | Uint16Array;
  const coords = index.coords as Float64Array;
  const nodeSize = index.nodeSize;
  const best = new Float64Array(k);
  // Depth ≤ log2(n / nodeSize) + 1; two pushes per level.
  const depth = 2 * Math.ceil(Math.log2(n + 1)) + 8;
  const stackI = new Int32Array(3 * depth);
  const stackB = new Float64Array(depth);
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
    const qx = queries ? x[i] : coords[2 * t];
    const qy = queries ? y[i] : coords[2 * t + 1];
    const d2 = kthDistance2(ids, coords, nodeSize, n, qx, qy, i, k, best, stackI, stackB);
    out[queries ? t : i] = Math.sqrt(d2);
  }
  options.onProgress?.(q, q);
  return out;
}

/** Squared distance from (qx, qy) to its k-th nearest point other than `self` (kdbush tree walk). */
function kthDistance2(
  ids: Uint32Array | Uint16Array,
  coords: Float64Array,
  nodeSize: number,
  n: number,
  qx: number,
  qy: number,
  self: number,
  k: number,
  best: Float64Array,
  stackI: Int32Array,
  stackB: Float64Array,
): number {
  let count = 0;
  let worst = Infinity;
  let sp = 0;
  stackI[0] = 0;
  stackI[1] = n - 1;
  stackI[2] = 0;
  stackB[0] = 0;
  sp = 1;
  while (sp > 0) {
    // Nothing beats 0: without this, thousands of incidents geocoded to one spot would make
    // every query among them walk the whole tie.
    if (worst === 0) break;
    sp--;
    if (stackB[sp] > worst) continue;
    const left = stackI[3 * sp];
    const right = stackI[3 * sp + 1];
    const axis = stackI[3 * sp + 2];
    if (right - left <= nodeSize) {
      for (let j = left; j <= right; j++) {
        if (ids[j] === self) continue;
        const dx = coords[2 * j] - qx;
        const dy = coords[2 * j + 1] - qy;
        const d2 = dx * dx + dy * dy;
        if (count < k || d2 < worst) {
          let p = count < k ? count++ : k - 1;
          while (p > 0 && best[p - 1] > d2) {
            best[p] = best[p - 1];
            p--;
          }
          best[p] = d2;
          if (count === k) worst = best[k - 1];
        }
      }
      continue;
    }
    const m = (left + right) >> 1;
    if (ids[m] !== self) {
      const dx = coords[2 * m] - qx;
      const dy = coords[2 * m + 1] - qy;
      const d2 = dx * dx + dy * dy;
      if (count < k || d2 < worst) {
        let p = count < k ? count++ : k - 1;
        while (p > 0 && best[p - 1] > d2) {
          best[p] = best[p - 1];
          p--;
        }
        best[p] = d2;
        if (count === k) worst = best[k - 1];
      }
    }
    const diff = (axis === 0 ? qx : qy) - coords[2 * m + axis];
    const bound = diff * diff;
    const next = 1 - axis;
    // Far side first on the stack, near side popped first.
    if (diff <= 0) {
      stackI[3 * sp] = m + 1;
      stackI[3 * sp + 1] = right;
      stackI[3 * sp + 2] = next;
      stackB[sp++] = bound;
      stackI[3 * sp] = left;
      stackI[3 * sp + 1] = m - 1;
      stackI[3 * sp + 2] = next;
      stackB[sp++] = 0;
    } else {
      stackI[3 * sp] = left;
      stackI[3 * sp + 1] = m - 1;
      stackI[3 * sp + 2] = next;
      stackB[sp++] = bound;
      stackI[3 * sp] = m + 1;
      stackI[3 * sp + 1] = right;
      stackI[3 * sp + 2] = next;
      stackB[sp++] = 0;
    }
  }
  return best[k - 1];
}

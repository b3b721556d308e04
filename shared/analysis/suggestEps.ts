/**
 * A starting eps for DBSCAN: the knee of the sorted k-distance curve (Ester et al. 1996, §4.2).
 *
 * Inputs: x, y in metres; k = the minPoints you will use. The k-distance of a point is the
 * distance to its (k − 1)-th nearest other point — with the point itself that makes k points —
 * so a point whose k-distance is ≤ eps is exactly a core point at (eps, minPoints = k).
 * For more than `sample` points (default 50 000) the k-distances of a seeded random sample are
 * used (against all points), which keeps the curve's shape and the cost bounded.
 * Knee: Kneedle (Satopää et al. 2011) on the ascending curve up to its 99th percentile (the few
 * most isolated points would otherwise flatten everything before them): the point furthest
 * below the chord, both axes scaled to [0, 1].
 * Output: eps (metres), kneeIndex into curve, curve (ascending k-distances, metres), k.
 */
import { UserError } from '../errors.ts';
import type { LongRunOptions } from './cancel.ts';
import { checkPoints } from './dbscan.ts';
import { kthNeighbourDistances } from './knn.ts';

export interface SuggestEpsOptions extends LongRunOptions {
  sample?: number;
  seed?: number;
}

export interface EpsSuggestion {
  eps: number;
  k: number;
  kneeIndex: number;
  curve: Float64Array;
}

export function suggestEps(x: Float64Array, y: Float64Array, k: number, options: SuggestEpsOptions = {}): EpsSuggestion {
  checkPoints(x, y, 'eps suggestion');
  if (!Number.isInteger(k) || k < 2) throw new UserError(`eps suggestion: minPoints must be a whole number ≥ 2, got ${k}`);
  const n = x.length;
  if (n < k + 2) throw new UserError(`eps suggestion: needs at least ${k + 2} points for minPoints ${k}, got ${n}`);
  const sample = options.sample ?? 50_000;
  let queries: Int32Array | undefined;
  if (n > sample) {
    // Partial Fisher–Yates with a seeded LCG: the same data always gives the same suggestion.
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    let s = (options.seed ?? 1) >>> 0;
    for (let i = 0; i < sample; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = i + Math.floor((s / 4294967296) * (n - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    queries = all.slice(0, sample);
  }
  const curve = kthNeighbourDistances(x, y, k - 1, { ...options, queries }).sort();
  const m = curve.length;
  const last = Math.max(2, Math.floor(0.99 * (m - 1)));
  const y0 = curve[0];
  const y1 = curve[last];
  if (!(y1 > y0)) {
    if (!(y1 > 0)) throw new UserError('eps suggestion: most points share their location with many others; choose eps by hand');
    return { eps: y1, k, kneeIndex: last, curve };
  }
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i <= last; i++) {
    const gap = i / last - (curve[i] - y0) / (y1 - y0);
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  const eps = curve[best] > 0 ? curve[best] : y1;
  return { eps, k, kneeIndex: best, curve };
}

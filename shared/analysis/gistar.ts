/**
 * Getis-Ord Gi* local statistic (Ord & Getis 1995) with binary weights, self included.
 *
 * Inputs: values (one per feature: counts, sums, rates), and adjacency in CSR form where row i
 * lists the neighbours of i *including i itself* (see distanceBand). Units do not matter.
 * Outputs: z (the Gi* z-score) and p (two-sided, standard normal), Float64Array, input order.
 *
 *   z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n W_i − W_i²)/(n − 1))),  W_i = Σ_j w_ij,
 *   S = √(Σ x²/n − x̄²)
 *
 * which equals esda's G_Local(star=True, transform="B") z-scores (its G-ratio form reduces to
 * this for binary weights). Where the statistic is undefined — all values equal (S = 0) or a
 * feature neighbouring everything (W_i = n) — z is 0 and p is 1: no evidence, never NaN.
 *
 * giBins turns z/p into −3..+3 (cold/hot at 99/95/90 %). With fdr (the default, as ArcGIS's FDR
 * option) the critical p of each level is the Benjamini–Hochberg threshold over all features.
 */
import { UserError } from '../errors.ts';
import { twoSidedP } from '../stats/normal.ts';
import { fdr as benjaminiHochberg } from './fdr.ts';

/** CSR; row i = neighbours of i (include i itself for Gi*). */
export interface Adjacency {
  offsets: Int32Array;
  indices: Int32Array;
}

export function gistar(values: Float64Array, adj: Adjacency): { z: Float64Array; p: Float64Array } {
  const n = values.length;
  if (n < 3) throw new UserError(`Gi*: needs at least 3 features, got ${n}`);
  const { offsets, indices } = adj;
  if (offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] !== indices.length) {
    throw new UserError(`Gi*: the neighbour table does not match the ${n} features`);
  }
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new UserError(`Gi*: feature ${i} has no valid value (${v})`);
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / n;
  const s = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
  const z = new Float64Array(n);
  const p = new Float64Array(n).fill(1);
  if (!(s > 1e-12 * Math.max(1, Math.abs(mean)))) return { z, p };
  for (let i = 0; i < n; i++) {
    const a = offsets[i];
    const b = offsets[i + 1];
    let lag = 0;
    for (let k = a; k < b; k++) {
      const j = indices[k];
      if (j < 0 || j >= n) throw new UserError(`Gi*: feature ${i} lists neighbour ${j}, which does not exist`);
      lag += values[j];
    }
    const w = b - a;
    const den = s * Math.sqrt((n * w - w * w) / (n - 1));
    if (den > 0) {
      z[i] = (lag - mean * w) / den;
      p[i] = twoSidedP(z[i]);
    }
  }
  return { z, p };
}

const LEVELS: [alpha: number, bin: number][] = [
  [0.01, 3],
  [0.05, 2],
  [0.1, 1],
];

/** Bins −3..+3: ±3 significant at 99 %, ±2 at 95 %, ±1 at 90 %, 0 not significant; sign of z. */
export function giBins(z: Float64Array, p: Float64Array, o: { fdr?: boolean } = {}): Int8Array {
  const n = z.length;
  if (p.length !== n) throw new UserError(`Gi* bins: ${n} z-scores but ${p.length} p-values`);
  const useFdr = o.fdr ?? true;
  const critical = LEVELS.map(([alpha]) => (useFdr ? (benjaminiHochberg(p, { alpha }).pCritical ?? -1) : alpha));
  const bins = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    if (z[i] === 0) continue;
    for (let l = 0; l < LEVELS.length; l++) {
      if (p[i] <= critical[l]) {
        bins[i] = z[i] > 0 ? LEVELS[l][1] : -LEVELS[l][1];
        break;
      }
    }
  }
  return bins;
}

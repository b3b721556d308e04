/**
 * Benjamini–Hochberg false discovery rate (Benjamini & Hochberg 1995, step-up procedure).
 *
 * Input: p-values in [0, 1] (any order), α in (0, 1) (default 0.05).
 * Output, in input order: q (BH-adjusted p, identical to R's p.adjust(p, "BH") and scipy's
 * false_discovery_control), reject (1 where q ≤ α), and pCritical: the largest p_(k) with
 * p_(k) ≤ k·α/m — every p ≤ pCritical is rejected — or null when nothing is.
 */
import { UserError } from '../errors.ts';

export interface FdrResult {
  q: Float64Array;
  reject: Uint8Array;
  pCritical: number | null;
  rejected: number;
}

export function fdr(p: ArrayLike<number>, options: { alpha?: number } = {}): FdrResult {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new UserError(`FDR: alpha must be between 0 and 1, got ${alpha}`);
  const m = p.length;
  for (let i = 0; i < m; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new UserError(`FDR: p-value ${i} is not a probability (${p[i]})`);
  }
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => p[a] - p[b] || a - b);
  const q = new Float64Array(m);
  const reject = new Uint8Array(m);
  let running = 1;
  let pCritical: number | null = null;
  for (let r = m - 1; r >= 0; r--) {
    const pi = p[order[r]];
    if (pCritical === null && pi <= ((r + 1) * alpha) / m) pCritical = pi;
    running = Math.min(running, (pi * m) / (r + 1));
    q[order[r]] = running;
  }
  let rejected = 0;
  if (pCritical !== null) {
    for (let i = 0; i < m; i++) {
      if (p[i] <= pCritical) {
        reject[i] = 1;
        rejected++;
      }
    }
  }
  return { q, reject, pCritical, rejected };
}

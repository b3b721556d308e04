/**
 * Mann-Kendall trend test for a series in time order.
 *
 * Input: values (NaN entries are left out — a missing step is not a tie), α (default 0.05).
 * Output: n (values used), S = Σ_{i<j} sign(x_j − x_i), the variance of S under H0 with the tie
 * correction Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 (t = size of each group of equal
 * values), z with the continuity correction (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0,
 * 0 for S = 0; the two-sided normal p-value; Kendall's tau-a = S / (n(n−1)/2); and the trend:
 * 'up' / 'down' when p < α, else 'none'. With fewer than 2 values, or all values equal,
 * Var(S) = 0: z = 0, p = 1, tau = 0 — never NaN.
 * Reference: Kendall, Rank Correlation Methods (1975); Hipel & McLeod, Time Series Modelling of
 * Water Resources (1994), §23.3.
 */
import { twoSidedP } from '../stats/normal.ts';

export interface MannKendallResult {
  n: number;
  s: number;
  varS: number;
  z: number;
  p: number;
  tau: number;
  trend: 'up' | 'down' | 'none';
}

export function mannKendall(values: ArrayLike<number>, alpha = 0.05): MannKendallResult {
  const x: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) x.push(values[i]);
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    for (let j = i + 1; j < n; j++) {
      const d = x[j] - xi;
      if (d > 0) s++;
      else if (d < 0) s--;
    }
  }
  const sorted = x.slice().sort((a, b) => a - b);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  const varS = Math.max(0, (n * (n - 1) * (2 * n + 5) - tieTerm) / 18);
  let z = 0;
  if (varS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varS);
  }
  const p = varS > 0 ? twoSidedP(z) : 1;
  const pairs = (n * (n - 1)) / 2;
  const tau = pairs > 0 ? s / pairs : 0;
  const trend = p < alpha ? (s > 0 ? 'up' : 'down') : 'none';
  return { n, s, varS, z, p, tau, trend };
}

/**
 * Exact (Clopper–Pearson) confidence interval for a binomial proportion, as R's binom.test
 * reports it.
 *
 * Inputs: x successes of n trials (integers, 0 ≤ x ≤ n, n ≥ 1), confidence level (default 0.95).
 * Output: [lower, upper] in [0, 1]; lower = 0 when x = 0 and upper = 1 when x = n.
 * The bounds solve P(X ≥ x | p_lo) = α/2 and P(X ≤ x | p_hi) = α/2, i.e. beta quantiles.
 */
import { inverseIncompleteBeta } from './beta.ts';

export function clopperPearson(x: number, n: number, level = 0.95): [number, number] {
  const alpha = 1 - level;
  // Closed forms at the ends: P(X ≥ n | p) = p^n and P(X ≤ 0 | p) = (1 − p)^n.
  const lower = x === 0 ? 0 : x === n ? Math.pow(alpha / 2, 1 / n) : inverseIncompleteBeta(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : x === 0 ? 1 - Math.pow(alpha / 2, 1 / n) : inverseIncompleteBeta(1 - alpha / 2, x + 1, n - x);
  return [lower, upper];
}

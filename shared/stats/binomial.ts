/**
 * Binomial distribution and the exact binomial test.
 *
 * Inputs: integers n ≥ 0, 0 ≤ k ≤ n, probability 0 ≤ p ≤ 1. Outputs: probabilities in [0, 1].
 * `binomialTestTwoSided` follows scipy.stats.binomtest (and R's binom.test): the p-value is the
 * total probability of every outcome no more likely than the observed one, with the relative
 * tolerance 1 + 1e-7 both use so that ties lost to rounding still count.
 */
import { incompleteBeta } from './beta.ts';
import { logChoose } from './gamma.ts';

/** P(X = k). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X ≤ k). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return incompleteBeta(1 - p, n - k, k + 1);
}

/** P(X > k), computed directly so small upper tails keep their precision. */
export function binomialSf(k: number, n: number, p: number): number {
  if (k < 0) return 1;
  if (k >= n) return 0;
  return incompleteBeta(p, k + 1, n - k);
}

const REL_TOLERANCE = 1 + 1e-7;

/** Two-sided exact test of H0: X ~ Binomial(n, p) given the observed k (scipy's "two-sided"). */
export function binomialTestTwoSided(k: number, n: number, p: number): number {
  if (n === 0) return 1;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const d = binomialPmf(k, n, p) * REL_TOLERANCE;
  const mean = n * p;
  if (k === mean) return 1;
  let pval: number;
  if (k < mean) {
    // The pmf never rises on [ceil(np), n]: find where it first drops to the observed height.
    let lo = Math.ceil(mean);
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (binomialPmf(mid, n, p) <= d) hi = mid;
      else lo = mid + 1;
    }
    pval = binomialCdf(k, n, p) + (lo <= n ? binomialSf(lo - 1, n, p) : 0);
  } else {
    // The pmf never falls on [0, floor(np)]: find the last outcome no higher than the observed one.
    let lo = -1;
    let hi = Math.floor(mean);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (binomialPmf(mid, n, p) <= d) lo = mid;
      else hi = mid - 1;
    }
    pval = (lo >= 0 ? binomialCdf(lo, n, p) : 0) + binomialSf(k - 1, n, p);
  }
  return Math.min(1, pval);
}

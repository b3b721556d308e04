import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialPmf, binomialSf, binomialTestTwoSided } from '../../../shared/stats/binomial.ts';
import { clopperPearson } from '../../../shared/stats/clopperPearson.ts';
import { choose, exactTwoSidedP, pmfNumerators, ratio, upperTailDouble } from './exact.ts';

describe('binomial distribution', () => {
  it('pmf and tails agree with exact rational sums', () => {
    // n = 19, p = 1/2: P(X ≤ 6) = (1+19+171+969+3876+11628+27132) / 2^19 = 43796 / 524288
    expect(binomialCdf(6, 19, 0.5)).toBeCloseTo(43796 / 524288, 14);
    expect(binomialSf(12, 19, 0.5)).toBeCloseTo(43796 / 524288, 14);
    const num = pmfNumerators(40, 3, 10);
    const denom = 10n ** 40n;
    for (const k of [0, 1, 5, 12, 20, 39, 40]) {
      expect(binomialPmf(k, 40, 0.3)).toBeCloseTo(ratio(num[k], denom), 14);
      const cdf = num.slice(0, k + 1).reduce((a, b) => a + b, 0n);
      expect(binomialCdf(k, 40, 0.3)).toBeCloseTo(ratio(cdf, denom), 13);
      const sf = num.slice(k + 1).reduce((a, b) => a + b, 0n);
      // small upper tails keep their relative precision
      if (sf > 0n) expect(binomialSf(k, 40, 0.3) / ratio(sf, denom)).toBeCloseTo(1, 10);
    }
    expect(choose(19, 6)).toBe(27132n);
  });
});

describe('two-sided exact binomial test (scipy.stats.binomtest definition)', () => {
  // [k, n, r, s]: X ~ Binomial(n, r/s)
  const cases: [number, number, number, number][] = [
    [6, 19, 1, 2], // 13 before vs 6 after, equal periods
    [13, 19, 1, 2],
    [0, 10, 1, 2],
    [11, 32, 800, 3811], // R poisson.test(c(11, 21), c(800, 3011))
    [682, 925, 3, 4], // R binom.test(682, 925, p = 3/4)
    [5, 47, 8, 38], // unequal exposures: 8 days after, 30 before
    [40, 47, 8, 38],
    [0, 25, 8, 38],
    [25, 25, 8, 38],
    [3, 15, 1, 10],
    [9, 200, 1, 20],
    [1, 1, 1, 2],
    [700, 1500, 1, 2], // larger counts: the tails come from the incomplete beta, not a sum
    [260, 1200, 1, 4],
    [1, 2000, 1, 1000],
  ];
  for (const [k, n, r, s] of cases) {
    it(`k=${k} n=${n} p=${r}/${s}`, () => {
      const expected = exactTwoSidedP(k, n, r, s);
      const got = binomialTestTwoSided(k, n, r / s);
      expect(Math.abs(got - expected)).toBeLessThan(1e-12 + 1e-9 * expected);
    });
  }

  it('13 vs 6 in equal periods: p = 0.1671 (2 · 43796 / 2^19)', () => {
    const p = binomialTestTwoSided(6, 19, 0.5);
    expect(Math.abs(p - (2 * 43796) / 524288)).toBeLessThan(1e-13);
    expect(Math.abs(p - 0.1671)).toBeLessThan(1e-4);
  });

  it('published values: R binom.test(682, 925, p = 0.75) p = 0.3825; poisson.test(c(11, 21), c(800, 3011)) p = 0.07967', () => {
    // Both from the examples in R's documentation (stats::binom.test, stats::poisson.test).
    expect(binomialTestTwoSided(682, 925, 0.75)).toBeCloseTo(0.3825, 4);
    expect(binomialTestTwoSided(11, 32, 800 / 3811)).toBeCloseTo(0.07967, 5);
  });

  it('b = 0 with equal halves: p = 2 · (1/2)^a in closed form', () => {
    for (const a of [1, 2, 5, 13, 30]) {
      expect(binomialTestTwoSided(0, a, 0.5)).toBeCloseTo(Math.min(1, 2 * 0.5 ** a), 14);
    }
  });
});

describe('Clopper–Pearson interval', () => {
  it('matches R binom.test(682, 925): 0.7076683 0.7654066', () => {
    const [lo, hi] = clopperPearson(682, 925);
    expect(lo).toBeCloseTo(0.7076683, 7);
    expect(hi).toBeCloseTo(0.7654066, 7);
  });

  it('closed forms at the ends: x = 0 → [0, 1 − 0.025^(1/n)], x = n → [0.025^(1/n), 1]', () => {
    for (const n of [1, 4, 19, 100]) {
      const [lo0, hi0] = clopperPearson(0, n);
      expect(lo0).toBe(0);
      expect(hi0).toBeCloseTo(1 - 0.025 ** (1 / n), 14);
      const [loN, hiN] = clopperPearson(n, n);
      expect(loN).toBeCloseTo(0.025 ** (1 / n), 14);
      expect(hiN).toBe(1);
    }
  });

  it('the bounds solve P(X ≥ x | lo) = 0.025 and P(X ≤ x | hi) = 0.025', () => {
    for (const [x, n] of [
      [6, 19],
      [1, 7],
      [13, 19],
      [40, 120],
      [199, 200],
    ]) {
      const [lo, hi] = clopperPearson(x, n);
      expect(upperTailDouble(x, n, lo)).toBeCloseTo(0.025, 10);
      expect(1 - upperTailDouble(x + 1, n, hi)).toBeCloseTo(0.025, 10);
    }
  });
});

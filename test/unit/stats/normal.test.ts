import { describe, expect, it } from 'vitest';
import { normalCdf, normalUpperTail, twoSidedP } from '../../../shared/stats/normal.ts';
import { phiBySimpson } from './exact.ts';

describe('standard normal', () => {
  it('agrees with Simpson integration of the density', () => {
    for (const x of [-4, -2.5, -1, -0.3, 0, 0.5, 1, 1.6448536, 1.959964, 2.5758293, 3.2, 5]) {
      expect(normalCdf(x)).toBeCloseTo(phiBySimpson(x), 12);
    }
  });

  it('gives the textbook critical values', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedP(2.5758293035489)).toBeCloseTo(0.01, 12);
    expect(normalUpperTail(1.6448536269514722)).toBeCloseTo(0.05, 12);
  });

  it('keeps relative precision far in the tail (Mills ratio bound)', () => {
    // φ(x)/x · (1 − 1/x²) < P(Z > x) < φ(x)/x
    for (const x of [8, 10, 20, 30]) {
      const phi = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
      const t = normalUpperTail(x);
      expect(t).toBeLessThan(phi / x);
      expect(t).toBeGreaterThan((phi / x) * (1 - 1 / (x * x)));
    }
    expect(normalUpperTail(40)).toBe(0);
    expect(twoSidedP(0)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../../shared/analysis/mannKendall.ts';
import { phiBySimpson } from '../stats/exact.ts';

const pFromZ = (z: number) => 2 * (1 - phiBySimpson(Math.abs(z)));

describe('Mann-Kendall', () => {
  it('x = 1, 3, 2, 5, 4 (computed by hand)', () => {
    // Pairs (i<j): 1→3 +, 1→2 +, 1→5 +, 1→4 +, 3→2 −, 3→5 +, 3→4 +, 2→5 +, 2→4 +, 5→4 −
    // S = 8 − 2 = 6; Var = 5·4·15/18 = 300/18; z = (6 − 1)/√(300/18) = 1.22474…
    const r = mannKendall([1, 3, 2, 5, 4]);
    expect(r.n).toBe(5);
    expect(r.s).toBe(6);
    expect(r.varS).toBeCloseTo(300 / 18, 12);
    expect(r.z).toBeCloseTo(5 / Math.sqrt(300 / 18), 12);
    expect(r.p).toBeCloseTo(pFromZ(5 / Math.sqrt(300 / 18)), 9);
    expect(r.p).toBeGreaterThan(0.2);
    expect(r.tau).toBeCloseTo(6 / 10, 12);
    expect(r.trend).toBe('none');
  });

  it('ties: x = 1, 2, 2, 3, 3, 3, 4 (computed by hand)', () => {
    // 21 pairs, none decreasing, 1 tied pair among the 2s and 3 among the 3s: S = 21 − 4 = 17.
    // Var = [7·6·19 − 2·1·9 − 3·2·11]/18 = (798 − 18 − 66)/18 = 714/18; z = 16/√(714/18) = 2.5404…
    const r = mannKendall([1, 2, 2, 3, 3, 3, 4]);
    expect(r.s).toBe(17);
    expect(r.varS).toBeCloseTo(714 / 18, 12);
    expect(r.z).toBeCloseTo(16 / Math.sqrt(714 / 18), 12);
    expect(r.p).toBeCloseTo(pFromZ(16 / Math.sqrt(714 / 18)), 9);
    expect(r.p).toBeLessThan(0.05);
    expect(r.trend).toBe('up');
  });

  it('a strictly decreasing series of 10: S = −45, Var = 10·9·25/18 = 125', () => {
    const r = mannKendall([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(r.s).toBe(-45);
    expect(r.varS).toBe(125);
    expect(r.z).toBeCloseTo(-44 / Math.sqrt(125), 12);
    expect(r.tau).toBe(-1);
    expect(r.trend).toBe('down');
  });

  it('degenerate series give z = 0, p = 1, never NaN; NaN steps are left out', () => {
    for (const xs of [[], [4], [2, 2, 2, 2]]) {
      const r = mannKendall(xs);
      expect(r).toMatchObject({ s: 0, z: 0, p: 1, trend: 'none' });
      expect(Number.isNaN(r.tau)).toBe(false);
    }
    expect(mannKendall([1, NaN, 3, 2, NaN, 5, 4]).s).toBe(6);
  });
});

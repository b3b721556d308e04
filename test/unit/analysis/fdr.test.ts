import { describe, expect, it } from 'vitest';
import { fdr } from '../../../shared/analysis/fdr.ts';
import { UserError } from '../../../shared/errors.ts';

describe('fdr (Benjamini–Hochberg)', () => {
  it('reproduces the 15 p-values example of Benjamini & Hochberg (1995, §4): 4 rejections at 0.05', () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
    const r = fdr(p, { alpha: 0.05 });
    expect(r.rejected).toBe(4);
    expect(Array.from(r.reject)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.pCritical).toBe(0.0095);
    // scipy 1.17.1 scipy.stats.false_discovery_control(p) (= R p.adjust(p, "BH")):
    const scipy = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.07650000000000001, 0.486,
      0.5811818181818181, 0.7148749999999999, 0.7532307692307693, 0.8132142857142857, 1.0,
    ];
    r.q.forEach((q, i) => expect(q).toBeCloseTo(scipy[i], 14));
  });

  it('handles unsorted input and ties like scipy', () => {
    const p = [0.04, 0.001, 0.03, 0.5, 0.012, 0.2, 0.0005, 0.049, 0.9, 0.04];
    // scipy 1.17.1 scipy.stats.false_discovery_control(p):
    const scipy = [
      0.06666666666666667, 0.005, 0.06666666666666667, 0.5555555555555556, 0.04, 0.25, 0.005, 0.07, 0.9, 0.06666666666666667,
    ];
    const r = fdr(p);
    r.q.forEach((q, i) => expect(q).toBeCloseTo(scipy[i], 14));
    expect(Array.from(r.reject)).toEqual([0, 1, 0, 0, 1, 0, 1, 0, 0, 0]);
    expect(r.pCritical).toBe(0.012);
  });

  it('rejects nothing when no p-value passes, and refuses non-probabilities', () => {
    const r = fdr([0.3, 0.8, 0.06], { alpha: 0.05 });
    expect(r.pCritical).toBeNull();
    expect(r.rejected).toBe(0);
    expect(() => fdr([0.1, Number.NaN])).toThrow(/p-value 1/);
    expect(() => fdr([0.1], { alpha: 1.5 })).toThrow(UserError);
  });
});

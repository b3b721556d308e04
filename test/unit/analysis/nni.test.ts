import { describe, expect, it } from 'vitest';
import { convexHull, convexHullArea } from '../../../shared/analysis/hull.ts';
import { nni } from '../../../shared/analysis/nni.ts';
import { UserError } from '../../../shared/errors.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';

describe('nni (Clark–Evans)', () => {
  it('finds a 30 × 30 lattice at 100 m dispersed: R = 2 exactly with its own area', () => {
    const x = new Float64Array(900);
    const y = new Float64Array(900);
    for (let i = 0; i < 900; i++) {
      x[i] = (i % 30) * 100;
      y[i] = Math.floor(i / 30) * 100;
    }
    // Each point owns a 100 m × 100 m square: A = 9 km². Observed 100 m, expected 0.5·√(A/n) = 50 m.
    const r = nni(x, y, 9e6);
    expect(r.observedMeanM).toBeCloseTo(100, 9);
    expect(r.expectedMeanM).toBeCloseTo(50, 9);
    expect(r.ratio).toBeCloseTo(2, 9);
    // SE = 0.26136 · √(A)/n = 0.26136 · 3000 / 900.
    expect(r.z).toBeCloseTo(50 / ((0.26136 * 3000) / 900), 6);
    expect(r.p).toBeLessThan(1e-10);
    // With the convex hull (2.9 km square) as the area the lattice is still dispersed.
    expect(convexHullArea(x, y)).toBeCloseTo(2900 * 2900, 6);
    expect(nni(x, y, convexHullArea(x, y)).ratio).toBeGreaterThan(1.9);
  });

  it('finds a tight cluster clustered and uniform noise neither', () => {
    const rnd = mulberry32(3);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const n = 500;
    const x = Float64Array.from({ length: n }, () => 5000 + 50 * gauss());
    const y = Float64Array.from({ length: n }, () => 5000 + 50 * gauss());
    const tight = nni(x, y, 1e8); // a 10 km × 10 km study area
    expect(tight.ratio).toBeLessThan(0.1);
    expect(tight.z).toBeLessThan(-10);
    expect(tight.p).toBeLessThan(1e-10);
    const m = 4000;
    const ux = Float64Array.from({ length: m }, () => 10_000 * rnd());
    const uy = Float64Array.from({ length: m }, () => 10_000 * rnd());
    const uniform = nni(ux, uy, 1e8);
    // Edge effects push R a little above 1 (no edge correction), never far.
    expect(Math.abs(uniform.ratio - 1)).toBeLessThan(0.05);
  });

  it('handles thousands of incidents geocoded to one spot (brute-force check)', () => {
    const n = 20_000;
    const x = new Float64Array(n).fill(1000);
    const y = new Float64Array(n).fill(2000);
    const rnd = mulberry32(8);
    for (let i = 0; i < n; i += 1000) {
      x[i] = 10_000 * rnd();
      y[i] = 10_000 * rnd();
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      if (i % 1000 !== 0) best = 0;
      else for (let j = 0; j < n; j++) if (j !== i) best = Math.min(best, Math.hypot(x[i] - x[j], y[i] - y[j]));
      sum += best;
    }
    const r = nni(x, y, 1e8);
    expect(r.observedMeanM).toBeCloseTo(sum / n, 9);
    expect(r.ratio).toBeLessThan(0.05);
  });

  it('refuses too few points and an empty area', () => {
    expect(() => nni(Float64Array.of(1), Float64Array.of(1), 10)).toThrow(UserError);
    expect(() => nni(Float64Array.of(1, 2), Float64Array.of(1, 2), 0)).toThrow(/area/);
  });

  it('builds counter-clockwise closed hulls', () => {
    const ring = convexHull(Float64Array.of(0, 2, 1, 2, 0, 1), Float64Array.of(0, 0, 1, 2, 2, 0.5));
    expect(ring).toEqual([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]);
  });
});

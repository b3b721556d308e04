import { describe, expect, it } from 'vitest';
import { createRng, permutation, weightedPicker } from '../../../shared/synth/random.ts';

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('createRng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(Math.min(...sa)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...sa)).toBeLessThan(1);
  });

  it('gives uniform draws with the moments of U(0,1)', () => {
    const r = createRng(1);
    const xs = Array.from({ length: 200_000 }, () => r.next());
    const { mean, variance } = moments(xs);
    // Standard error of the mean is 0.00065 here; 5 SE keeps the test stable for this seed and meaningful.
    expect(mean).toBeCloseTo(0.5, 2);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    // Ten equal bins each within 3 % of their expected 20 000.
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    for (const b of bins) expect(Math.abs(b - 20_000)).toBeLessThan(600);
  });

  it('draws standard normals: mean 0, variance 1, 95 % within ±1.96', () => {
    const r = createRng(2);
    const xs = Array.from({ length: 200_000 }, () => r.normal());
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    const inside = xs.filter((x) => Math.abs(x) <= 1.959964).length / xs.length;
    expect(Math.abs(inside - 0.95)).toBeLessThan(0.003);
  });

  it.each([0.5, 4, 9.9, 10, 37, 1000])('draws Poisson(%d) with mean and variance λ', (lambda) => {
    const r = createRng(3);
    const xs = Array.from({ length: 100_000 }, () => r.poisson(lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const { mean, variance } = moments(xs);
    // Standard error of the mean is sqrt(λ/n); allow 5 of them.
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / xs.length));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
  });

  it('matches the Poisson(3) probability of zero, e^-3', () => {
    const r = createRng(4);
    let zeros = 0;
    for (let i = 0; i < 100_000; i++) if (r.poisson(3) === 0) zeros++;
    expect(Math.abs(zeros / 100_000 - Math.exp(-3))).toBeLessThan(0.003);
  });

  it('rejects a negative or infinite Poisson mean', () => {
    const r = createRng(5);
    expect(() => r.poisson(-1)).toThrow(RangeError);
    expect(() => r.poisson(Infinity)).toThrow(RangeError);
    expect(r.poisson(0)).toBe(0);
  });
});

describe('permutation and weightedPicker', () => {
  it('permutation holds every index once', () => {
    const p = permutation(createRng(9), 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('picks in proportion to the weights and never a zero weight', () => {
    const pick = weightedPicker([1, 0, 3, 6]);
    const r = createRng(10);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[pick(r)]++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0] / 100_000 - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(counts[2] / 100_000 - 0.3)).toBeLessThan(0.006);
    expect(Math.abs(counts[3] / 100_000 - 0.6)).toBeLessThan(0.006);
  });
});

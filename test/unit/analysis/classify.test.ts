/**
 * Choropleth classes against independent references: natural breaks against an exhaustive search
 * of every grouping of the sorted values (the least squared deviation from the class means, Jenks's
 * criterion), quantiles against numpy's percentiles (linear, numpy's default), equal intervals and
 * manual limits by hand.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/analysis/classify.ts';
import { createRng } from '../../../shared/synth/random.ts';

/** Squared deviations from the class means of sorted values cut before the indexes in `cuts`. */
function sdcm(sorted: number[], cuts: number[]): number {
  const bounds = [0, ...cuts, sorted.length];
  let s = 0;
  for (let c = 0; c + 1 < bounds.length; c++) {
    const part = sorted.slice(bounds[c], bounds[c + 1]);
    const mean = part.reduce((a, b) => a + b, 0) / part.length;
    s += part.reduce((a, b) => a + (b - mean) ** 2, 0);
  }
  return s;
}

/** Every way to cut n sorted values into k non-empty runs. */
function* cutsOf(n: number, k: number, from = 1): Generator<number[]> {
  if (k === 1) {
    yield [];
    return;
  }
  for (let c = from; c <= n - k + 1; c++) for (const rest of cutsOf(n, k - 1, c + 1)) yield [c, ...rest];
}

describe('natural breaks', () => {
  it('finds the grouping with the least squared deviation from the class means, as an exhaustive search does', () => {
    const rng = createRng('jenks');
    for (let trial = 0; trial < 30; trial++) {
      const n = 8 + rng.int(7);
      // Skewed like incident counts per municipality: many small, a few large.
      const values = Array.from({ length: n }, () => Math.round(rng.exponential() * 40 * (1 + rng.int(3))));
      const k = 2 + rng.int(3);
      const sorted = [...values].sort((a, b) => a - b);
      if (new Set(sorted).size < k) continue;
      let best = Infinity;
      for (const cuts of cutsOf(n, k)) best = Math.min(best, sdcm(sorted, cuts));
      const c = classify(values, 'natural-breaks', k);
      const cuts: number[] = [];
      for (let i = 1; i < c.classes.length; i++) cuts.push(sorted.filter((v) => v <= c.breaks[i]).length);
      expect(sdcm(sorted, cuts)).toBeCloseTo(best, 9);
      expect(c.classes.map((x) => x.count).reduce((a, b) => a + b, 0)).toBe(n);
      // Every class ends at one of its values; the first starts at the smallest.
      expect(c.breaks[0]).toBe(sorted[0]);
      for (const b of c.breaks.slice(1)) expect(sorted).toContain(b);
    }
  });

  it('gives fewer classes when the values have fewer distinct values, and leaves missing values out', () => {
    const c = classify([0, 0, 0, 0, 3, 3, null, 9, Number.NaN], 'natural-breaks', 5);
    expect(c.breaks).toEqual([0, 0, 3, 9]);
    expect(c.classes).toEqual([
      { lower: 0, upper: 0, count: 4 },
      { lower: 0, upper: 3, count: 2 },
      { lower: 3, upper: 9, count: 1 },
    ]);
    expect([...c.classOf]).toEqual([0, 0, 0, 0, 1, 1, -1, 2, -1]);
    expect(c.noData).toBe(2);
  });
});

describe('quantiles, equal interval, manual', () => {
  it('puts quantile limits where numpy.percentile does', () => {
    const rng = createRng('quantiles');
    const values = Array.from({ length: 85 }, () => Math.round(rng.exponential() * 1000) / 10);
    const py = spawnSync('/usr/bin/python3', ['-c', 'import json,sys,numpy; v=json.load(sys.stdin); print(json.dumps([float(x) for x in numpy.percentile(v, [0, 20, 40, 60, 80, 100])]))'], {
      input: JSON.stringify(values),
      encoding: 'utf8',
    });
    expect(py.stderr).toBe('');
    const numpy = JSON.parse(py.stdout) as number[];
    const c = classify(values, 'quantiles', 5);
    c.breaks.forEach((b, i) => expect(b).toBeCloseTo(numpy[i], 10));
    // Closed above: each class holds the values in (lower, upper], the first also its lower limit.
    const sorted = [...values].sort((a, b) => a - b);
    expect(c.classes.map((x) => x.count)).toEqual(c.classes.map((x, i) => sorted.filter((v) => (i === 0 ? v >= x.lower : v > x.lower) && v <= x.upper).length));
  });

  it('cuts equal intervals from the smallest value to the largest', () => {
    const c = classify([2, 4, 7, 10, 12, 22], 'equal-interval', 4);
    expect(c.breaks).toEqual([2, 7, 12, 17, 22]);
    expect(c.classes.map((x) => x.count)).toEqual([3, 2, 0, 1]);
  });

  it('takes manual limits as the limits between classes, and refuses limits that do not rise', () => {
    const c = classify([0, 1, 5, 10, 11, 50, 200], 'manual', 0, [1, 10, 100]);
    expect(c.breaks).toEqual([0, 1, 10, 100, 200]);
    expect(c.classes.map((x) => x.count)).toEqual([2, 2, 2, 1]);
    expect(() => classify([1, 2], 'manual', 0, [5, 5])).toThrow('manual class limits must rise: 5 then 5');
  });
});

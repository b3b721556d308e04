import { describe, expect, it } from 'vitest';
import {
  buildCube,
  classifyEmerging,
  emergingSummary,
  emergingHotSpots,
  type EmergingCategory,
  type SpaceTimeCube,
} from '../../../shared/analysis/emerging.ts';
import { UserError } from '../../../shared/errors.ts';

/**
 * A 9 × 9 grid, 10 steps. The background is a fixed 4/6 checkerboard (so no step is flat and a
 * neighbourhood of plain background is never significant: its 3 × 3 sum is 44 or 46 against a
 * mean near 45). The centre cell's 3 × 3 block follows a script, one character per step:
 *   '.' background, 'H' a block of `hot[t]` incidents per cell, 'C' a block of `cold[t]`.
 */
const SIDE = 9;
const CENTRE = 4 * SIDE + 4;

function queenAdjacency(side: number) {
  const offsets = new Int32Array(side * side + 1);
  const indices: number[] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < side && cc >= 0 && cc < side) indices.push(rr * side + cc);
        }
      }
      offsets[r * side + c + 1] = indices.length;
    }
  }
  return { offsets, indices: Int32Array.from(indices) };
}

function scriptedCube(script: string, hot: (t: number) => number = () => 20, cold: (t: number) => number = () => 0) {
  const steps = script.length;
  const cells = SIDE * SIDE;
  const values = new Float64Array(steps * cells);
  for (let t = 0; t < steps; t++) {
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        let v = (r + c) % 2 === 0 ? 4 : 6;
        if (Math.abs(r - 4) <= 1 && Math.abs(c - 4) <= 1) {
          if (script[t] === 'H') v = hot(t);
          if (script[t] === 'C') v = cold(t);
        }
        values[t * cells + r * SIDE + c] = v;
      }
    }
  }
  const cube: SpaceTimeCube = { cells, steps, values, adjacency: queenAdjacency(SIDE) };
  return cube;
}

function centre(script: string, hot?: (t: number) => number, cold?: (t: number) => number, fdr = true) {
  const r = emergingHotSpots(scriptedCube(script, hot, cold), { fdr });
  const sig = Array.from({ length: r.steps }, (_, t) => r.significance[t * r.cells + CENTRE]);
  return { category: r.category[CENTRE], sig, r };
}

const signs = (script: string) => [...script].map((ch) => (ch === 'H' ? 1 : ch === 'C' ? -1 : 0));

describe('emerging hot spots on cells built to be each pattern', () => {
  const cases: [EmergingCategory, string, ((t: number) => number)?, ((t: number) => number)?][] = [
    ['new_hot', '.........H'],
    ['consecutive_hot', '.......HHH'],
    ['intensifying_hot', 'HHHHHHHHHH', (t) => 10 + 2 * t], // the block grows every step
    ['persistent_hot', 'HHHHHHHHHH'],
    ['persistent_hot', 'HHHH.HHHHH'], // 9 of 10 hot, no trend
    ['diminishing_hot', 'HHHHHHHHHH', (t) => 28 - 2 * t],
    ['sporadic_hot', '..H..H...H'],
    ['sporadic_hot', '..H....HHH'], // a hot step before the final run: not consecutive
    ['oscillating_hot', 'C...C...HH'],
    ['oscillating_hot', 'C........H'], // was cold once: oscillating rather than new
    ['historical_hot', 'HHHHHHHHH.'],
    ['new_cold', '.........C'],
    ['consecutive_cold', '.......CCC'],
    ['intensifying_cold', 'CCCCCCCCCC', undefined, (t) => 3.5 - (3.5 * t) / 9], // ever fewer
    ['persistent_cold', 'CCCCCCCCCC'],
    ['diminishing_cold', 'CCCCCCCCCC', undefined, (t) => (3.5 * t) / 9],
    ['sporadic_cold', 'C...C....C'],
    ['oscillating_cold', '..H.....CC'],
    ['historical_cold', 'CCCCCCCCC.'],
    ['no_pattern', '..........'],
    ['no_pattern', '...HHH....'], // hot in the middle only
    ['no_pattern', 'HHHHHHHH..'], // 80 % hot, not hot at the end
  ];
  for (const [want, script, hot, cold] of cases) {
    it(`${script} → ${want}`, () => {
      const got = centre(script, hot, cold);
      // The cube really is what the script says, bin by bin, before the pattern is judged.
      expect(got.sig).toEqual(signs(script));
      expect(got.category).toBe(want);
    });
  }

  it('the trend behind intensifying and diminishing is the Mann-Kendall S of a monotone series', () => {
    const up = centre('HHHHHHHHHH', (t) => 10 + 2 * t).r;
    expect(up.trendS[CENTRE]).toBe(45); // every one of the 10·9/2 pairs increases
    expect(up.trendP[CENTRE]).toBeLessThan(0.001);
    const flat = centre('HHHHHHHHHH').r;
    expect(flat.trendS[CENTRE]).toBe(0);
    expect(flat.trendP[CENTRE]).toBe(1);
  });

  it('tallies every location and reports z, p per bin', () => {
    const { r } = centre('.......HHH');
    const total = Object.values(r.tally).reduce((a, b) => a + b, 0);
    expect(total).toBe(81);
    expect(r.z.length).toBe(810);
    expect(r.category.length).toBe(81);
    // Far corner: plain background in every step.
    expect(r.category[0]).toBe('no_pattern');
    expect(r.warnings).toEqual([]);
  });

  it('without FDR a bin passes at p < α directly', () => {
    const a = centre('.........H', undefined, undefined, false);
    expect(a.category).toBe('new_hot');
    expect(a.r.fdr).toBe(false);
  });

  it('refuses cubes it cannot judge, with user errors', () => {
    expect(() => emergingHotSpots(scriptedCube('H'))).toThrow(/at least 2 time steps/);
    const tiny: SpaceTimeCube = {
      cells: 2,
      steps: 3,
      values: new Float64Array(6),
      adjacency: { offsets: Int32Array.from([0, 1, 2]), indices: Int32Array.from([0, 1]) },
    };
    expect(() => emergingHotSpots(tiny)).toThrow(UserError);
    expect(emergingHotSpots(scriptedCube('HHHH')).warnings[0]).toMatch(/only 4 time steps/);
  });
});

describe('space-time neighbourhood (ArcGIS style, timeLag)', () => {
  it('Gi* over the whole cube with the previous step as neighbours equals the formula computed here', () => {
    const side = 5;
    const cells = side * side;
    const steps = 4;
    let seed = 11;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const values = Float64Array.from({ length: cells * steps }, () => Math.floor(next() * 10));
    const adjacency = queenAdjacency(side);
    const r = emergingHotSpots({ cells, steps, values, adjacency }, { timeLag: 1, fdr: false });
    // Ord & Getis (1995) Gi*, binary weights, over all n = 100 bins:
    // z = (Σ_j∈N(i) x_j − x̄·W) / (S·√((n·W − W²)/(n − 1))), S² = Σx²/n − x̄².
    const n = cells * steps;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const S = Math.sqrt(values.reduce((a, b) => a + b * b, 0) / n - mean * mean);
    for (let s = 0; s < steps; s++) {
      for (let c = 0; c < cells; c++) {
        let lag = 0;
        let W = 0;
        for (let s2 = Math.max(0, s - 1); s2 <= s; s2++) {
          for (let e = adjacency.offsets[c]; e < adjacency.offsets[c + 1]; e++) {
            lag += values[s2 * cells + adjacency.indices[e]];
            W++;
          }
        }
        const want = (lag - mean * W) / (S * Math.sqrt((n * W - W * W) / (n - 1)));
        expect(r.z[s * cells + c]).toBeCloseTo(want, 10);
      }
    }
    expect(r.timeLag).toBe(1);
    expect(() => emergingHotSpots({ cells, steps, values, adjacency }, { timeLag: 4 })).toThrow(/time lag/);
  });
});

describe('emergingSummary', () => {
  it('lists the patterns found in plain words', () => {
    const tally = Object.fromEntries(
      ['new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot', 'diminishing_hot', 'sporadic_hot',
        'oscillating_hot', 'historical_hot', 'new_cold', 'consecutive_cold', 'intensifying_cold', 'persistent_cold',
        'diminishing_cold', 'sporadic_cold', 'oscillating_cold', 'historical_cold', 'no_pattern'].map((c) => [c, 0]),
    ) as Record<EmergingCategory, number>;
    expect(emergingSummary({ ...tally, no_pattern: 5 })).toBe('Of 5 locations, none shows a hot or cold spot pattern.');
    expect(emergingSummary({ ...tally, intensifying_hot: 3, new_hot: 1, persistent_cold: 2, no_pattern: 114 })).toBe(
      'Of 120 locations, 1 is a new hot spot, 3 are intensifying hot spots and 2 are persistent cold spots; 114 show no pattern.',
    );
    expect(emergingSummary({ ...tally, oscillating_hot: 1 })).toBe('Of 1 location, 1 is an oscillating hot spot.');
  });
});

describe('classifyEmerging rules', () => {
  it('90 % means at least 9 of 10 steps', () => {
    expect(classifyEmerging([1, 1, 1, 1, 1, 1, 1, 1, 0, 1], 0)).toBe('persistent_hot');
    expect(classifyEmerging([1, 1, 1, 1, 1, 1, 1, 0, 0, 1], 0)).toBe('sporadic_hot');
    expect(classifyEmerging([1, 1, 1, 1, 1, 1, 1, 1, 0, 1], 1)).toBe('intensifying_hot');
    expect(classifyEmerging([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1], -1)).toBe('intensifying_cold');
    expect(classifyEmerging([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1], 1)).toBe('diminishing_cold');
    expect(classifyEmerging([0, 0, 0, 1], 0)).toBe('new_hot');
    expect(classifyEmerging([0, 0, 1, 1], 0)).toBe('consecutive_hot');
  });
});

describe('buildCube', () => {
  // Seeded generator (mulberry32).
  function rng(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('counts per cell and month equal a direct count, neighbours are the 3 × 3 block', () => {
    const r = rng(42);
    const n = 3000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const t = new Float64Array(n);
    const t0 = Date.parse('2023-01-01T08:00:00Z');
    const t1 = Date.parse('2023-12-31T08:00:00Z');
    for (let i = 0; i < n; i++) {
      x[i] = 700_000 + r() * 5_000;
      y[i] = 3_590_000 + r() * 4_000;
      t[i] = t0 + r() * (t1 - t0);
    }
    x[5] = NaN;
    t[6] = NaN;
    const cube = buildCube(x, y, t, { cellSize: 500, step: 'month', tz: 'America/Tijuana', shape: 'square' });
    expect(cube.steps).toBe(12);
    expect(cube.stepLabels[0]).toBe('2023-01');
    expect(cube.skipped).toBe(2);
    // Direct count keyed by (column, row, month) in the test's own terms.
    const minX = Math.min(...Array.from(x).filter(Number.isFinite));
    const minY = Math.min(...Array.from(y).filter((_, i) => Number.isFinite(x[i])));
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Tijuana', year: 'numeric', month: '2-digit' });
    const want = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(x[i]) || !Number.isFinite(t[i])) continue;
      const key = `${Math.floor((x[i] - minX) / 500)},${Math.floor((y[i] - minY) / 500)},${fmt.format(t[i]).slice(0, 7)}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    let total = 0;
    for (let c = 0; c < cube.cells; c++) {
      const col = Math.round((cube.cellX[c] - minX) / 500 - 0.5);
      const row = Math.round((cube.cellY[c] - minY) / 500 - 0.5);
      for (let s = 0; s < cube.steps; s++) {
        const v = cube.values[s * cube.cells + c];
        expect(v).toBe(want.get(`${col},${row},${cube.stepLabels[s]}`) ?? 0);
        total += v;
      }
      // neighbours: self plus every other cell within one column and one row
      const row0 = cube.adjacency.indices.subarray(cube.adjacency.offsets[c], cube.adjacency.offsets[c + 1]);
      const expected: number[] = [];
      for (let d = 0; d < cube.cells; d++) {
        if (Math.abs(cube.cellX[d] - cube.cellX[c]) < 501 && Math.abs(cube.cellY[d] - cube.cellY[c]) < 501) expected.push(d);
      }
      expect([...row0].sort((a, b) => a - b)).toEqual(expected);
    }
    expect(total).toBe(n - 2);
  });

  it('hexagonal cells: every incident sits in its nearest centre, neighbours are the adjacent ring', () => {
    const r = rng(3);
    const n = 2000;
    const x = Float64Array.from({ length: n }, () => r() * 4_000);
    const y = Float64Array.from({ length: n }, () => r() * 4_000);
    const t = Float64Array.from({ length: n }, () => Date.parse('2024-03-01T00:00:00Z') + r() * 60 * 86_400_000);
    const cube = buildCube(x, y, t, { cellSize: 400, step: 'week', tz: 'America/Tijuana' });
    const perCell = new Float64Array(cube.cells);
    for (let i = 0; i < n; i++) {
      const c = cube.pointCell[i];
      perCell[c]++;
      const d = Math.hypot(x[i] - cube.cellX[c], y[i] - cube.cellY[c]);
      let nearest = Infinity;
      for (let k = 0; k < cube.cells; k++) nearest = Math.min(nearest, Math.hypot(x[i] - cube.cellX[k], y[i] - cube.cellY[k]));
      expect(d).toBeLessThanOrEqual(nearest + 1e-6);
    }
    for (let c = 0; c < cube.cells; c++) {
      let sum = 0;
      for (let s = 0; s < cube.steps; s++) sum += cube.values[s * cube.cells + c];
      expect(sum).toBe(perCell[c]);
      const row = cube.adjacency.indices.subarray(cube.adjacency.offsets[c], cube.adjacency.offsets[c + 1]);
      expect(row).toContain(c);
      expect(row.length).toBeLessThanOrEqual(7);
      for (const d of row) {
        if (d !== c) expect(Math.hypot(cube.cellX[d] - cube.cellX[c], cube.cellY[d] - cube.cellY[c])).toBeCloseTo(400, 6);
      }
    }
  });

  it('a growing cluster in generated incidents comes out as an intensifying hot spot', () => {
    const r = rng(7);
    const xs: number[] = [];
    const ys: number[] = [];
    const ts: number[] = [];
    const weekMs = 7 * 86_400_000;
    const start = Date.parse('2024-01-01T12:00:00-08:00'); // a Monday
    for (let w = 0; w < 16; w++) {
      // background: 150 incidents a week over 10 × 10 km
      for (let i = 0; i < 150; i++) {
        xs.push(r() * 10_000);
        ys.push(r() * 10_000);
        ts.push(start + w * weekMs + r() * (weekMs - 86_400_000));
      }
      // a cluster around (5 km, 5 km) that grows every week
      for (let i = 0; i < 10 + 4 * w; i++) {
        xs.push(5_000 + (r() - 0.5) * 900);
        ys.push(5_000 + (r() - 0.5) * 900);
        ts.push(start + w * weekMs + r() * (weekMs - 86_400_000));
      }
    }
    const cube = buildCube(xs, ys, ts, { cellSize: 1_000, step: 'week', tz: 'America/Tijuana' });
    expect(cube.steps).toBe(16);
    expect(cube.warnings).toEqual([]);
    const res = emergingHotSpots(cube);
    let c = 0;
    for (let i = 1; i < cube.cells; i++) {
      if (Math.hypot(cube.cellX[i] - 5_000, cube.cellY[i] - 5_000) < Math.hypot(cube.cellX[c] - 5_000, cube.cellY[c] - 5_000)) c = i;
    }
    expect(cube.shape).toBe('hex');
    expect(res.category[c]).toBe('intensifying_hot');
    expect(res.tally.intensifying_hot).toBeGreaterThanOrEqual(1);
  });

  it('warns when the last step is mostly outside the period', () => {
    // Monday 2024-01-01 … Tuesday 2024-01-16 noon: the third week holds a day and a half: 1.5/7 = 21 %.
    const t = [Date.parse('2024-01-01T10:00:00-08:00'), Date.parse('2024-01-16T12:00:00-08:00')];
    const cube = buildCube([0, 5_000], [0, 5_000], t, { cellSize: 1_000, step: 'week', tz: 'America/Tijuana' });
    expect(cube.stepLabels).toEqual(['2024-W01', '2024-W02', '2024-W03']);
    expect(cube.warnings).toHaveLength(1);
    expect(cube.warnings[0]).toMatch(/last week \(2024-W03\) is only 21 % covered/);
  });

  it('bad options are user errors', () => {
    expect(() => buildCube([0], [0], [0], { cellSize: 0, step: 'week', tz: 'America/Tijuana' })).toThrow(/cell size/);
    expect(() => buildCube([0], [0], [NaN], { cellSize: 10, step: 'week', tz: 'America/Tijuana' })).toThrow(/no incident/);
    expect(() =>
      buildCube([0], [0], [0], { cellSize: 10, step: 'week', tz: 'America/Tijuana', shape: 'triangle' as 'square' }),
    ).toThrow(/triangle/);
  });
});

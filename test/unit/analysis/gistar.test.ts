import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateGrid } from '../../../shared/analysis/aggregateGrid.ts';
import { distanceBand } from '../../../shared/analysis/distanceBand.ts';
import { giBins, gistar } from '../../../shared/analysis/gistar.ts';
import { UserError } from '../../../shared/errors.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const esda = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'pysal-esda');

function esdaRows(variant: string) {
  const [header, ...lines] = readFileSync(path.join(esda, 'getisord_local_expected.csv'), 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines
    .map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], i === 0 ? v : Number(v)])))
    .filter((r) => r.variant === variant) as Record<string, number>[];
}

describe('gistar against PySAL esda (G_Local, star=True, binary)', () => {
  const rows = esdaRows('Gistar_binary');
  const x = Float64Array.from(rows, (r) => r.x);
  const y = Float64Array.from(rows, (r) => r.y);
  const v = Float64Array.from(rows, (r) => r.value);

  it('builds the DistanceBand(threshold=15) weights plus self', () => {
    expect(rows.length).toBe(6);
    const adj = distanceBand(x, y, 15);
    const rowsOf = Array.from({ length: 6 }, (_, i) => Array.from(adj.indices.subarray(adj.offsets[i], adj.offsets[i + 1])));
    // expected_values.md's W (row i = neighbours of i) with i added.
    expect(rowsOf).toEqual([[0, 1, 3], [0, 1, 3, 4], [2, 4], [0, 1, 3, 4], [1, 2, 3, 4, 5], [4, 5]]);
  });

  it('matches z to 1e-7 and p = 2·norm.sf(|z|)', () => {
    const { z, p } = gistar(v, distanceBand(x, y, 15));
    rows.forEach((r, i) => {
      expect(Math.abs(z[i] - r.Zs)).toBeLessThan(1e-7);
      expect(Math.abs(p[i] - 2 * r.p_norm_sf_abs_z)).toBeLessThan(1e-7);
    });
    // The docstring's printed vector, independently of the CSV.
    const doc = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];
    doc.forEach((d, i) => expect(Math.abs(z[i] - d)).toBeLessThan(1e-8));
  });

  it('gives z = 0, p = 1 (not NaN) when every value is equal', () => {
    const { z, p } = gistar(new Float64Array(6).fill(4), distanceBand(x, y, 15));
    expect(Array.from(z)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(p)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('refuses too few features and a mismatched neighbour table', () => {
    expect(() => gistar(new Float64Array(2), { offsets: new Int32Array([0, 1, 2]), indices: new Int32Array([0, 1]) })).toThrow(UserError);
    expect(() => gistar(v, { offsets: new Int32Array([0, 1]), indices: new Int32Array([0]) })).toThrow(/neighbour table/);
  });
});

describe('giBins', () => {
  const z = Float64Array.from([3.3, -2.33, 1.75, 0.67]);
  const p = Float64Array.from([0.001, 0.02, 0.08, 0.5]);
  it('bins at 99/95/90 % without FDR', () => {
    expect(Array.from(giBins(z, p, { fdr: false }))).toEqual([3, -2, 1, 0]);
  });
  it('uses the BH critical p of each level by default', () => {
    // α = 0.01: 0.001 ≤ 1·0.01/4 → p* = 0.001. α = 0.05: 0.02 ≤ 2·0.05/4, 0.08 > 3·0.05/4 → p* = 0.02.
    // α = 0.10: 0.08 > 3·0.1/4 = 0.075, 0.02 ≤ 0.05 → p* = 0.02. So the 0.08 feature drops out.
    expect(Array.from(giBins(z, p))).toEqual([3, -2, 0, 0]);
  });
});

describe('hot spots on a hex grid (aggregateGrid → distanceBand → gistar)', () => {
  const rnd = mulberry32(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const n = 20_000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i < 4000) {
      x[i] = 20_000 + 800 * gauss();
      y[i] = 30_000 + 800 * gauss();
    } else {
      x[i] = 50_000 * rnd();
      y[i] = 50_000 * rnd();
    }
  }

  it('assigns every point to its nearest hexagon centre and counts every point once', () => {
    const g = aggregateGrid(x, y, null, { cellSize: 1000, shape: 'hex' });
    let total = 0;
    for (let c = 0; c < g.count.length; c++) total += g.count[c];
    expect(total).toBe(n);
    const r = 1000 / Math.sqrt(3);
    for (let i = 0; i < n; i += 7) {
      const c = g.cellOfPoint[i];
      const d = Math.hypot(x[i] - g.cx[c], y[i] - g.cy[c]);
      expect(d).toBeLessThanOrEqual(r + 1e-6);
      // No centre of a neighbouring hexagon (6 directions at distance 1000) is nearer.
      for (let k = 0; k < 6; k++) {
        const a = (k * Math.PI) / 3;
        const d2 = Math.hypot(x[i] - g.cx[c] - 1000 * Math.cos(a), y[i] - g.cy[c] - 1000 * Math.sin(a));
        expect(d).toBeLessThanOrEqual(d2 + 1e-6);
      }
    }
  });

  it('links a full hex lattice to its 6 neighbours and finds the planted hotspot', () => {
    const g = aggregateGrid(x, y, null, { cellSize: 1000, shape: 'hex', keepEmpty: true });
    const adj = distanceBand(g.cx, g.cy);
    expect(adj.band).toBeCloseTo(1000, 6);
    const sizes = new Map<number, number>();
    for (let i = 0; i < g.cx.length; i++) {
      const k = adj.offsets[i + 1] - adj.offsets[i];
      sizes.set(k, (sizes.get(k) ?? 0) + 1);
    }
    // Interior cells: self + 6; the most common row size by far.
    expect(Math.max(...sizes.keys())).toBe(7);
    expect(sizes.get(7)! / g.cx.length).toBeGreaterThan(0.9);
    const { z, p } = gistar(Float64Array.from(g.count), adj);
    const bins = giBins(z, p);
    let nearest = 0;
    let best = Infinity;
    for (let c = 0; c < g.cx.length; c++) {
      const d = Math.hypot(g.cx[c] - 20_000, g.cy[c] - 30_000);
      if (d < best) {
        best = d;
        nearest = c;
      }
    }
    expect(bins[nearest]).toBe(3);
    // Far from the hotspot nothing is hot at 99 %.
    for (let c = 0; c < g.cx.length; c++) {
      if (Math.hypot(g.cx[c] - 20_000, g.cy[c] - 30_000) > 6000) expect(bins[c]).toBeLessThan(3);
    }
    // FDR never adds significance.
    const raw = giBins(z, p, { fdr: false });
    let nf = 0;
    let nr = 0;
    for (let c = 0; c < bins.length; c++) {
      if (bins[c] !== 0) nf++;
      if (raw[c] !== 0) nr++;
    }
    expect(nf).toBeLessThanOrEqual(nr);
  });

  it('derives the default cell size from nearest-neighbour distances', () => {
    const g = aggregateGrid(x, y, null);
    expect(g.cellSize).toBeGreaterThan(0);
    expect(g.cellSize).toBeLessThan(5000);
    expect(() => aggregateGrid(x, y, null, { cellSize: -1 })).toThrow(UserError);
  });
});

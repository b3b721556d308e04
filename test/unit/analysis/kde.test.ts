import { describe, expect, it } from 'vitest';
import { toAsciiGrid } from '../../../shared/analysis/asciiGrid.ts';
import { densityContours } from '../../../shared/analysis/densityContours.ts';
import { kde, median, silvermanBandwidth, weightedMedian, type DensityGrid } from '../../../shared/analysis/kde.ts';
import { localProjection } from '../../../shared/analysis/localProjection.ts';
import { unprojectGeometry } from '../../../shared/analysis/unprojectGeometry.ts';
import { UserError } from '../../../shared/errors.ts';
import { stampKde } from '../../bench/peers/kdeStamp.ts';
import { mulberry32 } from '../../bench/peers/synthPoints.ts';

const quartic = (d: number, h: number) => (d < h ? (3 / (Math.PI * h * h)) * (1 - (d * d) / (h * h)) ** 2 : 0);

describe('kde: one point, by hand', () => {
  // A point of weight 5 at (0, 0); 10 m cells aligned so a cell centre sits on the point.
  const grid = kde(Float64Array.of(0), Float64Array.of(0), Float64Array.of(5), {
    bandwidth: 1000,
    cellSize: 10,
    extent: { minX: -1505, minY: -1505, maxX: 1505, maxY: 1505 },
  });
  const at = (x: number, y: number) => grid.values[Math.floor((y + 1505) / 10) * grid.cols + Math.floor((x + 1505) / 10)];

  it('follows the quartic kernel: 3/(πh²)(1 − d²/h²)² × weight, per km²', () => {
    expect(grid.cols).toBe(301);
    // Centre: 5 × 3/(π·1e6 m²) = 5 × 0.954930 per km².
    expect(at(0, 0)).toBeCloseTo((5 * 3) / Math.PI, 9);
    // d = 500 m: (1 − 0.25)² = 0.5625.
    expect(at(500, 0)).toBeCloseTo(((5 * 3) / Math.PI) * 0.5625, 9);
    expect(at(0, -500)).toBeCloseTo(((5 * 3) / Math.PI) * 0.5625, 9);
    // d = 300√2 ≈ 424.26 m: (1 − 0.18)² = 0.6724.
    expect(at(300, 300)).toBeCloseTo(((5 * 3) / Math.PI) * 0.6724, 9);
    expect(at(990, 0)).toBeCloseTo(5 * 1e6 * quartic(990, 1000), 9);
    expect(at(1000, 0)).toBe(0);
    expect(at(800, 800)).toBe(0);
  });

  it('integrates to the weight within 0.1 %', () => {
    let sum = 0;
    for (const v of grid.values) sum += v;
    const integral = (sum * grid.cellSize * grid.cellSize) / 1e6;
    expect(Math.abs(integral - 5) / 5).toBeLessThan(0.001);
    expect(grid.totalWeight).toBe(5);
  });
});

describe('kde: many weighted points against a brute-force sum', () => {
  it('equals Σ w·K(d) at every cell centre (to 1e-10 of the peak density)', () => {
    const rnd = mulberry32(77);
    const n = 300;
    const x = Float64Array.from({ length: n }, () => 3000 * rnd());
    const y = Float64Array.from({ length: n }, () => 2000 * rnd());
    const w = Float64Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 10 * rnd()));
    const h = 437.3;
    const g = kde(x, y, w, { bandwidth: h, cellSize: 23.9 });
    let maxErr = 0;
    let checked = 0;
    let peak = 0;
    for (const v of g.values) peak = Math.max(peak, v);
    for (let r = 0; r < g.rows; r += 3) {
      for (let c = 0; c < g.cols; c += 2) {
        const cx = g.originX + (c + 0.5) * g.cellSize;
        const cy = g.originY + (r + 0.5) * g.cellSize;
        let want = 0;
        for (let i = 0; i < n; i++) want += w[i] * 1e6 * quartic(Math.hypot(cx - x[i], cy - y[i]), h);
        const got = g.values[r * g.cols + c];
        if (want === 0) expect(got).toBe(0);
        else maxErr = Math.max(maxErr, Math.abs(got - want));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(peak).toBeGreaterThan(0);
    expect(maxErr / peak).toBeLessThan(1e-10);
  });
});

/**
 * Largest |grid − Σ w·K(d)| over the cells (every one on small grids, every third row and column
 * on big ones), as a fraction of the peak; throws if a cell beyond every kernel is not exactly 0.
 */
function bruteForceError(g: DensityGrid, x: Float64Array, y: Float64Array, w: Float64Array | null, h: number): number {
  let peak = 0;
  for (const v of g.values) peak = Math.max(peak, v);
  let maxErr = 0;
  const step = g.cols * g.rows > 40_000 ? 3 : 1;
  for (let r = 0; r < g.rows; r += step) {
    const cy = g.originY + (r + 0.5) * g.cellSize;
    for (let c = 0; c < g.cols; c += step) {
      const cx = g.originX + (c + 0.5) * g.cellSize;
      let want = 0;
      for (let i = 0; i < x.length; i++) want += (w ? w[i] : 1) * 1e6 * quartic(Math.hypot(cx - x[i], cy - y[i]), h);
      const got = g.values[r * g.cols + c];
      if (want === 0 && got !== 0) throw new Error(`cell ${c},${r} is ${got}, beyond every kernel`);
      maxErr = Math.max(maxErr, Math.abs(got - want));
    }
  }
  expect(peak).toBeGreaterThan(0);
  return maxErr / peak;
}

describe('kde: exact at every cell centre whatever the bandwidth in cells and the extent', () => {
  const rnd = mulberry32(2024);
  const n = 120;
  const x = Float64Array.from({ length: n }, () => 2000 * rnd());
  const y = Float64Array.from({ length: n }, () => 1500 * rnd());
  const w = Float64Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 1 + 4 * rnd()));

  // h/cell from under one cell (a kernel covering one cell or none) to 160 cells (blocks of 1024).
  it.each([
    [30, 47],
    [80, 41],
    [350, 23.9],
    [900, 11.3],
    [1600, 12],
  ])('bandwidth %d m on %d m cells', (h, cs) => {
    const g = kde(x, y, w, { bandwidth: h, cellSize: cs });
    expect(bruteForceError(g, x, y, w, h)).toBeLessThan(1e-10);
  });

  it('with a given extent that cuts through the points (kernels beyond it left out)', () => {
    const extent = { minX: 600, minY: 400, maxX: 1500, maxY: 1100 };
    const g = kde(x, y, null, { bandwidth: 420, cellSize: 17, extent });
    expect(g.originX).toBe(600);
    expect(g.cols).toBe(Math.ceil(900 / 17));
    expect(bruteForceError(g, x, y, null, 420)).toBeLessThan(1e-10);
    // An extent no kernel reaches: all zeros.
    const far = kde(x, y, null, { bandwidth: 100, cellSize: 10, extent: { minX: 5000, minY: 5000, maxX: 5500, maxY: 5300 } });
    expect(far.values.every((v) => v === 0)).toBe(true);
  });

  it('matches the textbook per-cell stamping on 20,000 clustered points (default bandwidth and cell)', () => {
    const r2 = mulberry32(31);
    const m = 20_000;
    const px = new Float64Array(m);
    const py = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const hot = i % 2 === 0;
      px[i] = hot ? 5000 + 400 * (r2() + r2() + r2() - 1.5) : 20_000 * r2();
      py[i] = hot ? 7000 + 400 * (r2() + r2() + r2() - 1.5) : 15_000 * r2();
    }
    const ours = kde(px, py, null);
    const ref = stampKde(px, py);
    expect(ours.bandwidth).toBeCloseTo(ref.bandwidth, 6);
    expect([ours.cols, ours.rows, ours.originX, ours.originY]).toEqual([ref.cols, ref.rows, ref.originX, ref.originY]);
    let peak = 0;
    let err = 0;
    for (let i = 0; i < ours.values.length; i++) {
      peak = Math.max(peak, ref.values[i]);
      err = Math.max(err, Math.abs(ours.values[i] - ref.values[i]));
      if (ref.values[i] === 0) expect(ours.values[i]).toBe(0);
    }
    expect(err / peak).toBeLessThan(1e-10);
  });
});

describe('kde: medians by selection', () => {
  const sortedMedian = (d: number[]) => {
    const s = [...d].sort((a, b) => a - b);
    const k = s.length >> 1;
    return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
  };
  // Weighted median the slow way: cumulative weight along the sorted values.
  const sortedWeightedMedian = (d: number[], w: number[]) => {
    const order = d.map((_, i) => i).sort((a, b) => d[a] - d[b]);
    const total = w.reduce((s, v) => s + v, 0);
    let acc = 0;
    for (let k = 0; k < order.length; k++) {
      acc += w[order[k]];
      if (acc >= total / 2 - 1e-12 * total) {
        if (Math.abs(acc - total / 2) <= 1e-12 * total && k + 1 < order.length) return (d[order[k]] + d[order[k + 1]]) / 2;
        return d[order[k]];
      }
    }
    return d[order[order.length - 1]];
  };

  it('equal the sort-based medians, with many ties, odd and even counts', () => {
    const rnd = mulberry32(4);
    for (let t = 0; t < 400; t++) {
      const n = 1 + Math.floor(rnd() * (t % 20 === 0 ? 5000 : 40));
      const ties = t % 2 === 0;
      const d = Array.from({ length: n }, () => (ties ? Math.floor(rnd() * 5) : rnd() * 100));
      const w = Array.from({ length: n }, () => (t % 3 === 0 ? 1 + Math.floor(rnd() * 3) : 0.01 + rnd()));
      expect(median(Float64Array.from(d))).toBe(sortedMedian(d));
      const total = w.reduce((s, v) => s + v, 0);
      expect(weightedMedian(Float64Array.from(d), Float64Array.from(w), total)).toBe(sortedWeightedMedian(d, w));
    }
  });

  it('take the midpoint when exactly half the weight lies at or below a value', () => {
    expect(weightedMedian(Float64Array.of(4, 1, 3, 2), Float64Array.of(1, 1, 1, 1), 4)).toBe(2.5);
    expect(weightedMedian(Float64Array.of(1, 2, 9), Float64Array.of(2, 1, 1), 4)).toBe(1.5);
    expect(weightedMedian(Float64Array.of(1, 2, 9), Float64Array.of(3, 1, 1), 5)).toBe(1);
    expect(median(Float64Array.of(7))).toBe(7);
    expect(median(Float64Array.of(5, 5, 1, 5))).toBe(5);
  });
});

describe('kde: defaults on seeded clustered data', () => {
  const rnd = mulberry32(9);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const n = 5000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hot = i % 3 === 0;
    x[i] = hot ? 10_000 + 300 * gauss() : 40_000 * rnd();
    y[i] = hot ? 12_000 + 300 * gauss() : 25_000 * rnd();
  }

  it('uses the spatial Silverman bandwidth, computed here from its definition', () => {
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    const d = Array.from(x, (_, i) => Math.hypot(x[i] - mx, y[i] - my)).sort((a, b) => a - b);
    const sd = Math.sqrt(d.reduce((s, v) => s + v * v, 0) / n);
    const dm = (d[n / 2 - 1] + d[n / 2]) / 2;
    const expected = 0.9 * Math.min(sd, Math.sqrt(1 / Math.log(2)) * dm) * n ** -0.2;
    expect(silvermanBandwidth(x, y, null)).toBeCloseTo(expected, 6);
    // Unit weights give the same bandwidth as no weights, doubling all weights changes n only.
    expect(silvermanBandwidth(x, y, new Float64Array(n).fill(1))).toBeCloseTo(expected, 6);
    expect(silvermanBandwidth(x, y, new Float64Array(n).fill(2))).toBeCloseTo(expected * 2 ** -0.2, 6);
  });

  const grid = kde(x, y, null);
  it('grows the extent by the bandwidth, uses min(width, height)/250 cells, integrates to n', () => {
    expect(Math.min(grid.cols, grid.rows)).toBe(250);
    let sum = 0;
    for (const v of grid.values) sum += v;
    expect(Math.abs((sum * grid.cellSize ** 2) / 1e6 - n) / n).toBeLessThan(0.002);
  });

  it('writes an .asc grid that reads back (rows north to south)', () => {
    const text = toAsciiGrid(grid);
    const lines = text.trim().split('\n');
    const header = Object.fromEntries(lines.slice(0, 6).map((l) => l.split(/\s+/) as [string, string]));
    expect(Number(header.ncols)).toBe(grid.cols);
    expect(Number(header.nrows)).toBe(grid.rows);
    expect(Number(header.xllcorner)).toBe(grid.originX);
    expect(Number(header.yllcorner)).toBe(grid.originY);
    expect(Number(header.cellsize)).toBe(grid.cellSize);
    expect(header.NODATA_value).toBe('-9999');
    const body = lines.slice(6);
    expect(body.length).toBe(grid.rows);
    for (let line = 0; line < body.length; line += 17) {
      const vals = body[line].split(' ').map(Number);
      expect(vals.length).toBe(grid.cols);
      const r = grid.rows - 1 - line;
      vals.forEach((v, c) => {
        const want = grid.values[r * grid.cols + c];
        expect(Math.abs(v - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-6);
      });
    }
  });

  it('contours the top 1/5/10 % of cells, nested, around the hotspot', () => {
    const cs = densityContours(grid, [1, 5, 10]);
    expect(cs.map((c) => c.percent)).toEqual([1, 5, 10]);
    expect(cs[0].level).toBeGreaterThan(cs[1].level);
    expect(cs[1].level).toBeGreaterThan(cs[2].level);
    const sorted = Float64Array.from(grid.values).sort().reverse();
    expect(cs[0].level).toBe(sorted[Math.ceil(0.01 * sorted.length) - 1]);
    // The 1 % polygon's area ≈ 1 % of the grid's area (interpolated edges: within 30 %).
    const area = (ring: number[][]) => {
      let a = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
      return a / 2;
    };
    const polyArea = cs[0].geometry.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + area(r), 0), 0);
    const gridArea = grid.cols * grid.rows * grid.cellSize ** 2;
    expect(polyArea / gridArea).toBeGreaterThan(0.007);
    expect(polyArea / gridArea).toBeLessThan(0.013);
    // The hotspot centre is inside the 1 % contour's bounding box.
    const xs = cs[0].geometry.coordinates.flat(2).map((p) => p[0]);
    const ys = cs[0].geometry.coordinates.flat(2).map((p) => p[1]);
    expect(Math.min(...xs)).toBeLessThan(10_000);
    expect(Math.max(...xs)).toBeGreaterThan(10_000);
    expect(Math.min(...ys)).toBeLessThan(12_000);
    expect(Math.max(...ys)).toBeGreaterThan(12_000);
  });

  it('unprojects contour geometry to lon/lat', () => {
    const proj = localProjection(-115.1, 32.45);
    const [ex, ey] = proj.forward(-115.1, 32.45);
    const g = unprojectGeometry({ type: 'Polygon', coordinates: [[[ex, ey], [ex + 1000, ey], [ex, ey + 1000], [ex, ey]]] }, proj.inverse);
    expect(g.coordinates[0][0][0]).toBeCloseTo(-115.1, 9);
    expect(g.coordinates[0][0][1]).toBeCloseTo(32.45, 9);
    expect(g.coordinates[0][2][1] - 32.45).toBeCloseTo(1000 / 111_000, 3);
  });

  it('refuses bad parameters', () => {
    expect(() => kde(x, y, null, { bandwidth: 0 })).toThrow(UserError);
    expect(() => kde(x, y, null, { cellSize: -5 })).toThrow(/cell size/);
    expect(() => kde(Float64Array.of(1, 1), Float64Array.of(2, 2), null)).toThrow(/bandwidth/);
    expect(() => kde(x, y, null, { bandwidth: 1000, cellSize: 1 })).toThrow(/larger cell size/);
  });
});

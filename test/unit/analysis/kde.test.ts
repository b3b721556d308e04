import { describe, expect, it } from 'vitest';
import { toAsciiGrid } from '../../../shared/analysis/asciiGrid.ts';
import { densityContours } from '../../../shared/analysis/densityContours.ts';
import { kde, silvermanBandwidth } from '../../../shared/analysis/kde.ts';
import { localProjection } from '../../../shared/analysis/localProjection.ts';
import { unprojectGeometry } from '../../../shared/analysis/unprojectGeometry.ts';
import { UserError } from '../../../shared/errors.ts';
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

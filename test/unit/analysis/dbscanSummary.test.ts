import { describe, expect, it } from 'vitest';
import { clusterSummary } from '../../../shared/analysis/clusterSummary.ts';
import { dbscan } from '../../../shared/analysis/dbscan.ts';
import { localProjection } from '../../../shared/analysis/localProjection.ts';

const proj = localProjection(-114.7717, 32.4561);
const [ox, oy] = proj.forward(-114.7717, 32.4561);

describe('clusterSummary', () => {
  it('summarises a 100 m square cluster and leaves noise out', () => {
    // Corners of a 100 m square, its centre, and one far point (noise).
    const dx = [0, 100, 100, 0, 50, 5000];
    const dy = [0, 0, 100, 100, 50, 5000];
    const x = Float64Array.from(dx, (d) => ox + d);
    const y = Float64Array.from(dy, (d) => oy + d);
    const r = dbscan(x, y, { eps: 150, minPoints: 3 });
    expect(r.clusterCount).toBe(1);
    expect(r.labels[5]).toBe(-1);
    const t0 = Date.UTC(2024, 0, 1);
    const [s] = clusterSummary(x, y, r.labels, r.clusterCount, proj, {
      time: Float64Array.of(t0 + 5000, t0, Number.NaN, t0 + 9000, t0 + 1000, t0 - 1e9),
      category: Int32Array.of(0, 1, 0, -1, 0, 1),
      categoryNames: ['homicidio', 'aseguramiento'],
      quantity: Float64Array.of(Number.NaN, 2.5, Number.NaN, 3, 4, 100),
      unit: Int32Array.of(-1, 0, -1, 0, 1, 0),
      unitNames: ['kg', 'armas'],
    });
    expect(s.count).toBe(5);
    const [cx, cy] = proj.forward(...s.centroid);
    expect(cx - ox).toBeCloseTo(50, 6);
    expect(cy - oy).toBeCloseTo(50, 6);
    expect(s.areaKm2).toBeCloseTo(0.01, 9);
    expect(s.densityPerKm2).toBeCloseTo(500, 6);
    expect(s.countsByCategory).toEqual({ homicidio: 3, aseguramiento: 1 });
    expect(s.quantityByUnit).toEqual({ kg: 5.5, armas: 4 });
    expect(s.firstTime).toBe(t0);
    expect(s.lastTime).toBe(t0 + 9000);
    expect(s.hull.type).toBe('Polygon');
    const ring = (s.hull as GeoJSON.Polygon).coordinates[0];
    expect(ring.length).toBe(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(s.locations).toBeNull();
  });

  it('draws a cluster of incidents geocoded to one spot (a town-centre stack) as a Point saying so, and two spots likewise; three spots off a line get a hull', () => {
    // 40 records on one point, 12 on a point 30 m east of it and 1 on each of three corners 200 m away.
    const dx = [...Array<number>(40).fill(0), ...Array<number>(12).fill(30), 5000, 5200, 5000];
    const dy = [...Array<number>(52).fill(0), 5000, 5000, 5200];
    const x = Float64Array.from(dx, (d) => ox + d);
    const y = Float64Array.from(dy, (d) => oy + d);
    const stack = Int32Array.from(dx, (d) => (d === 0 ? 0 : -1));
    const [one] = clusterSummary(x, y, stack, 1, proj);
    expect(one).toMatchObject({ count: 40, locations: 1, areaKm2: 0, densityPerKm2: null, hull: { type: 'Point' } });
    const [hx, hy] = (one.hull as GeoJSON.Point).coordinates;
    const [sx, sy] = proj.forward(hx, hy);
    expect(Math.hypot(sx - ox, sy - oy)).toBeLessThan(1e-6);

    const two = Int32Array.from(dx, (d) => (d <= 30 ? 0 : 1));
    const [pair, corners] = clusterSummary(x, y, two, 2, proj);
    // 40 at 0 m and 12 at 30 m: the centroid 12 × 30 / 52 ≈ 6.92 m east.
    expect(pair).toMatchObject({ count: 52, locations: 2, hull: { type: 'Point' } });
    expect(proj.forward(...pair.centroid)[0] - ox).toBeCloseTo((12 * 30) / 52, 6);
    expect(corners).toMatchObject({ count: 3, locations: null, hull: { type: 'Polygon' } });
    expect(corners.areaKm2).toBeCloseTo(0.02, 9);
  });

  it('gives null density for a cluster on a line and a tighter concave hull for an L shape', () => {
    const line = Float64Array.from({ length: 6 }, (_, i) => ox + i * 10);
    const flat = new Float64Array(6).fill(oy);
    const r = dbscan(line, flat, { eps: 15, minPoints: 2 });
    const [s] = clusterSummary(line, flat, r.labels, r.clusterCount, proj);
    expect(s.areaKm2).toBe(0);
    expect(s.densityPerKm2).toBeNull();
    // No area to draw: the Point of its centroid (25 m along the line), on 6 distinct spots.
    expect(s.hull.type).toBe('Point');
    expect(s.hull.type === 'Point' && s.hull.coordinates).toEqual(s.centroid);
    const [px, py] = proj.forward(...s.centroid);
    expect(px - ox).toBeCloseTo(25, 6);
    expect(py - oy).toBeCloseTo(0, 6);
    expect(s.locations).toBe(6);

    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 2; j++) {
        xs.push(ox + i * 100, ox + j * 100);
        ys.push(oy + j * 100, oy + i * 100);
      }
    }
    const x = Float64Array.from(xs);
    const y = Float64Array.from(ys);
    const rl = dbscan(x, y, { eps: 150, minPoints: 3 });
    expect(rl.clusterCount).toBe(1);
    const [convex] = clusterSummary(x, y, rl.labels, 1, proj);
    const [conc] = clusterSummary(x, y, rl.labels, 1, proj, {}, { hull: 'concave', concaveMaxEdgeM: 300 });
    // Convex: the triangle-ish hull of the L ≈ 2 km × 2 km / 2 + arms; concave: the L itself (≈ 0.8 km²).
    expect(convex.areaKm2).toBeGreaterThan(2);
    expect(conc.areaKm2).toBeLessThan(1);
    expect(conc.areaKm2).toBeGreaterThan(0.6);
  });
});

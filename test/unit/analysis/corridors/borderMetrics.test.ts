import { describe, expect, it } from 'vitest';
import { borderMetrics } from '../../../../shared/analysis/corridors/borderMetrics.ts';
import { axialBearing } from '../../../../shared/analysis/corridors/polyline.ts';

const xy = (pts: [number, number][]) => ({ x: Float64Array.from(pts, (p) => p[0]), y: Float64Array.from(pts, (p) => p[1]) });
// A border along y = 0 from x = 0 to 100 km.
const border = [xy([[0, 0], [50_000, 0], [100_000, 0]])];

describe('border metrics (planar, hand-computed)', () => {
  it('a line 3 km off the border, parallel: 3000 m, wholly within 5 km, no crossing', () => {
    const m = borderMetrics(xy([[10_000, -3000], [60_000, -3000]]), border);
    expect(m.borderDistanceM).toBeCloseTo(3000, 9);
    expect(m.shareWithin5km).toBe(1);
    expect(m.crossesBorder).toBe(false);
  });

  it('a line running away from the border: the near share is the part within 5 km', () => {
    // From 1 km to 21 km south: 4 of its 20 km lie within 5 km.
    const m = borderMetrics(xy([[20_000, -1000], [20_000, -21_000]]), border);
    expect(m.borderDistanceM).toBeCloseTo(1000, 9);
    expect(m.shareWithin5km).toBeCloseTo(4 / 20, 2);
    expect(m.crossesBorder).toBe(false);
  });

  it('a line across the border crosses it at distance 0', () => {
    const m = borderMetrics(xy([[30_000, -8000], [31_000, 8000]]), border);
    expect(m.crossesBorder).toBe(true);
    expect(m.borderDistanceM).toBe(0);
    expect(m.shareWithin5km).toBeCloseTo(10 / 16, 2);
  });

  it('the nearest point may be a border vertex, not a centreline vertex', () => {
    // A V-shaped border whose tip (50 km, 0) points at a straight line 2 km away.
    const v = [xy([[0, 10_000], [50_000, 0], [100_000, 10_000]])];
    const m = borderMetrics(xy([[0, -2000], [100_000, -2000]]), v);
    expect(m.borderDistanceM).toBeCloseTo(2000, 9);
  });
});

describe('axial bearing', () => {
  it('is undirected and measured from north', () => {
    expect(axialBearing([[-115, 32], [-115, 32.5]])).toBeCloseTo(0, 9);
    expect(axialBearing([[-115, 32.5], [-115, 32]])).toBeCloseTo(0, 9);
    expect(axialBearing([[-115, 32], [-114.5, 32]])).toBeCloseTo(90, 9);
    // North-east on the ground: equal metres east and north at 32°N.
    const dLon = 0.1 / Math.cos((32 * Math.PI) / 180);
    expect(axialBearing([[-115, 32], [-115 + dLon, 32.1]])).toBeCloseTo(45, 1);
    expect(axialBearing([[-115 + dLon, 32.1], [-115, 32]])).toBeCloseTo(45, 1);
  });
});

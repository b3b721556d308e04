/**
 * convexHull drops the points inside the octagon of extreme points before its sort: the ring must
 * come out exactly as Andrew's monotone chain gives it from every point — on UTM-sized
 * coordinates, tiny and huge clusters, duplicates and collinear grids.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { convexHull } from '../../../shared/analysis/hull.ts';

/** The textbook monotone chain on every point, as convexHull was before the prefilter. */
function monotoneChain(x: Float64Array, y: Float64Array): [number, number][] {
  const idx = Array.from(x, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  const half = (order: number[]) => {
    const h: number[] = [];
    for (const p of order) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const chain = [...half(idx), ...half([...idx].reverse())];
  if (chain.length === 0 && idx.length > 0) chain.push(idx[0]);
  const ring = chain.map((p) => [x[p], y[p]] as [number, number]);
  if (ring.length > 0) ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

const coordinate = fc.oneof(fc.integer({ min: -8, max: 8 }), fc.double({ min: -8, max: 8, noNaN: true }));
const cloud = fc.record({
  unit: fc.constantFrom(1e-3, 1, 500, 1e5),
  origin: fc.constantFrom([0, 0], [500_000, 3_600_000], [-2e6, 1e7]),
  // Integers on a small grid give duplicates and collinear runs, doubles general position, and
  // points on a circle (angles) are all on the hull, many just outside the octagon.
  points: fc.oneof(
    fc.array(fc.tuple(coordinate, coordinate), { minLength: 1, maxLength: 600, size: 'max' }),
    fc.array(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), { minLength: 1, maxLength: 600, size: 'max' }).map((as) => as.map((a) => [8 * Math.cos(a), 8 * Math.sin(a)] as [number, number])),
  ),
});

it('gives exactly the monotone chain of every point', () => {
  fc.assert(
    fc.property(cloud, ({ unit, origin, points }) => {
      const x = Float64Array.from(points, ([a]) => origin[0] + a * unit);
      const y = Float64Array.from(points, ([, b]) => origin[1] + b * unit);
      expect(convexHull(x, y)).toEqual(monotoneChain(x, y));
    }),
    { numRuns: 500, seed: 20261206 },
  );
});

it('takes the listed points only', () => {
  const x = Float64Array.of(0, 10, 10, 0, 5, 100);
  const y = Float64Array.of(0, 0, 10, 10, 5, 100);
  expect(convexHull(x, y, [0, 1, 2, 3, 4])).toEqual([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]);
});

/**
 * The area index where areas' boxes overlap heavily (nested squares: every square's box holds
 * the smaller ones'), so the grid must be made coarser to keep its lists short, and where whole
 * cells lie inside many areas at once: each point's area is the first square, in the given order,
 * whose closed region holds it — checked against Turf's booleanPointInPolygon (boundary counted
 * in) over every square in turn, on integer coordinates where Turf's arithmetic is exact.
 */
import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { AreaIndex } from '../../../shared/analysis/pointInAreas.ts';
import { createRng } from '../../../shared/synth/random.ts';

const square = (k: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[-k, -k], [k, -k], [k, k], [-k, k], [-k, -k]]],
});

function firstHolding(areas: Polygon[], x: number, y: number): number {
  return areas.findIndex((a) => booleanPointInPolygon([x, y], a));
}

describe('AreaIndex over nested areas', () => {
  // 400 squares in a shuffled order, so the first holder of a point is seldom the smallest.
  const rng = createRng('nested-squares');
  const sizes = Array.from({ length: 400 }, (_, i) => i + 1);
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [sizes[i], sizes[j]] = [sizes[j], sizes[i]];
  }
  const areas = sizes.map(square);
  const index = new AreaIndex(areas);

  it('finds the first area holding each point, inside, on an edge or a corner, and outside them all', () => {
    const points: [number, number][] = [];
    for (let i = 0; i < 3000; i++) points.push([rng.int(1001) - 500, rng.int(1001) - 500]);
    for (let i = 0; i < 3000; i++) points.push([rng.uniform(-420, 420), rng.uniform(-420, 420)]);
    for (const k of [1, 7, 200, 399, 400]) points.push([k, 0], [-k, k], [k, k], [0, -k]);
    const wrong = points.filter(([x, y]) => index.locate(x, y) !== firstHolding(areas, x, y));
    expect(wrong).toEqual([]);
    // Points outside them all, and points held first by many different squares.
    const found = new Set(points.map(([x, y]) => index.locate(x, y)));
    expect(found.has(-1)).toBe(true);
    expect(found.size).toBeGreaterThan(5);
  });
});

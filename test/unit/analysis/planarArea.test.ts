/**
 * planarArea.ts on shapes whose answers are worked out by hand: a square with a square hole, two
 * overlapping squares (a union), a triangle cut by a rectangle (crossings inside slabs), the
 * combinations, the centre walk at bounds, and the outline traced for the map.
 */
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { areaOutline, combineAreas, forEachInside, planarArea } from '../../../shared/analysis/planarArea.ts';

const square = (x0: number, y0: number, side: number): Position[] => [
  [x0, y0],
  [x0 + side, y0],
  [x0 + side, y0 + side],
  [x0, y0 + side],
  [x0, y0],
];

describe('planarArea', () => {
  it('a 10 × 10 square with a 4 × 4 hole: 84 m², rows through the hole in two stretches', () => {
    const a = planarArea([[square(0, 0, 10), square(3, 3, 4).reverse()]]);
    expect(a.areaM2).toBeCloseTo(84, 12);
    expect(Array.from(a.rowIntervals(5))).toEqual([0, 3, 7, 10]);
    expect(Array.from(a.rowIntervals(1))).toEqual([0, 10]);
    expect(a.contains(5, 5)).toBe(false);
    expect(a.contains(1, 5)).toBe(true);
    // Half-open: the west edge is in, the east edge is not; outside the rows, nothing.
    expect(a.contains(0, 5)).toBe(true);
    expect(a.contains(10, 5)).toBe(false);
    expect(a.rowIntervals(11)).toHaveLength(0);
    expect(a.extent).toEqual({ minX: 0, minY: 0, maxX: 10, maxY: 10 });
  });

  it('two overlapping squares are their union: 4 + 4 − 1 = 7 m² (even–odd per polygon, not across them)', () => {
    const a = planarArea([[square(0, 0, 2)], [square(1, 1, 2)]]);
    expect(Array.from(a.rowIntervals(1.5))).toEqual([0, 3]);
    expect(a.contains(1.5, 1.5)).toBe(true);
    expect(a.areaM2).toBeCloseTo(7, 12);
  });

  it("a triangle cut by a rectangle: the crossings' heights make the area exact", () => {
    // Triangle (0,0) (10,0) (0,10): area 50. Rectangle x in [2, 6], y in [0, 10].
    const tri = planarArea([[[[0, 0], [10, 0], [0, 10], [0, 0]]]]);
    const rect = planarArea([[[[2, 0], [6, 0], [6, 10], [2, 10], [2, 0]]]]);
    // In both: ∫₀⁴ 4 dy + ∫₄⁸ (8 − y) dy = 16 + 8 = 24; the triangle less the rectangle: 26.
    const both = combineAreas(tri, rect, 'and');
    const minus = combineAreas(tri, rect, 'minus');
    expect(both.areaM2).toBeCloseTo(24, 10);
    expect(minus.areaM2).toBeCloseTo(26, 10);
    expect(Array.from(both.ys)).toEqual([0, 4, 8, 10]);
    expect(Array.from(minus.rowIntervals(1))).toEqual([0, 2, 6, 9]);
    expect(both.contains(3, 3)).toBe(true);
    expect(both.contains(7, 1)).toBe(false);
    expect(minus.contains(7, 1)).toBe(true);
  });

  it('walks a row of centres against stretches, bounds included at the start and excluded at the end', () => {
    const kept: number[] = [];
    // Centres 0, 1, 2 … 9; stretches [2, 4) and [6.5, 20).
    forEachInside(Float64Array.from([2, 4, 6.5, 20]), 0, 1, 10, (k) => kept.push(k));
    expect(kept).toEqual([2, 3, 7, 8, 9]);
    const tenth: number[] = [];
    // 0.1 · 3 is 0.30000000000000004: a bound of 0.3 must still keep centre 3 out of [0, 0.3).
    forEachInside(Float64Array.from([0, 0.3]), 0, 0.1, 5, (k) => tenth.push(k));
    expect(tenth).toEqual([0, 1, 2]);
  });

  it('traces an outline for the map within a cell of the region', () => {
    const a = planarArea([[square(0, 0, 10), square(3, 3, 4).reverse()]]);
    const outline = areaOutline(a, 200);
    const traced = planarArea(outline.coordinates);
    // Marching squares cut the corners of a cell of 10/200 m: the area within the boundary's cells.
    expect(Math.abs(traced.areaM2 - 84)).toBeLessThan((40 + 16) * (10 / 200));
    expect(traced.contains(5, 5)).toBe(false);
    expect(traced.contains(1, 1)).toBe(true);
  });
});

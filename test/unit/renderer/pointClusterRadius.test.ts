/**
 * A cluster without an area is a circle sized by its incidents; the briefing lifts the label by
 * its radius, computed in TypeScript (pointClusterRadius) — checked against MapLibre's own
 * evaluation of the map's circle-radius expression, so the two can never drift apart.
 */
import { describe, expect, it } from 'vitest';
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import { POINT_CLUSTER_RADIUS } from '../../../renderer/map/resultLayers.ts';
import { pointClusterRadius } from '../../../shared/report/resultStyle.ts';

describe('the radius of a cluster drawn as a circle', () => {
  it('is what MapLibre evaluates for the map layer, from 1 to 40,000 incidents', () => {
    // The style spec's own definition of circle-radius, as the map's layer uses it.
    const spec = (latest as unknown as Record<string, Record<string, unknown>>).paint_circle['circle-radius'];
    const compiled = expression.createPropertyExpression(POINT_CLUSTER_RADIUS, 'circle-radius', spec as never);
    expect(compiled.result).toBe('success');
    const evaluate = (count: number) =>
      (compiled.value as { evaluate: (g: { zoom: number }, f: unknown) => number }).evaluate({ zoom: 10 }, { type: 'Point', properties: { count }, geometry: [] });
    for (const count of [1, 2, 30, 100, 240, 1204, 2500, 40_000]) expect(pointClusterRadius(count), `${count}`).toBeCloseTo(evaluate(count), 9);
    // The stops as documented: 1 → 5 px, 100 → 12 px, 2,500 → 28 px, clamped beyond.
    expect([1, 100, 2500, 40_000].map(pointClusterRadius)).toEqual([5, 12, 28, 28]);
  });
});

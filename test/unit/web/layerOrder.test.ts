import { describe, expect, it } from 'vitest';
import { arrangeLayers, moveLayer } from '../../../renderer/panels/layerOrder.ts';
import type { GeometryType } from '../../../shared/model/feature.ts';

const L = (id: number, geometryType: GeometryType) => ({ id, geometryType });

describe('layer panel order', () => {
  it('puts points over lines over polygons when layers first appear (the demo workspace order)', () => {
    // The demo stores incidents (1), roads (2), municipalities (3).
    expect(arrangeLayers([], [L(1, 'Point'), L(2, 'LineString'), L(3, 'MultiPolygon')])).toEqual([1, 2, 3]);
    expect(arrangeLayers([], [L(1, 'MultiPolygon'), L(2, 'Point'), L(3, 'Point')])).toEqual([3, 2, 1]);
  });

  it('keeps the analyst’s order and slots a new layer at the top of its geometry group', () => {
    let order = arrangeLayers([], [L(1, 'Point'), L(2, 'Polygon')]);
    order = moveLayer(order, 2, -1); // polygons above points, on purpose
    expect(order).toEqual([2, 1]);
    order = arrangeLayers(order, [L(1, 'Point'), L(2, 'Polygon'), L(3, 'Point'), L(4, 'Polygon')]);
    // 3 (a point layer) goes on top; 4 (polygons) just above the first polygon layer, 2.
    expect(order).toEqual([3, 4, 2, 1]);
    // Removed layers drop out, the rest keep their places.
    expect(arrangeLayers(order, [L(1, 'Point'), L(4, 'Polygon')])).toEqual([4, 1]);
  });

  it('moves within bounds only', () => {
    expect(moveLayer([1, 2, 3], 1, -1)).toEqual([1, 2, 3]);
    expect(moveLayer([1, 2, 3], 3, 1)).toEqual([1, 2, 3]);
    expect(moveLayer([1, 2, 3], 2, 1)).toEqual([1, 3, 2]);
    expect(moveLayer([1, 2, 3], 9, 1)).toEqual([1, 2, 3]);
  });
});

/**
 * The print dialog's request follows the map's attribute filter: the briefing counts the incidents
 * of its first point layer, so that layer's filter goes with it (and no other layer's).
 */
import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { briefingOptionsOf, initialForm } from '../../../renderer/print/printOptions.ts';

const layer = (id: number, geometryType: LayerInfo['geometryType']) => ({ id, geometryType, bbox: null }) as unknown as LayerInfo;
const LAYERS = [layer(3, 'MultiPolygon'), layer(1, 'Point'), layer(2, 'Point')];
const FILTERS = new Map([
  [1, 'municipio contains "rio"'],
  [3, 'nombre = "Mexicali"'],
]);

describe('the print request and the attribute filter', () => {
  it("takes the filter of the first point layer printed, and none when that layer has none", () => {
    const form = initialForm({}, [3, 1, 2], [], null, 'en');
    expect(briefingOptionsOf(form, { view: null, layers: LAYERS, timeWindow: null, filters: FILTERS }).where).toBe('municipio contains "rio"');
    const others = initialForm({}, [3, 2, 1], [], null, 'en');
    expect(briefingOptionsOf(others, { view: null, layers: LAYERS, timeWindow: null, filters: FILTERS }).where).toBeUndefined();
    expect(briefingOptionsOf(form, { view: null, layers: LAYERS, timeWindow: null }).where).toBeUndefined();
  });
});

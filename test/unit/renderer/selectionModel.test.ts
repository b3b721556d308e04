import { describe, expect, it } from 'vitest';
import { isSelected, selectOnly, selectRows, toggleSelected, type SelectedFeature } from '../../../renderer/map/selectionModel.ts';

const point = (id: number): SelectedFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [-115 + id / 100, 32.4] }, properties: { folio: `F-${id}` } });

describe('selection model', () => {
  it('a click selects one feature; Ctrl-click adds and removes, keeping the order of selection', () => {
    let s = selectOnly(1, 10, point(10));
    s = toggleSelected(s, 1, 12, point(12))!;
    s = toggleSelected(s, 1, 11, point(11))!;
    expect(s.ids).toEqual([10, 12, 11]);
    expect(s.anchor).toBe(11);
    expect([...s.features.keys()]).toEqual([10, 12, 11]);
    s = toggleSelected(s, 1, 12, point(12))!;
    expect(s.ids).toEqual([10, 11]);
    expect(s.features.has(12)).toBe(false);
    expect(isSelected(s, 1, 11)).toBe(true);
    expect(isSelected(s, 2, 11)).toBe(false);
    // Taking out the last one leaves no selection.
    expect(toggleSelected(toggleSelected(s, 1, 10, null), 1, 11, null)).toBeNull();
  });

  it('a Ctrl-click on another layer starts a selection there', () => {
    const s = toggleSelected(selectOnly(1, 10, point(10)), 2, 10, point(10))!;
    expect([s.layerId, s.ids]).toEqual([2, [10]]);
  });

  it('Shift-click rows replace the selection with the range and keep the anchor', () => {
    const s = selectRows(3, [point(7), point(4), point(9)], 7);
    expect(s).toMatchObject({ layerId: 3, ids: [7, 4, 9], anchor: 7 });
    // A feature the click did not bring (a viewport layer's map hit without geometry) is still selected.
    const t = toggleSelected(s, 3, 20, null)!;
    expect(t.ids).toEqual([7, 4, 9, 20]);
    expect(t.features.has(20)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { formatDistance, segmentLengths } from '../../../renderer/map/measure.ts';
import { featurePopupRows } from '../../../renderer/map/featurePopup.ts';
import { geometryBBox, unionBBox } from '../../../renderer/map/selection.ts';
import { reorderLayer } from '../../../renderer/panels/layerOrder.ts';

describe('measure', () => {
  it('gives each segment the great-circle length in metres', () => {
    // San Luis Río Colorado → Mexicali → Ciudad Guadalupe Victoria.
    const v: [number, number][] = [[-114.7717, 32.4561], [-115.4683, 32.6245], [-115.104, 32.293]];
    const s = segmentLengths(v);
    expect(s).toHaveLength(2);
    expect(s[0]).toBeCloseTo(distance(v[0], v[1], { units: 'meters' }), 6);
    expect(s[1]).toBeCloseTo(distance(v[1], v[2], { units: 'meters' }), 6);
    // One degree of latitude is ~111.2 km on turf's sphere.
    expect(segmentLengths([[0, 0], [0, 1]])[0]).toBeCloseTo(111_195, -1);
    expect(segmentLengths([[0, 0]])).toEqual([]);
  });

  it('writes metres under a kilometre, then kilometres', () => {
    expect(formatDistance(0)).toBe('0 m');
    expect(formatDistance(849.6)).toBe('850 m');
    expect(formatDistance(1000)).toBe('1.00 km');
    expect(formatDistance(67_891)).toBe('67.89 km');
    expect(formatDistance(1_234_567)).toBe('1,234.6 km');
  });
});

describe('reorderLayer', () => {
  it('puts the dragged layer at the drop index of the list without it', () => {
    expect(reorderLayer([1, 2, 3, 4], 1, 2)).toEqual([2, 3, 1, 4]);
    expect(reorderLayer([1, 2, 3, 4], 4, 0)).toEqual([4, 1, 2, 3]);
    expect(reorderLayer([1, 2, 3, 4], 2, 3)).toEqual([1, 3, 4, 2]);
    expect(reorderLayer([1, 2, 3, 4], 2, 99)).toEqual([1, 3, 4, 2]);
    const same = [1, 2, 3];
    expect(reorderLayer(same, 2, 1)).toBe(same);
    expect(reorderLayer(same, 9, 0)).toBe(same);
  });
});

describe('feature popup rows', () => {
  it('lists the fields in layer order, the analysis fields, and the source file with the record', () => {
    const rows = featurePopupRows(
      { fields: [{ name: 'folio', type: 'string' }, { name: 'cantidad', type: 'number' }, { name: 'anio', type: 'number' }, { name: 'id_sesnsp', type: 'number' }], sourceFile: 'incidentes.csv' },
      7,
      { cantidad: 12.5, folio: 'F-1', anio: 2023, id_sesnsp: 507573, extra: 'x', $sourceIndex: 41_234, $time: Date.UTC(2023, 6, 14, 22, 15), $timePrecision: 'instant', $category: 'seizure_cocaine', $quantity: 12.5, $unit: 'kg' },
    );
    expect(rows).toEqual([
      ['folio', 'F-1'],
      ['cantidad', '12.5'],
      // A year and an id as the source writes them, without thousands separators.
      ['anio', '2023'],
      ['id_sesnsp', '507573'],
      ['extra', 'x'],
      // An instant in the workspace's zone, named (UTC when none is given).
      ['time', '2023-07-14 22:15 (UTC)'],
      ['category', 'seizure_cocaine'],
      ['quantity', '12.5 kg'],
      ['feature id', '7'],
      ['source', 'incidentes.csv, record 41234 (source_index)'],
    ]);
  });

  it('shows a time window and the location precision; a date-only end as its own date, across a DST change', () => {
    // 2023-03-11 .. 2023-03-12 in Tijuana: the end is stored as 00:00 PDT on the 13th (07:00Z), the 12th lasting 23 hours.
    const props = { $time: Date.UTC(2023, 2, 11, 8), $timePrecision: 'date', $timeEnd: Date.UTC(2023, 2, 13, 7), $timeEndPrecision: 'date', $precision: '4' };
    expect(featurePopupRows({ fields: [], sourceFile: 'ucdp.csv' }, 3, props).slice(0, 3)).toEqual([
      ['time', '2023-03-11'],
      ['time_end', '2023-03-12'],
      ['precision', '4'],
    ]);
    const instant = featurePopupRows({ fields: [], sourceFile: 'x.csv' }, 3, { $time: Date.UTC(2023, 6, 14, 5), $timePrecision: 'instant', $timeEnd: Date.UTC(2023, 6, 14, 9, 30), $timeEndPrecision: 'instant' });
    expect(instant.slice(0, 2)).toEqual([['time', '2023-07-14 05:00 (UTC)'], ['time_end', '2023-07-14 09:30 (UTC)']]);
    // In Tijuana's zone: 05:00Z on 14 July is 22:00 PDT (UTC−7) the day before.
    const tijuana = featurePopupRows({ fields: [], sourceFile: 'x.csv' }, 3, { $time: Date.UTC(2023, 6, 14, 5), $timePrecision: 'instant' }, undefined, undefined, 'America/Tijuana');
    expect(tijuana[0]).toEqual(['time', '2023-07-13 22:00 (America/Tijuana)']);
  });

  it("gives a point's position in the read-out's format, then decimal degrees and MGRS, before the feature id", () => {
    // San Luis Río Colorado: UTM 11N 709 448.84 E 3 593 179.15 N (cs2cs), so MGRS 11S QR 09448 93179.
    const at = (format: 'UTM' | 'MGRS') => featurePopupRows({ fields: [], sourceFile: 'x.csv' }, 3, {}, { lon: -114.7717, lat: 32.4561, format }).slice(0, -2);
    expect(at('UTM')).toEqual([
      ['UTM', 'UTM 11N 709 449 E 3 593 179 N'],
      ['DD', '32.45610° N, 114.77170° W'],
      ['MGRS', '11S QR 09448 93179'],
    ]);
    expect(at('MGRS').map(([k]) => k)).toEqual(['MGRS', 'DD']);
  });
});

describe('selection boxes', () => {
  it('bounds any geometry and unions boxes', () => {
    expect(geometryBBox({ type: 'Point', coordinates: [-115, 32] })).toEqual([-115, 32, -115, 32]);
    expect(geometryBBox({ type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [2, 3], [0, 0]]], [[[-1, 5], [0, 5], [0, 6], [-1, 5]]]] })).toEqual([-1, 0, 2, 6]);
    expect(geometryBBox(null)).toBeNull();
    expect(unionBBox([[0, 0, 1, 1], null, [-2, 0.5, 0.5, 4]])).toEqual([-2, 0, 1, 4]);
  });
});

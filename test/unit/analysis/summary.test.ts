import { describe, expect, it } from 'vitest';
import { summarizePoints } from '../../../shared/analysis/summary.ts';
import type { PointColumns } from '../../../shared/model/points.ts';

function columns(rows: { cat?: string; q?: number; unit?: string; t?: number }[]): PointColumns {
  const categories = [...new Set(rows.flatMap((r) => (r.cat ? [r.cat] : [])))];
  const units = [...new Set(rows.flatMap((r) => (r.unit ? [r.unit] : [])))];
  const n = rows.length;
  return {
    count: n,
    ids: Float64Array.from(rows, (_, i) => i + 1),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    time: Float64Array.from(rows, (r) => r.t ?? NaN),
    timePrecision: Uint8Array.from(rows, (r) => (r.t === undefined ? 0 : 1)),
    category: Int32Array.from(rows, (r) => (r.cat ? categories.indexOf(r.cat) : -1)),
    categories,
    quantity: Float64Array.from(rows, (r) => r.q ?? NaN),
    unit: Int32Array.from(rows, (r) => (r.unit ? units.indexOf(r.unit) : -1)),
    units,
    sourceIndex: Float64Array.from(rows, (_, i) => i),
  };
}

describe('summarizePoints', () => {
  it('counts categories, sums quantities per unit (never across units) and finds the first and last time', () => {
    const s = summarizePoints(
      columns([
        { cat: 'homicide', t: 5000 },
        { cat: 'homicide', t: 1000 },
        { cat: 'seizure_cocaine', q: 0.1, unit: 'kg', t: 3000 },
        { cat: 'seizure_cocaine', q: 0.2, unit: 'kg' },
        { cat: 'seizure_marijuana', q: 12.5, unit: 'kg', t: 9000 },
        { cat: 'seizure_firearms', q: 3, unit: 'units', t: 2000 },
        { q: 7 },
        {},
      ]),
    );
    expect(s.count).toBe(8);
    expect(s.byCategory).toEqual([
      { category: 'homicide', count: 2 },
      { category: 'seizure_cocaine', count: 2 },
      { category: 'seizure_firearms', count: 1 },
      { category: 'seizure_marijuana', count: 1 },
    ]);
    expect(s.uncategorised).toBe(2);
    // 0.1 + 0.2 + 12.5 summed in floating point is 12.799999999999999.
    expect(s.quantityByUnit).toEqual([
      { unit: '', total: 7, records: 1 },
      { unit: 'kg', total: 12.8, records: 3 },
      { unit: 'units', total: 3, records: 1 },
    ]);
    expect(s.quantityByCategory).toEqual([
      { category: 'seizure_cocaine', unit: 'kg', total: 0.3, records: 2 },
      { category: 'seizure_firearms', unit: 'units', total: 3, records: 1 },
      { category: 'seizure_marijuana', unit: 'kg', total: 12.5, records: 1 },
      { category: '', unit: '', total: 7, records: 1 },
    ]);
    expect(s.firstTime).toBe(1000);
    expect(s.lastTime).toBe(9000);
    expect(s.untimed).toBe(3);
  });

  it('gives zeros and no times for an empty selection', () => {
    const s = summarizePoints(columns([]));
    expect(s).toEqual({
      count: 0, byCategory: [], uncategorised: 0, quantityByUnit: [], quantityByCategory: [], firstTime: null, lastTime: null, untimed: 0,
    });
  });
});

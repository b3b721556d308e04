/** What a click on a result feature shows, per result kind (GeoJSON sources return nested objects as JSON text). */
import { describe, expect, it } from 'vitest';
import { popupRows } from '../../../renderer/analysis/resultPopup.ts';

describe('result popup rows', () => {
  it('shows a DBSCAN cluster with its rank, count, area, period and top categories', () => {
    const rows = popupRows({
      cluster_id: 3,
      rank: 1,
      count: 682,
      area_km2: 12.3456,
      density_per_km2: 55.24,
      first_time: '2023-01-02T10:00:00.000Z',
      last_time: '2023-12-30T10:00:00.000Z',
      counts_by_category: JSON.stringify({ armed_confrontation: 100, homicide: 500 }),
    });
    expect(rows).toEqual([
      ['Cluster', '#1'],
      ['Incidents', '682'],
      ['Area', '12.35 km²'],
      ['Density', '55.2 per km²'],
      ['First', '2023-01-02'],
      ['Last', '2023-12-30'],
      ['  homicide', '500'],
      ['  armed_confrontation', '100'],
    ]);
  });

  it('says how many records sit at a cluster drawn as a point (a stacked geocode), or on how many spots of a line', () => {
    const stacked = { cluster_id: 0, rank: 2, count: 1204, locations: 1, area_km2: 0, density_per_km2: null };
    expect(popupRows(stacked).slice(0, 3)).toEqual([
      ['Cluster', '#2'],
      ['Incidents', '1,204'],
      ['At this point', 'all 1,204 incidents share one location'],
    ]);
    expect(popupRows({ ...stacked, count: 30, locations: 4 })[2]).toEqual(['Locations', '4, on one line']);
  });

  it('shows a Gi* cell with z, p and its confidence bin', () => {
    expect(popupRows({ cell_id: 4, gi_z: 3.1234, gi_p: 0.0004, gi_bin: 3, count: 12, value: 12 })).toEqual([
      ['Gi* z', '3.12'],
      ['p', '< 0.001'],
      ['Confidence', 'hot 99 %'],
      ['Incidents', '12'],
      ['Value', '12'],
    ]);
    expect(popupRows({ gi_z: -1.7, gi_p: 0.08, gi_bin: -1 })[2]).toEqual(['Confidence', 'cold 90 %']);
    expect(popupRows({ gi_z: 0.2, gi_p: 0.8, gi_bin: 0 })[2]).toEqual(['Confidence', 'not significant']);
  });

  it('shows corridors, emerging patterns and contours; nothing for unknown features', () => {
    expect(popupRows({ part: 'centerline', corridor_id: 'c1', lengthKm: 7.26, perKm: 11.04, count: 80, borderDistanceM: 1500 })).toEqual([
      ['Corridor', 'c1'],
      ['Length', '7.3 km'],
      ['Incidents per km', '11'],
      ['Incidents', '80'],
      ['To the border', '1.5 km'],
    ]);
    expect(popupRows({ pattern: 'new_hot', pattern_label: 'New hot spot', hot_steps: 1 })[0]).toEqual(['Pattern', 'New hot spot']);
    expect(popupRows({ contour_percent: 5, density_level: 0.64 })).toEqual([
      ['Contour', 'densest 5 % of cells'],
      ['Density ≥', '0.64 per km²'],
    ]);
    expect(popupRows({ foo: 1 })).toEqual([]);
  });
});

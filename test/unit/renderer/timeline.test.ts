/**
 * The time window: brush spans snapped to whole bins, counts in the window, the MapLibre filter
 * it puts on incident layers (evaluated by MapLibre's own expression engine), the API selection,
 * and how windows, parameters and selections read in the legend.
 */
import { describe, expect, it } from 'vitest';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { calendarBins } from '../../../shared/analysis/timeline.ts';
import type { TimelineBin } from '../../../shared/analysis/timeline.ts';
import { startOfLocalDay } from '../../../shared/time/zone.ts';
import {
  binsInWindow,
  countInWindow,
  formatWindow,
  snapToBins,
  timeFilter,
  windowToSelection,
} from '../../../renderer/timeline/timeWindow.ts';
import { describeParams, describeSelection } from '../../../renderer/analysis/describeParams.ts';
import { heatColor } from '../../../renderer/timeline/DayHourTable.tsx';
import { formatPercent, formatRateRatio, pOnly, zoneLabelsOf } from '../../../renderer/compare/ComparePanel.tsx';
import { plainOptions } from '../../../renderer/analysis/errors.ts';

const TZ = 'America/Tijuana';
const DAY = 86_400_000;

/** Ten daily bins from 2023-07-14 (local days), totals 1..10. */
function dayBins(): TimelineBin[] {
  const start = startOfLocalDay('2023-07-14', TZ);
  return Array.from({ length: 10 }, (_, i) => ({
    start: start + i * DAY,
    end: start + (i + 1) * DAY,
    label: '',
    total: i + 1,
    byCategory: {},
    uncategorized: 0,
  }));
}

describe('time window', () => {
  it('snaps a brushed span to the bins it covers by more than half', () => {
    const bins = dayBins();
    const w = snapToBins(bins, bins[2].start + 0.4 * DAY, bins[5].start + 0.7 * DAY)!;
    expect(w).toEqual({ from: bins[2].start, to: bins[5].end });
    expect(countInWindow(bins, w)).toBe(3 + 4 + 5 + 6);
    expect(binsInWindow(bins, w)).toHaveLength(4);
    // Reversed spans and a sliver inside one bin.
    expect(snapToBins(bins, bins[5].start + 0.7 * DAY, bins[2].start + 0.4 * DAY)).toEqual(w);
    expect(snapToBins(bins, bins[7].start + 0.1 * DAY, bins[7].start + 0.2 * DAY)).toEqual({ from: bins[7].start, to: bins[7].end });
    expect(snapToBins([], 0, 1)).toBeNull();
    expect(countInWindow(bins, null)).toBe(55);
  });

  it('snaps and reads right on real calendar bins across the spring DST change (a 23-hour day)', () => {
    const { edges, labels } = calendarBins(startOfLocalDay('2023-03-10', TZ), startOfLocalDay('2023-03-15', TZ), 'day', TZ);
    const bins: TimelineBin[] = labels.map((label, k) => ({ start: edges[k], end: edges[k + 1], label, total: 1, byCategory: {}, uncategorized: 0 }));
    const dst = bins.findIndex((b) => b.label === '2023-03-12');
    expect(bins[dst].end - bins[dst].start).toBe(23 * 3_600_000);
    // A brush over most of the short day and the next takes exactly those two days.
    const w = snapToBins(bins, bins[dst].start + 3_600_000, bins[dst + 1].end - 3_600_000)!;
    expect(formatWindow(w, TZ)).toBe('2023-03-12 – 2023-03-13');
    expect(countInWindow(bins, w)).toBe(2);
  });

  it('reads as local days and goes to the API as instants (to exclusive)', () => {
    const bins = dayBins();
    const w = { from: bins[0].start, to: bins[8].end };
    expect(formatWindow(w, TZ)).toBe('2023-07-14 – 2023-07-22');
    expect(formatWindow({ from: bins[3].start, to: bins[3].end }, TZ)).toBe('2023-07-17');
    expect(windowToSelection(w)).toEqual({ from: '2023-07-14T07:00:00.000Z', to: '2023-07-23T07:00:00.000Z' });
    expect(windowToSelection(null)).toEqual({});
    // In Spanish the days are named as Intl's es-MX names them (a day first, the month in words).
    const es = (y: number, m: number, d: number) =>
      new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
    expect(formatWindow(w, TZ, 'es')).toBe(`${es(2023, 7, 14)} – ${es(2023, 7, 22)}`);
    expect(formatWindow(w, TZ, 'es')).toBe('14 jul 2023 – 22 jul 2023');
    expect(formatWindow({ from: bins[3].start, to: bins[3].end }, TZ, 'es')).toBe(es(2023, 7, 17));
  });

  it('filters incident points by $time in MapLibre’s own expression engine', () => {
    const w = { from: 1000, to: 2000 };
    const f = featureFilter(timeFilter(w), 'layers[0].filter');
    const evaluate = (time: unknown, type: 1 | 3 = 1) =>
      f.filter({ zoom: 10 }, { type, properties: { $time: time } } as never);
    expect(evaluate(1000)).toBe(true);
    expect(evaluate(1999)).toBe(true);
    expect(evaluate(2000)).toBe(false);
    expect(evaluate(999)).toBe(false);
    expect(evaluate(null)).toBe(false);
    expect(evaluate(1500, 3)).toBe(false); // a polygon
    const all = featureFilter(timeFilter(null), 'layers[0].filter');
    expect(all.filter({ zoom: 1 }, { type: 1, properties: {} } as never)).toBe(true);
  });
});

describe('legend text', () => {
  it('lists the parameters a run was made with, units included', () => {
    expect(describeParams({ kind: 'dbscan', layer: 1, eps: 800, minPoints: 8, hull: 'convex', projection: 'EPSG:32611' })).toEqual([
      'eps 800 m',
      'min points 8',
      'hull convex',
    ]);
    expect(describeParams({ bandwidth: 1234.56, cellSize: 50, contours: [1, 5, 10] })).toEqual([
      'bandwidth 1,234.6 m',
      'cell 50 m',
      'contours 1/5/10 %',
    ]);
    expect(describeParams({ fdr: true, grid: 'hex' })).toEqual(['grid hex', 'FDR on']);
  });

  it('states the selection: window as local days, categories, area', () => {
    expect(describeSelection({}, TZ)).toBe('all times · all categories');
    expect(
      describeSelection(
        { selection: { from: '2023-07-14T07:00:00.000Z', to: '2023-07-23T07:00:00.000Z', categories: ['homicide'], within: 'municipalities' } },
        TZ,
      ),
    ).toBe('2023-07-14 – 2023-07-22 · homicide · within municipalities');
    expect(describeSelection({ selection: { from: '2023-07-14', to: '2023-07-21' } }, TZ)).toBe('2023-07-14 – 2023-07-21 · all categories');
    expect(describeSelection({ selection: { where: 'tipo = "Homicidio doloso" and cantidad >= 2' } }, TZ)).toBe(
      'all times · all categories · filter: tipo = "Homicidio doloso" and cantidad >= 2',
    );
  });
});

describe('compare and day × hour formatting', () => {
  it('formats the rate ratio with its interval and the change', () => {
    expect(formatRateRatio({ rateRatio: 0.46153846, rateRatioCI95: [0.14385, 1.3015] })).toBe('0.46 (95 % CI 0.14 – 1.30)');
    expect(formatRateRatio({ rateRatio: null, rateRatioCI95: [null, null] })).toBe('–');
    expect(formatRateRatio({ rateRatio: 2, rateRatioCI95: [1.1, null] })).toBe('2.00 (95 % CI 1.10 – ∞)');
    expect(formatPercent(-53.85)).toBe('−54 %');
    expect(formatPercent(12.4)).toBe('+12 %');
    expect(formatPercent(null)).toBe('–');
  });

  it('shades the heat table from white to dark red', () => {
    expect(heatColor(0, 10)).toBe('#ffffff');
    expect(heatColor(10, 10)).toBe('rgb(165,15,21)');
    expect(heatColor(5, 0)).toBe('#ffffff');
  });
});

describe('error text', () => {
  it('reads command-line option names as field names', () => {
    expect(plainOptions('DBSCAN with --min-points 100000 needs at least that many incidents')).toBe(
      'DBSCAN with min points 100000 needs at least that many incidents',
    );
    expect(plainOptions('--snap, --lixel and --bandwidth apply to network corridors (give --network LINE_LAYER)')).toBe(
      'snap, lixel and bandwidth apply to network corridors (give network LINE_LAYER)',
    );
    expect(plainOptions('a range 2023-07-14..2023-07-21 stays')).toBe('a range 2023-07-14..2023-07-21 stays');
  });
});

describe('compare zones', () => {
  it('names DBSCAN zones by the rank the map labels show, Gi* zones by cell', () => {
    const fc = (props: Record<string, unknown>[]) => ({
      type: 'FeatureCollection' as const,
      features: props.map((p) => ({ type: 'Feature' as const, geometry: null, properties: p })),
    });
    const d = zoneLabelsOf({ kind: 'dbscan', geojson: fc([{ cluster_id: 0, rank: 2, count: 40 }, { cluster_id: 1, rank: 1, count: 90 }]) });
    expect(d.get('0')).toBe('#2 (40)');
    expect(d.get('1')).toBe('#1 (90)');
    expect(zoneLabelsOf({ kind: 'gistar', geojson: fc([{ cell_id: 17, gi_bin: 3 }]) }).get('17')).toBe('cell 17');
    expect(pOnly(0.16707)).toBe('0.17');
    expect(pOnly(0.0004)).toBe('< 0.001');
    expect(pOnly(0.0049)).toBe('0.005');
  });
});

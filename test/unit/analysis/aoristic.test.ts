/**
 * Aoristic weights on hand-made windows: a record's weight 1 spread over the bins its window
 * covers by time, so totals are the record count. Checked against hand computations (the issue's
 * 2017-01-30..2017-02-02 record: half January, half February; the 23- and 25-hour days of
 * Tijuana's DST changes) and against a brute-force oracle that asks Intl, minute by minute,
 * which local weekday and hour each minute of a window falls in.
 */
import { describe, expect, it } from 'vitest';
import { spreadOverBins, widerSentence, windowEnds, windowLength, windowWidth, WiderCounter } from '../../../shared/analysis/aoristic.ts';
import { binIndexOf, calendarBins, dayHourAoristic, dayHourMatrix, timelineCounts } from '../../../shared/analysis/timeline.ts';
import { parseTime, parseTimeEnd } from '../../../shared/import/time.ts';
import { buildCube } from '../../../shared/analysis/emerging.ts';

const TZ = 'America/Tijuana';
const HOUR = 3_600_000;
const MIN = 60_000;

function start(value: string, tz = TZ): number {
  const r = parseTime(value, { timezone: tz });
  if ('error' in r) throw new Error(r.error);
  return r.time;
}
function end(value: string, tz = TZ): number {
  const r = parseTimeEnd(value, { timezone: tz });
  if ('error' in r) throw new Error(r.error);
  return r.time;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The oracle: Intl itself, one call per minute of a window, independent of shared/time/zone.ts.
const oracle = new Map<string, Intl.DateTimeFormat>();
function intlCell(ms: number, tz: string): [number, number] {
  let f = oracle.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    oracle.set(tz, f);
  }
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) o[p.type] = p.value;
  return [['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(o.weekday), Number(o.hour)];
}

const cells = (m: number[][]) => m.flatMap((row, d) => row.flatMap((v, h) => (v ? [[d, h, v]] : [])));

describe('aoristic weights over calendar bins', () => {
  it('the issue\'s record: 2017-01-30..2017-02-02 (date-only) puts 0.5 in January and 0.5 in February', () => {
    const t = timelineCounts([start('2017-01-30')], [0], ['homicide'], { bin: 'month', tz: TZ, ends: [end('2017-02-02')] });
    expect(t.bins.map((b) => [b.label, b.total, b.byCategory.homicide])).toEqual([
      ['2017-01', 0.5, 0.5],
      ['2017-02', 0.5, 0.5],
    ]);
    expect(t.outside).toBe(0);
    // Four days, wider than no month: nothing to name.
    expect(t.wider).toEqual({ count: 0, byWidth: {} });
  });

  it('shares by time across Tijuana\'s DST changes: the 23-hour 12 March and the 25-hour 5 November 2023', () => {
    const spring = timelineCounts([start('2023-03-11')], [0], ['x'], { bin: 'day', tz: TZ, ends: [end('2023-03-13')] });
    expect(spring.bins.map((b) => b.label)).toEqual(['2023-03-11', '2023-03-12', '2023-03-13']);
    const springShares = spring.bins.map((b) => b.total);
    [24 / 71, 23 / 71, 24 / 71].forEach((w, k) => expect(springShares[k]).toBeCloseTo(w, 12));
    const fall = timelineCounts([start('2023-11-04')], [0], ['x'], { bin: 'day', tz: TZ, ends: [end('2023-11-05')] });
    const fallShares = fall.bins.map((b) => b.total);
    [24 / 49, 25 / 49].forEach((w, k) => expect(fallShares[k]).toBeCloseTo(w, 12));
    // Both are wider than a day bin: two windows known only to a few days.
    expect(spring.wider).toEqual({ count: 1, byWidth: { days: 1 } });
  });

  it('a window of no length is an instant: its whole weight in its bin, as without windows', () => {
    const times = [start('2023-07-14 10:00'), start('2023-07-21 23:59'), start('2023-07-22 00:00')];
    const plain = timelineCounts(times, [0, 1, 0], ['a', 'b'], { bin: 'week', tz: TZ });
    const aoristic = timelineCounts(times, [0, 1, 0], ['a', 'b'], { bin: 'week', tz: TZ, ends: times });
    expect(aoristic.bins).toEqual(plain.bins);
    expect(aoristic.outside).toBe(0);
  });

  it('keeps the total: every record\'s weight lands in a bin or in `outside`, whatever the windows and the bins', () => {
    const r = rng(17);
    const n = 3_000;
    const t0 = start('2022-10-01');
    const times = new Float64Array(n);
    const ends = new Float64Array(n);
    const cats = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = t0 + Math.floor(r() * 400) * 86_400_000 + Math.floor(r() * 86_400) * 1000;
      // Instants, hours, days, months and a year or two.
      const spans = [0, 5 * HOUR, 3 * 86_400_000, 40 * 86_400_000, 500 * 86_400_000];
      ends[i] = times[i] + spans[i % 5] * r();
      cats[i] = i % 3 === 2 ? -1 : i % 3;
    }
    for (const bin of ['day', 'week', 'month'] as const) {
      const whole = timelineCounts(times, cats, ['a', 'b'], { bin, tz: TZ, ends });
      const sum = whole.bins.reduce((a, b) => a + b.total, 0);
      expect(Math.abs(sum + whole.outside - n), bin).toBeLessThan(1e-9);
      expect(whole.outside, bin).toBe(0);
      const cut = timelineCounts(times, cats, ['a', 'b'], { bin, tz: TZ, ends, from: start('2023-01-01'), to: start('2023-07-01') });
      const inside = cut.bins.reduce((a, b) => a + b.total, 0);
      const byParts = cut.bins.reduce((a, b) => a + b.byCategory.a + b.byCategory.b + b.uncategorized, 0);
      expect(Math.abs(inside + cut.outside - n), bin).toBeLessThan(1e-9);
      expect(Math.abs(byParts - inside), bin).toBeLessThan(1e-9);
      // The part of each window inside the half year, summed directly.
      const lo = start('2023-01-01');
      const hi = start('2023-07-01');
      let direct = 0;
      for (let i = 0; i < n; i++) {
        const len = ends[i] - times[i];
        direct += len > 0 ? Math.max(0, Math.min(ends[i], hi) - Math.max(times[i], lo)) / len : times[i] >= lo && times[i] < hi ? 1 : 0;
      }
      expect(Math.abs(inside - direct), bin).toBeLessThan(1e-9);
      // The weekday × hour table of the same time window holds the same shares.
      if (bin === 'day') {
        const table = dayHourAoristic(times, ends, TZ, { from: lo, to: hi });
        expect(Math.abs(table.counts.flat().reduce((a, b) => a + b, 0) - direct)).toBeLessThan(1e-9);
      }
    }
  });

  it('spreadOverBins clips to [lo, hi) and says how much fell outside', () => {
    const edges = [0, 10, 20, 30];
    const got: [number, number][] = [];
    const out = spreadOverBins(edges, 0, -10, 25, 5, 30, (k, w) => got.push([k, w]));
    expect(got).toEqual([[0, 5 / 35], [1, 10 / 35], [2, 5 / 35]]);
    expect(out).toBeCloseTo(15 / 35, 15);
    expect(spreadOverBins(edges, binIndexOf(Float64Array.from(edges), 40), 40, 40, 0, 30, () => {})).toBe(1);
  });
});

describe('aoristic weekday × hour', () => {
  it('spreads a window over the local hours it covers, the skipped and the repeated hour of DST included', () => {
    // Sunday 12 March 2023: 02:00 does not exist; 00:00–04:00 local is three real hours.
    const spring = dayHourAoristic([start('2023-03-12 00:00')], [start('2023-03-12 04:00')], TZ);
    expect(cells(spring.counts)).toEqual([[6, 0, 1 / 3], [6, 1, 1 / 3], [6, 3, 1 / 3]]);
    // Sunday 5 November 2023: 01:00 happens twice; 00:00–03:00 local is four real hours.
    const fall = dayHourAoristic([start('2023-11-05 00:00')], [start('2023-11-05 03:00')], TZ);
    expect(cells(fall.counts)).toEqual([[6, 0, 1 / 4], [6, 1, 2 / 4], [6, 2, 1 / 4]]);
  });

  it('a date-only record without an end is its whole day: 1/24 in each of its hours, nothing "unknown"', () => {
    const day = start('2023-07-14'); // a Friday
    const ends = windowEnds([day], [2], undefined, TZ);
    expect(ends[0]).toBe(end('2023-07-14'));
    const m = dayHourAoristic([day], ends, TZ);
    expect(m.counts[4].every((v) => Math.abs(v - 1 / 24) < 1e-15)).toBe(true);
    expect(m.unknownHour).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(m.total).toBe(1);
  });

  it('instants count whole in their hour, as the plain table counts records with a clock time', () => {
    const r = rng(3);
    const times = Float64Array.from({ length: 500 }, () => start('2023-01-01') + Math.floor(r() * 365 * 86_400) * 1000);
    const plain = dayHourMatrix(times, new Uint8Array(500).fill(1), TZ);
    expect(dayHourAoristic(times, times, TZ).counts).toEqual(plain.counts);
  });

  it('equals Intl minute by minute for random windows around both DST changes, in Tijuana and in a zone without DST', () => {
    const r = rng(11);
    for (const tz of [TZ, 'America/Hermosillo']) {
      for (const around of ['2023-03-12', '2023-11-05']) {
        const centre = start(`${around} 02:00`, tz);
        const n = 40;
        const times = new Float64Array(n);
        const ends = new Float64Array(n);
        const want = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
        for (let i = 0; i < n; i++) {
          // Minute-aligned windows from minutes to ten days, starting up to four days before the change.
          times[i] = centre - Math.floor(r() * 4 * 1440) * MIN;
          const minutes = 1 + Math.floor(r() * (i % 2 ? 600 : 14_400));
          ends[i] = times[i] + minutes * MIN;
          for (let m = 0; m < minutes; m++) {
            const [d, h] = intlCell(times[i] + m * MIN, tz);
            want[d][h] += 1 / minutes;
          }
        }
        const got = dayHourAoristic(times, ends, tz).counts;
        for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) expect(Math.abs(got[d][h] - want[d][h]), `${tz} ${around} ${d} ${h}`).toBeLessThan(1e-9);
        const total = got.flat().reduce((a, b) => a + b, 0);
        expect(Math.abs(total - n)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('windows and their widths', () => {
  it('counts a window only when the end is later than the time\'s own instant or day', () => {
    const day = start('2017-01-30');
    expect(windowLength(day, end('2017-01-30'), true, true)).toBe(0);
    expect(windowLength(day, end('2017-02-02'), true, true)).toBe(4 * 86_400_000);
    expect(windowLength(day + HOUR, day + HOUR, false, false)).toBe(0);
    expect(windowLength(day + HOUR, day + 2 * HOUR, false, false)).toBe(HOUR);
  });

  it('names the records wider than a bin by how precisely they are known', () => {
    const day = 86_400_000;
    expect([3 * day, 7 * day + HOUR, 30 * day, 31 * day, 366 * day, 400 * day].map(windowWidth)).toEqual(['days', 'week', 'month', 'month', 'year', 'longer']);
    const w = new WiderCounter();
    for (let i = 0; i < 41; i++) w.add(31 * day);
    for (let i = 0; i < 12; i++) w.add(365 * day);
    expect(w.result()).toEqual({ count: 53, byWidth: { month: 41, year: 12 } });
    expect(widerSentence(w.result())).toBe('41 records known only to the month, 12 to the year');
    expect(widerSentence({ count: 1, byWidth: { week: 1 } })).toBe('1 record known only to the week');
  });

  it('month bins name a record known only to its month as no wider than the bin', () => {
    const times = [start('2017-02-01'), start('2017-01-01'), start('2017-01-15')];
    const ends = [end('2017-02-28'), end('2017-12-31'), end('2017-02-14')];
    const t = timelineCounts(times, [0, 0, 0], ['x'], { bin: 'month', tz: TZ, ends });
    // The year is wider than January; mid-January to mid-February straddles two months but is no wider than January.
    expect(t.wider).toEqual({ count: 1, byWidth: { year: 1 } });
    expect(t.bins[0].total).toBeCloseTo(31 / 365 + 17 / 31, 12);
    const edges = calendarBins(start('2017-01-01'), end('2017-12-31'), 'month', TZ).edges;
    expect(edges.length).toBe(13);
  });
});

describe('aoristic steps of emerging hot spots', () => {
  it('spreads each point over the weekly steps of its window in its cell; the cube holds one per point', () => {
    // Two cells 10 km apart, weekly steps from Monday 2023-01-02 (local). In cell A: a window of
    // Saturday 7 … Monday 16 (date-only, 10 days: 2 in week 1, 7 in week 2, 1 in week 3) and an
    // instant; in cell B: a date-only day (whole in week 2) and a window across the DST change
    // (date-only Tuesday 7 … Monday 20 March: 14 local days, Sunday 12 March of 23 h, over weeks 10–12).
    const x = [0, 0, 10_000, 10_000];
    const y = [0, 0, 0, 0];
    const t = [start('2023-01-07'), start('2023-01-04 10:00'), start('2023-01-11'), start('2023-03-07')];
    const e = [end('2023-01-16'), start('2023-01-04 10:00'), NaN, end('2023-03-20')];
    const ends = windowEnds(t, [2, 1, 2, 2], e, TZ);
    const cube = buildCube(x, y, t, { cellSize: 1000, shape: 'square', step: 'week', tz: TZ, ends, from: start('2023-01-02'), to: start('2023-03-27') });
    expect(cube.stepLabels[0]).toBe('2023-W01');
    expect(cube.cells).toBe(2);
    const a = cube.pointCell[0];
    const b = cube.pointCell[2];
    const v = (step: number, cell: number) => cube.values[step * cube.cells + cell];
    const len0 = ends[0] - t[0];
    expect(len0).toBe(10 * 24 * HOUR);
    expect(v(0, a)).toBeCloseTo(2 / 10 + 1, 12); // the instant is whole in week 1
    expect(v(1, a)).toBeCloseTo(7 / 10, 12);
    expect(v(2, a)).toBeCloseTo(1 / 10, 12);
    expect(v(1, b)).toBe(1);
    const len3 = ends[3] - t[3];
    expect(len3).toBe(14 * 24 * HOUR - HOUR);
    // Week 10 (6–12 March, 23-hour Sunday 12 March): Tuesday 7 … Sunday 12 = 5 × 24 + 23 hours.
    expect(v(9, b)).toBeCloseTo((5 * 24 + 23) / (14 * 24 - 1), 12);
    expect(v(10, b)).toBeCloseTo((7 * 24) / (14 * 24 - 1), 12);
    expect(v(11, b)).toBeCloseTo(24 / (14 * 24 - 1), 12);
    expect(cube.values.reduce((s, w) => s + w, 0)).toBeCloseTo(4, 12);
    // Wider than the step they start in: the two windows of 10 and 14 days.
    expect(cube.wider?.count).toBe(2);
  });
});


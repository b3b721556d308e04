import { describe, expect, it } from 'vitest';
import { dayHourMatrix, timelineCounts } from '../../../shared/analysis/timeline.ts';

// Seeded generator so failures reproduce (mulberry32).
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

// The oracle: Intl directly, independent of shared/time/zone.ts.
const oracles = new Map<string, Intl.DateTimeFormat>();
function intlParts(ms: number, tz: string) {
  const f =
    oracles.get(tz) ??
    new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
      weekday: 'short',
    });
  oracles.set(tz, f);
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) o[p.type] = p.value;
  return {
    date: `${o.year}-${o.month}-${o.day}`,
    hour: Number(o.hour),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(o.weekday),
  };
}

// ISO week by the usual "shift to the Thursday" recipe.
function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  const dayNum = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dayNum);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const NAMES = ['homicide', 'armed_confrontation', 'seizure_fentanyl'];

function dataset(seed: number, n: number) {
  const r = rng(seed);
  const lo = Date.parse('2022-10-01T00:00:00Z');
  const hi = Date.parse('2024-04-15T00:00:00Z');
  const times: number[] = [];
  const cats: number[] = [];
  for (let i = 0; i < n; i++) {
    times.push(Math.floor(lo + r() * (hi - lo)));
    cats.push(r() < 0.05 ? -1 : Math.floor(r() * NAMES.length));
  }
  // Edges where a wrong offset shows: local midnights around the DST changes and the repeated hour.
  for (const s of [
    '2023-03-12T00:00:00-08:00',
    '2023-03-11T23:59:59.999-08:00',
    '2023-03-12T03:00:00-07:00',
    '2023-03-12T23:59:59.999-07:00',
    '2023-11-05T00:00:00-07:00',
    '2023-11-05T01:30:00-07:00',
    '2023-11-05T01:30:00-08:00',
    '2023-11-05T23:59:59.999-08:00',
    '2024-01-01T00:00:00-08:00',
    '2023-12-31T23:59:59.999-08:00',
  ]) {
    times.push(Date.parse(s));
    cats.push(0);
  }
  times.push(NaN, NaN);
  cats.push(1, 2);
  return { times, cats };
}

function expectedCounts(times: number[], cats: number[], tz: string, key: (date: string) => string) {
  const m = new Map<string, { total: number; by: number[] }>();
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i])) continue;
    const k = key(intlParts(times[i], tz).date);
    let e = m.get(k);
    if (!e) m.set(k, (e = { total: 0, by: NAMES.map(() => 0) }));
    e.total++;
    if (cats[i] >= 0) e.by[cats[i]]++;
  }
  return m;
}

describe('timelineCounts', () => {
  const tz = 'America/Tijuana';
  const { times, cats } = dataset(20230722, 6000);

  for (const [bin, key] of [
    ['day', (d: string) => d],
    ['week', isoWeek],
    ['month', (d: string) => d.slice(0, 7)],
  ] as const) {
    it(`${bin} bins equal a direct count through Intl`, () => {
      const tl = timelineCounts(times, cats, NAMES, { bin, tz });
      const want = expectedCounts(times, cats, tz, key);
      expect(tl.undated).toBe(2);
      expect(tl.outside).toBe(0);
      let sum = 0;
      for (const b of tl.bins) {
        const e = want.get(b.label) ?? { total: 0, by: NAMES.map(() => 0) };
        expect(b.total, b.label).toBe(e.total);
        expect(NAMES.map((n) => b.byCategory[n]), b.label).toEqual(e.by);
        sum += b.total;
      }
      expect(sum).toBe(times.length - 2);
      // every label with records is present, once, in order
      const labels = tl.bins.map((b) => b.label);
      expect(new Set(labels).size).toBe(labels.length);
      for (const k of want.keys()) expect(labels).toContain(k);
      expect([...labels].sort()).toEqual(labels);
    });
  }

  it('day bins start at local midnight and DST days are 23 and 25 hours long', () => {
    const tl = timelineCounts(times, cats, NAMES, { bin: 'day', tz });
    for (const b of tl.bins) {
      const p = intlParts(b.start, tz);
      expect(p.date).toBe(b.label);
      expect(p.hour).toBe(0);
      expect(intlParts(b.start - 1, tz).date < b.label).toBe(true);
    }
    const len = (label: string) => {
      const b = tl.bins.find((x) => x.label === label)!;
      return (b.end - b.start) / 3_600_000;
    };
    expect(len('2023-03-12')).toBe(23);
    expect(len('2023-11-05')).toBe(25);
    expect(len('2023-07-22')).toBe(24);
  });

  it('ISO weeks: 2023-01-01 (a Sunday) is in 2022-W52, 2024-01-01 (a Monday) starts 2024-W01', () => {
    const tl = timelineCounts(
      [Date.parse('2023-01-01T12:00:00-08:00'), Date.parse('2024-01-01T00:00:00-08:00')],
      [0, 0],
      NAMES,
      { bin: 'week', tz },
    );
    expect(tl.bins[0].label).toBe('2022-W52');
    expect(intlParts(tl.bins[0].start, tz)).toMatchObject({ date: '2022-12-26', hour: 0, weekday: 0 });
    expect(tl.bins.at(-1)!.label).toBe('2024-W01');
    expect(tl.bins.length).toBe(54); // 2022-W52, 52 weeks of 2023, 2024-W01
  });

  it('from/to clip the range and keep empty bins', () => {
    const from = Date.parse('2023-07-14T00:00:00-07:00');
    const to = Date.parse('2023-07-30T00:00:00-07:00');
    const tl = timelineCounts(times, cats, NAMES, { bin: 'day', tz, from, to });
    expect(tl.bins.map((b) => b.label)).toEqual(
      Array.from({ length: 16 }, (_, i) => `2023-07-${String(14 + i).padStart(2, '0')}`),
    );
    const inside = times.filter((t) => t >= from && t < to).length;
    expect(tl.bins.reduce((s, b) => s + b.total, 0)).toBe(inside);
    expect(tl.outside).toBe(times.length - 2 - inside);
  });

  it('empty input gives no bins, and bad options are user errors', () => {
    expect(timelineCounts([], [], NAMES, { bin: 'month', tz }).bins).toEqual([]);
    expect(() => timelineCounts([0], [0], NAMES, { bin: 'year' as 'day', tz })).toThrow(/unknown time bin/);
    expect(() => timelineCounts([0], [0], NAMES, { bin: 'day', tz: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() =>
      timelineCounts([Date.parse('1700-01-01'), Date.parse('2024-01-01')], [0, 0], NAMES, { bin: 'day', tz }),
    ).toThrow(/coarser bin/);
  });
});

describe('dayHourMatrix', () => {
  for (const tz of ['America/Tijuana', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
    it(`weekday × hour counts equal Intl's in ${tz}; date-only records go to the unknown-hour row`, () => {
      const { times } = dataset(7, 5000);
      const r = rng(99);
      const precision = times.map(() => (r() < 0.2 ? 0 : 1));
      const m = dayHourMatrix(times, precision, tz);
      const counts = Array.from({ length: 7 }, () => new Array(24).fill(0));
      const unknown = new Array(7).fill(0);
      for (let i = 0; i < times.length; i++) {
        if (!Number.isFinite(times[i])) continue;
        const p = intlParts(times[i], tz);
        if (precision[i] === 0) unknown[p.weekday]++;
        else counts[p.weekday][p.hour]++;
      }
      expect(m.counts).toEqual(counts);
      expect(m.unknownHour).toEqual(unknown);
      expect(m.undated).toBe(2);
      expect(m.total).toBe(times.length - 2);
    });
  }

  it('a date-only record at local midnight is never counted at hour 0', () => {
    const t = Date.parse('2023-07-22T00:00:00-07:00'); // a Saturday
    const m = dayHourMatrix([t, t], [0, 1], 'America/Tijuana');
    expect(m.unknownHour).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(m.counts[5][0]).toBe(1);
    expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(1);
  });
});
